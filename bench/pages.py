"""Anonymous page load against gunicorn (2 workers, production settings) with wrk.

Seeds COUNT resources into a fresh database, then loads a resource page (rotating through all
of them) and the directory listing at two concurrency levels. Prints median, p95, p99,
requests/s and each worker's peak memory. Needs DATABASE_URL and REDIS_URL (bench/run.sh sets
up both on loopback) and Debian's wrk.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8931


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "benchmark-only-secret-long-enough-for-production-settings-0123456789",
    "FIELD_ENCRYPTION_KEY": "8PqJ3c1l2ZQd0ZyB2xQmY3o4n5VtW6aXe7fGh8iJk9A",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_COOKIES": "false",
    # Plain HTTP on loopback, as behind a proxy that terminates TLS and redirects itself
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
}


def run(*args, **env):
    subprocess.run([PYTHON, *args], cwd=ROOT, check=True, env={**os.environ, **env})


def prepare(count):
    print(f"Preparing a database with {count} resources…", flush=True)
    run("manage.py", "migrate", "--noinput", "-v0")
    run("bench/seed.py", str(count))
    run("manage.py", "collectstatic", "--noinput", "-v0", **PRODUCTION)


def resource_paths(limit):
    code = (
        "from resources.models import ResourcePage;"
        f"print('\\n'.join(p.url for p in ResourcePage.objects.live()[:{limit}]))"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return [line for line in out.splitlines() if line.startswith("/")]


def start_gunicorn(workers=2, **extra_env):
    env = {**os.environ, **PRODUCTION, **extra_env}
    gunicorn = str(Path(PYTHON).with_name("gunicorn"))
    command = [
        gunicorn,
        "portal.wsgi",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{PORT}",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=2)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def worker_pids(server):
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def peak_rss_mb(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def cpu_ticks():
    """The machine's CPU time so far (all cores, /proc/stat), for `stolen_share`."""
    return [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]


def stolen_share(before, after):
    """Share of the machine's CPU time the hypervisor gave to other guests between two `cpu_ticks()`:
    on a shared virtual machine the same work took 4.9 to 7.0 s with 0.1 to 3 s stolen, so each row
    of a benchmark says how much it lost."""
    spent = [b - a for a, b in zip(before, after, strict=True)]
    return spent[7] / max(1, sum(spent[:8]))


def load(paths, connections, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as file:
        file.write("\n".join(paths))
    threads = min(2, connections)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-s",
        str(ROOT / "bench" / "latency.lua"),
        f"http://127.0.0.1:{PORT}",
    ]
    before = cpu_ticks()
    out = subprocess.run(
        command, check=True, capture_output=True, text=True, env={**os.environ, "PATHS_FILE": file.name}
    )
    os.unlink(file.name)
    summary = json.loads(out.stdout.split("JSON ", 1)[1])
    summary["rps"] = summary["requests"] / summary["seconds"]
    summary["stolen"] = stolen_share(before, cpu_ticks())
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--skip-prepare", action="store_true")
    args = parser.parse_args()
    if not args.skip_prepare:
        prepare(args.count)
    pages = {
        "resource page": resource_paths(args.count),
        "directory page": ["/resources/", "/resources/?page=7"],
    }
    server = start_gunicorn()
    rows = []
    try:
        for name, paths in pages.items():
            load(paths, 2, 3)  # warm-up: templates, connections, caches
            for connections in (2, 8):
                rows.append((name, connections, load(paths, connections, args.seconds)))
        memory = [peak_rss_mb(pid) for pid in worker_pids(server)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    database = os.environ.get("DATABASE_URL", "sqlite").split(":", 1)[0]
    print(f"\n{args.count} resources, gunicorn 2 workers, {database}, wrk {args.seconds}s per row\n")
    header = ("conns", 6), ("requests", 10), ("errors", 8), ("median ms", 11), ("p95 ms", 9), ("p99 ms", 9)
    print(
        f"{'page':<16}" + "".join(f"{name:>{width}}" for name, width in header) + f"{'req/s':>9}{'stolen':>8}"
    )
    for name, connections, r in rows:
        errors = r["errors"] + r["non2xx"]
        print(
            f"{name:<16}{connections:>6}{r['requests']:>10}{errors:>8}"
            f"{r['p50_ms']:>11.1f}{r['p95_ms']:>9.1f}{r['p99_ms']:>9.1f}{r['rps']:>9.0f}{r['stolen']:>8.0%}"
        )
    print("\npeak memory per worker (VmHWM): " + ", ".join(f"{mb:.0f} MB" for mb in memory))


if __name__ == "__main__":
    main()
