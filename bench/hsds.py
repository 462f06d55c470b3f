"""HSDS exchange at scale, with production settings on the configured database:

1. PAGE_API_COUNT services through Wagtail's own page API (`bench/page_api.py`: add_child,
   save_revision, publish), drafts and published, for comparison; then `import_hsds` of COUNT
   generated services into the directory (drafts), COUNT other services with --publish, and that
   file again (nothing changes);
2. `db_worker --batch` working off what the imports queued (Wagtail's admin search and
   reference indexes, the site search index);
3. `export_hsds` of the published services;
4. `/api/hsds/services?per_page=50` (every page of the list in turn) against gunicorn, 2 workers.

Prints services/s over the whole command (start-up included), the median and p95 time per thousand
services between progress lines,
peak memory of each command, and the API's median, p95, p99 and requests/s. "stolen" is the share
of the machine's CPU time a shared virtual machine's host gave to other guests during the row.
Needs DATABASE_URL (bench/run.sh starts PostgreSQL and Redis on loopback) and Debian's wrk.

Usage: bash bench/run.sh bench/hsds.py [--count 10000] [--seconds 15]
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.pages import (  # noqa: E402
    PRODUCTION,
    PYTHON,
    ROOT,
    cpu_ticks,
    load,
    peak_rss_mb,
    start_gunicorn,
    stolen_share,
    worker_pids,
)

TAXONOMY_ID = uuid.UUID("0d1f39a2-3c7c-5a5b-9a64-5f0e7c1c2b10")  # resources.hsds.serialize.TAXONOMY_ID
CATEGORY_SLUGS = ["crisis-crisis-lines", "crisis-mobile-crisis", "counseling-individual-counseling",
                  "counseling-family-counseling", "psychiatry", "substance-use-treatment",
                  "housing-housing-help", "food", "family-youth", "older-adults", "veterans", "legal",
                  "benefits"]  # fmt: skip
PLACES = [("Auburn Hills", "48326", 42.6875, -83.2341), ("Birmingham", "48009", 42.5467, -83.2113),
          ("Pontiac", "48342", 42.6389, -83.2910), ("Troy", "48084", 42.6064, -83.1498),
          ("Royal Oak", "48067", 42.4895, -83.1446), ("Southfield", "48075", 42.4734, -83.2219)]  # fmt: skip
KINDS = ["Counseling Center", "Crisis Line", "Food Pantry", "Recovery Program", "Family Shelter",
         "Legal Clinic", "Youth Program", "Senior Services", "Veterans Center",
         "Benefits Office"]  # fmt: skip


def new_id(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def generated_services(count, seed):
    """COUNT realistic HSDS services: an organization of 100, phones, weekday hours, a location,
    languages, service areas, two categories and a cost option each, and what the directory keeps
    as it came (a contact with its phone, funding; every tenth a monthly clinic and a video link)."""
    rng = random.Random(seed)
    organizations = [
        {
            "id": new_id(rng),
            "name": f"Demo Agency {n} ({seed})",
            "description": "A demonstration organization.",
        }
        for n in range(100)
    ]
    services = []
    for number in range(count):
        city, zip_code, latitude, longitude = rng.choice(PLACES)
        location_id = new_id(rng)
        services.append(
            {
                "id": new_id(rng),
                "name": f"{rng.choice(KINDS)} {city} {seed}-{number} (demo)",
                "status": "active",
                "description": "Demonstration entry: not a real service. Help for residents of the county.",
                "organization": rng.choice(organizations),
                "url": "https://example.org/service",
                "email": "help@example.org",
                "minimum_age": rng.choice([None, 12, 18]),
                "phones": [{"id": new_id(rng), "number": f"(248) 555-01{number % 100:02d}", "type": "voice"}],
                "schedules": [
                    {
                        "id": new_id(rng),
                        "freq": "WEEKLY",
                        "byday": day,
                        "opens_at": "09:00",
                        "closes_at": "17:00",
                    }
                    for day in ["MO", "TU", "WE", "TH", "FR"]
                ],
                "service_at_locations": [
                    {
                        "id": location_id,
                        "location": {
                            "id": location_id,
                            "location_type": "physical",
                            "latitude": round(latitude + rng.uniform(-0.03, 0.03), 6),
                            "longitude": round(longitude + rng.uniform(-0.03, 0.03), 6),
                            "addresses": [
                                {
                                    "id": new_id(rng),
                                    "address_1": f"{100 + number} Main Street",
                                    "city": city,
                                    "state_province": "MI",
                                    "postal_code": zip_code,
                                    "country": "US",
                                    "address_type": "physical",
                                }
                            ],
                        },
                    }
                ],
                "languages": [
                    {"id": new_id(rng), "code": code, "name": name}
                    for code, name in rng.sample([("en", "English"), ("es", "Spanish"), ("ar", "Arabic")], 2)
                ],  # fmt: skip
                "service_areas": [{"id": new_id(rng), "name": place[0]} for place in rng.sample(PLACES, 2)],
                "attributes": [
                    {"id": new_id(rng), "taxonomy_term_id": str(uuid.uuid5(TAXONOMY_ID, f"category:{slug}"))}
                    for slug in rng.sample(CATEGORY_SLUGS, 2)
                ],
                "cost_options": [{"id": new_id(rng), "option": rng.choice(["Free", "Sliding-scale fees"])}],
            }
        )
        add_kept_parts(services[-1], rng, number)
    return services


def add_kept_parts(service, rng, number):
    """Fields the directory has no place for, kept as they came (`resources.hsds.kept`)."""
    service.update(
        contacts=[
            {
                "id": new_id(rng),
                "name": "Intake desk",
                "phones": [{"id": new_id(rng), "number": f"(248) 555-02{number % 100:02d}", "type": "voice"}],
            }
        ],
        funding=[{"id": new_id(rng), "source": "Oakland County and state grants"}],
    )
    if number % 10 == 0:
        monthly = {"id": new_id(rng), "freq": "MONTHLY", "bymonthday": "1", "description": "1st of the month"}
        online = {"id": new_id(rng), "location_type": "virtual", "url": "https://example.org/video"}
        service["schedules"].append(monthly)
        service["service_at_locations"].append({"id": new_id(rng), "location": online})


def production_env():
    return {**os.environ, **PRODUCTION}


def timed_command(label, *args, count=None):
    """Run a manage.py command; returns seconds, peak memory and per-thousand times from progress."""
    command = ["/usr/bin/time", "-f", "PEAK_KB %M", PYTHON, "manage.py", *args]
    print(f"{label}…", flush=True)
    started, ticks = time.monotonic(), cpu_ticks()
    with tempfile.TemporaryFile("w+") as errors:  # a file, so a chatty stderr can never block the run
        process = subprocess.Popen(
            command, cwd=ROOT, env=production_env(), stdout=subprocess.PIPE, stderr=errors, text=True
        )
        stamps = []
        for line in process.stdout:
            if match := re.search(r"\] (\d+)/(\d+)", line):
                stamps.append((int(match.group(1)), time.monotonic()))
        process.wait()
        errors.seek(0)
        stderr = errors.read()
    seconds, stolen = time.monotonic() - started, stolen_share(ticks, cpu_ticks())
    if process.returncode:
        raise SystemExit(f"{label} failed:\n{stderr[-2000:]}")
    peak = int(re.search(r"PEAK_KB (\d+)", stderr).group(1)) / 1024
    # Between progress lines only: the first line comes after start-up (Django, reading the file).
    per_thousand = []
    previous_done, previous_time = stamps[0] if stamps else (0, started)
    for done, stamp in stamps[1:]:
        if done > previous_done:
            per_thousand.append((stamp - previous_time) * 1000 / (done - previous_done))
            previous_done, previous_time = done, stamp
    return {"label": label, "count": count, "seconds": seconds, "peak_mb": peak, "per_thousand": per_thousand,
            "stolen": stolen}  # fmt: skip


def page_api_rows(folder, count):
    """New services through Wagtail's own page API (`bench/page_api.py`), drafts and published, as
    the baseline the bulk writer's rows below are read against."""
    rows = []
    for seed, publish in ((3, False), (4, True)):
        path = Path(folder, f"page-api-{seed}.json")
        path.write_text(json.dumps(generated_services(count, seed=seed)))
        code = f"from bench.page_api import run; run({str(path)!r}, {publish})"
        label = f"Wagtail's page API, new services{' published' if publish else ''}"
        rows.append(timed_command(label, "shell", "-c", code, count=count))
    return rows


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def print_commands(rows):
    columns = f"{'services':>9}{'seconds':>9}{'per s':>8}{'median s/1k':>13}{'p95 s/1k':>10}"
    columns += f"{'peak MB':>9}{'stolen':>8}"
    print(f"\n{'step':<44}{columns}")
    for row in rows:
        rate = f"{row['count'] / row['seconds']:.0f}" if row["count"] else "-"
        chunks = row["per_thousand"]
        median = f"{statistics.median(chunks):.2f}" if chunks else "-"
        p95 = f"{percentile(chunks, 0.95):.2f}" if chunks else "-"
        count = row["count"] if row["count"] is not None else "-"
        print(
            f"{row['label']:<44}{count:>9}{row['seconds']:>9.1f}{rate:>8}{median:>13}{p95:>10}{row['peak_mb']:>9.0f}"
            f"{row['stolen']:>8.0%}"
        )


