"""Follow-up request submissions against gunicorn with production settings, PostgreSQL and Redis.

50 concurrent clients (wrk connections) POST valid, distinct requests; one trusted proxy is
configured and every request carries its own client address in X-Forwarded-For, so the rate
limit (Redis, atomic counts) is checked on every send without refusing these distinct families.
Afterwards the database is counted: every accepted answer (302) must have exactly one stored
request. Prints accepted/s, median, p95, p99, lost and each worker's peak memory.
Needs DATABASE_URL and REDIS_URL (`bash bench/run.sh bench/follow_up.py` starts both on loopback)
and Debian's wrk.
"""

import argparse
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.pages import PORT, PRODUCTION, ROOT, peak_rss_mb, run, start_gunicorn, worker_pids  # noqa: E402

FORM = f"http://127.0.0.1:{PORT}/request-follow-up/"


def csrf_pair():
    """A CSRF cookie and form token, fetched like a browser would; reused by every request."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(FORM, timeout=10).read().decode()  # noqa: S310 - loopback only
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    cookie = next(c.value for c in jar if c.name == "csrftoken")
    return token, cookie


def stored(prefix):
    """(requests stored whose email starts with prefix, distinct emails among them)."""
    code = (
        "from referrals.models import FollowUpRequest as R;"
        f"e = [r.email for r in R.objects.only('email') if r.email.startswith('{prefix}')];"
        "print(len(e), len(set(e)))"
    )
    env = {**os.environ, **PRODUCTION}
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    count, distinct = out.stdout.split()[-2:]
    return int(count), int(distinct)


def load(connections, seconds, run_id):
    token, cookie = csrf_pair()
    command = [
        "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
        "-s", str(ROOT / "bench" / "follow_up.lua"), f"http://127.0.0.1:{PORT}",
    ]  # fmt: skip
    env = {**os.environ, "CSRF_TOKEN": token, "CSRF_COOKIE": cookie, "RUN_ID": run_id}
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.split("JSON ", 1)[1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    run("manage.py", "migrate", "--noinput", "-v0")
    run("manage.py", "collectstatic", "--noinput", "-v0", **PRODUCTION)
    server = start_gunicorn(args.workers, TRUSTED_PROXY_COUNT="1")
    try:
        load(args.connections, 3, "warm")
        run_id = f"r{int(time.time())}"
        result = load(args.connections, args.seconds, run_id)
        memory = [peak_rss_mb(pid) for pid in worker_pids(server)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    count, distinct = stored(run_id)
    lost = max(0, result["accepted"] - distinct)  # requests still in flight when wrk stops may add a few
    print(
        f"\nfollow-up form, gunicorn {args.workers} sync workers, PostgreSQL + Redis, wrk {args.seconds}s\n"
    )
    columns = ["conns", "sent", "accepted", "429", "other", "accepted/s", "median ms", "p95 ms", "p99 ms"]
    print("".join(f"{name:>11}" for name in columns))
    values = [
        args.connections, result["requests"], result["accepted"], result["refused"],
        result["other"] + result["errors"],
        f"{result['accepted'] / result['seconds']:.0f}",
        f"{result['p50_ms']:.1f}", f"{result['p95_ms']:.1f}", f"{result['p99_ms']:.1f}",
    ]  # fmt: skip
    print("".join(f"{value:>11}" for value in values))
    print(
        f"\naccepted {result['accepted']}; stored {count} requests, {distinct} distinct contacts; lost {lost}"
    )
    print("peak memory per worker (VmHWM): " + ", ".join(f"{mb:.0f} MB" for mb in memory))
    if lost or count != distinct:
        raise SystemExit("Some accepted requests were not stored exactly once.")


if __name__ == "__main__":
    main()
