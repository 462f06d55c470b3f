"""Public pages against gunicorn (2 workers, production settings) with wrk, beside Django's floor.

Seeds COUNT resources into a fresh database, then, in one run, loads the floor (a minimal Django view
through the same middleware: bench/floor_urls.py) and each public page type (home, directory, resource
pages rotating through all of them, search, the HSDS API) at 2, 8 and 64 connections, with the page
cache off (cold) and on (warm). Prints median, p95, p99, requests/s and its ratio to the floor, each
worker's peak memory, and the issue's targets; then the uncached pages again, twice as long, with
and without gunicorn.conf.py's gc.freeze(). Needs DATABASE_URL and REDIS_URL (bench/run.sh sets up
both on loopback) and Debian's wrk.
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


SEARCHES = [
    "counseling",
    "my+son+is+hearing+voices",
    "food+tonight",
    "housing&near=48009",
    "therapist+spanish",
]
FLOOR = "/bench-floor/"


def page_types(count):
    return {
        "floor": [FLOOR],
        "home": ["/"],
        "directory": ["/resources/", "/resources/?page=2", "/resources/?category=counseling&cost=free"],
        "resource page": resource_paths(count),
        "search": [f"/search/?q={words}" for words in SEARCHES],
        "HSDS API": ["/api/hsds/services?page=1", "/api/hsds/services?page=2", "/api/hsds/taxonomy_terms"],
    }


def visit_each(paths):
    for path in paths:
        urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=10).read()  # noqa: S310


def measure(pages, mode, seconds, connection_levels):
    """Every page type at each concurrency against one gunicorn: the page cache off ("cold"), on
    ("warm"), or off with the workers' garbage collector not frozen ("no freeze": gunicorn.conf.py)."""
    server = start_gunicorn(
        DJANGO_SETTINGS_MODULE="bench.floor_settings",
        PAGE_CACHE=str(mode == "warm"),
        GC_FREEZE=str(mode != "no freeze"),
    )
    rows = []
    try:
        for name, paths in pages.items():
            visit_each(paths)  # warm-up: templates, connections and, with the cache on, every page kept
            load(paths, 8, 3)
            for connections in connection_levels:
                rows.append((name, mode, connections, load(paths, connections, seconds)))
        memory = [peak_rss_mb(pid) for pid in worker_pids(server)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows, memory


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--skip-prepare", action="store_true")
    args = parser.parse_args()
    if not args.skip_prepare:
        prepare(args.count)
    pages = page_types(args.count)
    levels = (2, 8, 64)
    cold, cold_memory = measure(pages, "cold", args.seconds, levels)
    warm, warm_memory = measure(pages, "warm", args.seconds, levels)
    uncached = {name: pages[name] for name in ("floor", "directory", "resource page")}
    frozen, _ = measure(uncached, "cold", args.seconds * 2, (2, 8))
    unfrozen, unfrozen_memory = measure(uncached, "no freeze", args.seconds * 2, (2, 8))
    floor = {conns: r["rps"] for name, _, conns, r in cold if name == "floor"}

    database = os.environ.get("DATABASE_URL", "sqlite").split(":", 1)[0]
    print(f"\n{args.count} resources, gunicorn 2 workers, {database}, Redis, wrk {args.seconds}s per row")
    print("cold: the page cache off (PAGE_CACHE=false); warm: on, every page kept by the warm-up;")
    print("no freeze (after the targets): cold, the workers' collector not frozen (GC_FREEZE=false)\n")
    header = [("page", "<16"), ("mode", "<11"), ("conns", ">6"), ("requests", ">10"), ("errors", ">8")]
    header += [("median ms", ">11"), ("p95 ms", ">9"), ("p99 ms", ">9"), ("req/s", ">9"), ("× floor", ">9")]
    header += [("stolen", ">8")]
    print("".join(f"{name:{spec}}" for name, spec in header))
    for name, mode, conns, r in cold + warm:
        errors = r["errors"] + r["non2xx"]
        ratio = r["rps"] / floor[conns]
        print(
            f"{name:<16}{mode:<11}{conns:>6}{r['requests']:>10}{errors:>8}{r['p50_ms']:>11.1f}"
            f"{r['p95_ms']:>9.1f}{r['p99_ms']:>9.1f}{r['rps']:>9.0f}{ratio:>9.2f}{r['stolen']:>8.0%}"
        )
    for label, memory in (("cold", cold_memory), ("warm", warm_memory), ("no freeze", unfrozen_memory)):
        print(f"\npeak memory per worker, {label} (VmHWM): " + ", ".join(f"{mb:.0f} MB" for mb in memory))
    print_targets(cold, warm, floor)
    print_freeze(frozen, unfrozen, args.seconds)


def print_freeze(frozen, unfrozen, seconds):
    """The uncached pages' p99 and req/s with the frozen collector beside the unfrozen one."""
    print(f"\ngc.freeze(), uncached, {2 * seconds}s each: p99 ms and req/s, not frozen → frozen")
    before = {(name, conns): r for name, _, conns, r in unfrozen}
    for name, _, conns, r in frozen:
        other = before.get((name, conns))
        if other:
            print(
                f"  {name}, {conns} conns: p99 {other['p99_ms']:.1f} → {r['p99_ms']:.1f} ms, "
                f"{other['rps']:.0f} → {r['rps']:.0f} req/s"
            )


def print_targets(cold, warm, floor):
    """The issue's targets, each with the measured value."""
    checks = []
    for name, _, conns, r in warm:
        if name != "floor" and conns == 8:
            ratio = r["rps"] / floor[8]
            checks.append(
                (
                    f"{name}, cached, 8 conns: ≥ 0.5× floor, p95 < 20 ms",
                    ratio >= 0.5 and r["p95_ms"] < 20,
                    f"{ratio:.2f}×, {r['p95_ms']:.1f} ms",
                )
            )
    for name, _, conns, r in cold:
        if name == "resource page" and conns == 2:
            label = "resource page, uncached, 2 conns: p95 < 30 ms"
            checks.append((label, r["p95_ms"] < 30, f"{r['p95_ms']:.1f} ms"))
    errors = sum(r["errors"] + r["non2xx"] for _, _, conns, r in cold + warm if conns == 64)
    checks.append(("64 conns: 0 errors", errors == 0, str(errors)))
    print("\ntargets")
    for label, met, value in checks:
        print(f"  {'✓' if met else '✗'} {label}: {value}")


if __name__ == "__main__":
    main()