def api_latency(count, seconds):
    paths = [f"/api/hsds/services?per_page=50&page={page}" for page in range(1, count // 50 + 1)]
    server = start_gunicorn()
    try:
        load(paths, 2, 3)  # warm-up
        rows = [(connections, load(paths, connections, seconds)) for connections in (1, 4)]
        memory = [peak_rss_mb(pid) for pid in worker_pids(server)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    pages = f"pages 1–{len(paths)} in turn"
    print(f"\n/api/hsds/services?per_page=50, {pages}; gunicorn 2 workers; wrk {seconds}s per row")
    print(
        f"{'conns':>6}{'requests':>10}{'errors':>8}{'median ms':>11}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'req/s':>9}{'stolen':>8}"
    )
    for connections, r in rows:
        errors = r["errors"] + r["non2xx"]
        print(
            f"{connections:>6}{r['requests']:>10}{errors:>8}{r['p50_ms']:>11.1f}{r['p95_ms']:>9.1f}"
            f"{r['p99_ms']:>9.1f}{r['rps']:>9.0f}{r['stolen']:>8.0%}"
        )
    print("peak memory per worker (VmHWM): " + ", ".join(f"{mb:.0f} MB" for mb in memory))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument(
        "--page-api-count", type=int, default=500, help="services imported through Wagtail's page API"
    )
    args = parser.parse_args()
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True, env=production_env()
    )
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True, env=production_env()
    )
    with tempfile.TemporaryDirectory() as folder:
        drafts, published = Path(folder, "drafts.json"), Path(folder, "published.json")
        drafts.write_text(json.dumps(generated_services(args.count, seed=1)))
        published.write_text(json.dumps(generated_services(args.count, seed=2)))
        n = args.count
        rows = [
            *page_api_rows(folder, args.page_api_count),
            timed_command("import_hsds, new services as drafts", "import_hsds", str(drafts), count=n),
            timed_command(
                "import_hsds --publish, new services", "import_hsds", str(published), "--publish", count=n
            ),
            timed_command(
                "import_hsds --publish, the same file again",
                "import_hsds",
                str(published),
                "--publish",
                count=n,
            ),
            timed_command(
                "db_worker --batch (what the imports queued)", "db_worker", "--batch", "--no-startup-delay"
            ),
            timed_command(
                "export_hsds (published services)", "export_hsds", str(Path(folder, "export")), count=n
            ),
        ]
    database = os.environ.get("DATABASE_URL", "sqlite").split(":", 1)[0]
    print(f"\n{args.count} services per file, production settings, {database}")
    print_commands(rows)
    api_latency(args.count, args.seconds)


if __name__ == "__main__":
    main()
