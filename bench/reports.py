"""The monthly activity report, its exports and the retention purge over 3 years of casework, against
gunicorn (production settings), PostgreSQL and Redis.

A fresh database is filled by bench/casework.py's seeding (bulk inserts, values encrypted on the way
in) with 50,000 people, 60,000 referrals and 200,000 follow-up contacts spread over 3 years (1,095
days; most referrals closed, within 2 to 60 days), over the 3 partner communities. Then:

- the monthly activity report as it first opens (the last 12 months; for the clinician this month
  so far included, counted on every view, the completed months read from kept counts), loaded by
  concurrent clients for a fixed time, signed in through /admin/login/ as a clinician (all 3
  communities) and as a partner account tied to one community (Partner viewers, one
  PartnerMembership): median, p95, max, requests/s, and the page's SQL queries for a 1-month and a
  12-month period (in-process, Django's test client on the same database), which must be equal;
- the clinician's first view after a change to a past month (a referral saved), which recounts
  that month and the later ones: last month, and 12 months back;
- the year's XLSX and CSV exports, several runs each, timed to the last byte;
- `manage.py purge_referrals --older-than 365`, a dry run first, then the purge (about 2 years of
  closed records), then once more (nothing left: idempotent), each timed as the command it is;
- the report again after the purge, and `monthly_activity(...)` over every month of the data,
  in-process, compared value by value with the same call made before the purge.

Baseline, in the same run and in-process: the year's numbers read from kept months, against the same
numbers counted in one pass (one call of `monthly_activity` for 12 months) and a naive per-month
count (12 calls, one month each).

Needs DATABASE_URL (PostgreSQL) and REDIS_URL: `bash bench/run-reports.sh` starts both on loopback
on ports of their own. Everything is bounded: each load row by --seconds, each command by
--command-timeout, the whole run by --deadline.
"""

import argparse
import csv
import datetime
import http.client
import io
import itertools
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import casework  # noqa: E402
from bench.casework import HOST, Progress, Session, load, on_deadline, on_terminate, summary  # noqa: E402
from bench.pages import PRODUCTION, ROOT, cpu_ticks, peak_rss_mb, stolen_share, worker_pids  # noqa: E402

PORT = 8951  # bench/pages.py serves on 8931 and bench/casework.py on 8941: they may run at the same time
casework.PORT = PORT  # casework's Session, load() and start_gunicorn() use the module's PORT
REPORT = "/admin/reports/monthly-activity/"
REPORT_TARGET_MS = 300
EXPORT_TARGET_S = 5
PURGE_TARGET_S = 60
SHOWN = ["opened", "closed", "contacts", "connected", "unable_to_reach", "repeat"]
SHOWN += ["days_to_first_contact", "days_to_connection"]


def setup_django():
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            raise SystemExit(f"{name} is not set: run `bash bench/run-reports.sh`.")
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        raise SystemExit("DATABASE_URL must name PostgreSQL.")
    os.environ.update(PRODUCTION)
    import django

    django.setup()


# --- periods -----------------------------------------------------------------------------------


def add_months(month, count):
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def periods(days):
    """The last 12 full months, the last full month, the whole span of the data, and a month more
    than a year back (purged), as (start, end) dates."""
    from django.utils import timezone

    today = timezone.localdate()
    this_month = today.replace(day=1)
    last_day = this_month - datetime.timedelta(days=1)
    year = (add_months(this_month, -12), last_day)
    month = (last_day.replace(day=1), last_day)
    data = ((today - datetime.timedelta(days=days)).replace(day=1), today)
    back = add_months(this_month, -18)
    return {
        "year": year,
        "month": month,
        "data": data,
        "back": (back, add_months(back, 1) - datetime.timedelta(1)),
    }


def query(period, export=None):
    start, end = period
    text = f"?occurred_at_after={start:%Y-%m-%d}&occurred_at_before={end:%Y-%m-%d}"
    return text + (f"&export={export}" if export else "")


# --- seeding: bench/casework.py's, plus a partner account --------------------------------------


def add_partner(community, password):
    from django.contrib.auth.models import Group, User

    from referrals.models import PartnerMembership

    user = User.objects.create_user(username="bench-partner", password=password, first_name="Partner")
    user.groups.add(Group.objects.get(name="Partner viewers"))
    PartnerMembership.objects.create(user=user, community=community)
    return user


def describe_data(progress):
    from django.db.models import Count, Max, Min, Q

    from referrals.models import CLOSED, FollowUpContact, Referral

    facts = Referral.objects.aggregate(
        total=Count("pk"),
        closed=Count("pk", filter=Q(status__in=CLOSED)),
        first=Min("occurred_at"),
        last=Max("occurred_at"),
    )
    facts["contacts"] = FollowUpContact.objects.count()
    progress(
        f"{facts['total']:,} referrals ({facts['closed']:,} closed) from {facts['first']:%Y-%m-%d} to "
        f"{facts['last']:%Y-%m-%d}, {facts['contacts']:,} contacts"
    )
    return facts


# --- in-process --------------------------------------------------------------------------------


def page_in_process(user, url, loads=5):
    """The report page by Django's test client in this process on the same database (no HTTP, no
    gunicorn): its SQL queries (count, and each one's ms), and the median time of the whole view and
    of its SQL over `loads` loads, after a first load that fills the caches."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    client.get(url)
    samples = []
    for _ in range(loads):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            spent = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code} in-process")
        times = [float(q["time"]) * 1000 for q in captured.captured_queries]
        samples.append((len(times), spent * 1000, sum(times), times))
    return {
        "queries": samples[-1][0],
        "django_ms": statistics.median(s[1] for s in samples),
        "sql_ms": statistics.median(s[2] for s in samples),
        "slowest_ms": sorted(samples[-1][3], reverse=True)[:5],
    }


def query_counts(users, spans):
    """Per user: the page for a 1-month and for a 12-month period, in-process."""
    return {
        who: {name: page_in_process(user, REPORT + query(spans[name])) for name in ("month", "year")}
        for who, user in users.items()
    }


def snapshot(communities, period):
    from referrals.reports.activity import monthly_activity

    return {(row.community.pk, row.month): dict(row.values) for row in monthly_activity(communities, *period)}


def compare(before, after):
    """The values that differ, as (community pk, month, measure, before, after)."""
    differences = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key, {}), after.get(key, {})
        for name in sorted(set(old) | set(new)):
            if old.get(name) != new.get(name):
                differences.append((*key, name, old.get(name), new.get(name)))
    return differences


def baseline(communities, year, repeats):
    """The year's numbers read from kept months, counted in one pass (one call, 12 months), and
    counted in 12 calls of one month each; all three must agree."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from referrals.reports.activity import monthly_activity
    from referrals.reports.kept import activity_report

    start = year[0]
    months = [(add_months(start, n), add_months(start, n + 1) - datetime.timedelta(1)) for n in range(12)]
    ways = {
        "kept months read (activity_report)": lambda: activity_report(communities, *year),
        "one pass: 1 call for 12 months": lambda: monthly_activity(communities, *year),
        "naive: 12 calls, one month each": lambda: [
            row for first, last in months for row in monthly_activity(communities, first, last)
        ],
    }
    results, values = [], []
    for name, compute in ways.items():
        with CaptureQueriesContext(connection) as captured:
            rows = compute()  # also warms the connection and the plans
        values.append({(row.community.pk, row.month): row.values for row in rows})
        seconds = []
        for _ in range(repeats):
            started = time.perf_counter()
            compute()
            seconds.append(time.perf_counter() - started)
        results.append((name, summary(seconds), len(captured.captured_queries)))
    return results, values[0] == values[1] == values[2]


# --- over HTTP ---------------------------------------------------------------------------------


def download(session, path):
    """One GET, timed from sending it to the last byte of the answer."""
    connection = http.client.HTTPConnection(HOST, PORT, timeout=120)
    try:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": session.cookie})
        response = connection.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - started
    finally:
        connection.close()


def exported_rows(kind, body):
    if kind == "xlsx":
        from openpyxl import load_workbook

        return len(list(load_workbook(io.BytesIO(body), read_only=True).active.iter_rows(min_row=2)))
    return len(list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))) - 1


def measure_exports(session, year, runs, expected_rows, progress):
    rows = []
    for kind in ("xlsx", "csv"):
        path = REPORT + query(year, kind)
        progress(f"{kind.upper()} export, {runs} runs…")
        status, body, _seconds = download(session, path)  # warm
        if status != 200 or exported_rows(kind, body) != expected_rows:
            raise SystemExit(
                f"the {kind} export answered {status} with other rows than the {expected_rows} expected"
            )
        before, seconds, errors = cpu_ticks(), [], 0
        for _ in range(runs):
            status, body, spent = download(session, path)
            seconds.append(spent)
            errors += status != 200
        row = summary(seconds)
        row.update(errors=errors, stolen=stolen_share(before, cpu_ticks()), bytes=len(body))
        rows.append((f"{kind.upper()} export, 12 months, clinician", kind, row))
    return rows


def measure_reports(args, sessions, progress, label=""):
    """Each user's report as it first opens: the last 12 months (for the clinician, this month so far
    included, counted on every view; completed months are read from kept counts)."""
    rows = []
    for who, session in sessions.items():

        def get(target, session=session):
            return session.send("GET", target)[0] == 200

        load(get, itertools.cycle([REPORT]), 1, args.warm_up, 10)
        for connections in args.connections:
            progress(f"report{label}, {who}, {connections} connection(s)…")
            row = load(get, itertools.cycle([REPORT]), connections, args.seconds, args.limit)
            rows.append((f"report 12 months{label}, {who}", who, connections, row))
    return rows


def measure_recounts(session, year, runs, progress):
    """The clinician's first view after a change to a past month, which recounts that month and every
    later one: a referral of last month saved (1 month recounted) and one of 12 months back (12)."""
    from django.utils import timezone

    from referrals.models import Referral

    rows = []
    for label, month in (("last month", year[1].replace(day=1)), ("12 months back", year[0])):
        progress(f"first view after a change to {label}, {runs} runs…")
        since = timezone.make_aware(datetime.datetime.combine(month, datetime.time(12)))
        changed = Referral.objects.filter(occurred_at__gte=since).order_by("occurred_at").first()
        session.send("GET", REPORT)  # months kept
        before, seconds, errors = cpu_ticks(), [], 0
        for _ in range(runs):
            changed.save()  # forgets the kept months from the referral's on
            started = time.perf_counter()
            errors += session.send("GET", REPORT)[0] != 200
            seconds.append(time.perf_counter() - started)
        row = summary(seconds)
        row.update(errors=errors, stolen=stolen_share(before, cpu_ticks()))
        rows.append((f"first view after a change to {label}", row))
    return rows


# --- the purge ---------------------------------------------------------------------------------

PURGE_LINE = re.compile(
    r"of (?P<referrals>\d+) referrals closed over \d+ days ago \(and the notes of their (?P<contacts>\d+) "
    r"contacts\), (?P<people>\d+) people with nothing open or recent, and (?P<requests>\d+) triaged requests"
)


def manage(arguments, timeout):
    """`manage.py …` as an operator or cron runs it (its own process, production settings); the
    wall time includes Django's start-up."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(arguments)} failed:\n{done.stderr[-2000:]}")
    output = done.stdout.strip()
    found = PURGE_LINE.search(output)
    return {
        "command": "purge_referrals " + " ".join(arguments[1:]),
        "seconds": seconds,
        "output": output,
        "counts": {name: int(value) for name, value in found.groupdict().items()} if found else {},
    }


def purge(args, progress):
    command = ["purge_referrals", "--older-than", str(args.older_than)]
    runs = []
    for extra, what in (
        (["--dry-run"], "dry run"),
        ([], "purge"),
        ([], "again (idempotent)"),
    ):
        progress(f"purge_referrals --older-than {args.older_than} {' '.join(extra)}…")
        run = manage(command + extra, args.command_timeout)
        run["what"] = what
        runs.append(run)
    return runs


def purged_span():
    from django.db.models import Count, Max, Min

    from referrals.models import Referral

    return Referral.objects.exclude(purged_at=None).aggregate(
        count=Count("pk"), first=Min("occurred_at"), last=Max("occurred_at"), closed=Max("closed_at")
    )


# --- the report --------------------------------------------------------------------------------


def print_report(args, result):
    print(f"\n{result['describe']}\n")
    missed = []
    header = [("row", 40), ("conns", 6), ("requests", 9), ("errors", 7), ("median ms", 10), ("p95 ms", 8)]
    header += [("max ms", 9), ("req/s", 7), ("queries 1/12 mo", 16), ("target", 15), ("stolen", 7)]
    print(header[0][0].ljust(header[0][1]) + "".join(f"{name:>{width}}" for name, width in header[1:]))

    def line(name, connections, r, queries, target, met):
        print(
            f"{name:<40}{connections:>6}{r['n']:>9}{r['errors']:>7}{r['median_ms']:>10.1f}{r['p95_ms']:>8.1f}"
            f"{r['max_ms']:>9.1f}{r['per_s']:>7.1f}{queries:>16}{target:>13}{'✓' if met else '✗':>2}"
            f"{r['stolen']:>7.0%}"
        )

    def report_rows(rows, counts):
        for name, who, connections, r in rows:
            month, year = counts[who]["month"]["queries"], counts[who]["year"]["queries"]
            met = r["p95_ms"] < REPORT_TARGET_MS and month == year and r["errors"] == 0
            if not met:
                missed.append(
                    f"{name} at {connections} connection(s): p95 {r['p95_ms']:.0f} ms, "
                    f"queries {month}/{year}, {r['errors']} errors"
                )
            line(name, connections, r, f"{month}/{year}", f"p95<{REPORT_TARGET_MS}, =", met)

    report_rows(result["reports"], result["counts"])
    for name, r in result["recounts"]:
        line(name, 1, r, "", "(no target)", r["errors"] == 0)
    for name, _kind, r in result["exports"]:
        met = r["max_ms"] < EXPORT_TARGET_S * 1000 and r["errors"] == 0
        if not met:
            missed.append(f"{name}: slowest {r['max_ms'] / 1000:.1f} s")
        line(name, 1, r, "", f"max<{EXPORT_TARGET_S} s", met)
    report_rows(result["after"], result["counts_after"])
    print(
        "\nreport: GET /admin/reports/monthly-activity/, the last 12 months (clinician: 3 communities, "
        "this month included, 36 rows; partner: 1 community, completed months, 12 rows, small counts "
        "hidden); first view after a change: one clinician, a referral saved before each view; exports: "
        f"?occurred_at_after={result['year'][0]:%Y-%m-%d}&occurred_at_before={result['year'][1]:%Y-%m-%d}"
        "&export=xlsx|csv, time to the last byte, one at a time"
    )
    print(
        "queries 1/12 mo: the page's SQL queries for a 1-month and a 12-month period (in-process, Django's "
        "test client, same database); the target needs them equal"
    )
    for when, counts in (("before the purge", result["counts"]), ("after the purge", result["counts_after"])):
        for who, pages in counts.items():
            year = pages["year"]
            print(
                f"  in-process, {who}, 12 months, {when}: view {year['django_ms']:.1f} ms, SQL "
                f"{year['sql_ms']:.1f} ms (median of 5); slowest queries "
                + ", ".join(f"{ms:.1f}" for ms in year["slowest_ms"])
                + " ms"
            )
    sizes = ", ".join(f"{name.split(',')[0]} {r['bytes']:,} bytes" for name, _k, r in result["exports"])
    print(f"  exports: {sizes}, {result['expected_rows']} rows each, checked")

    print("\nRetention: manage.py purge_referrals (its own process: the time includes Django's start-up)")
    print(
        f"{'command':<56}{'seconds':>8}{'referrals':>10}{'contacts':>10}{'people':>8}{'requests':>9}  target"
    )
    for run in result["purge"]:
        counts = run["counts"]
        target = ""
        if run["what"] == "purge":
            met = run["seconds"] < PURGE_TARGET_S
            target = f"<{PURGE_TARGET_S} s {'✓' if met else '✗'}"
            if not met:
                missed.append(f"purge: {run['seconds']:.1f} s")
        print(
            f"{run['what'] + ': ' + run['command']:<56}{run['seconds']:>8.1f}"
            + "".join(
                f"{counts.get(name, '?'):>{w}}"
                for name, w in (("referrals", 10), ("contacts", 10), ("people", 8), ("requests", 9))
            )
            + f"  {target}"
        )
    for run in result["purge"]:
        print(f"  {run['what']}: {run['output']}")
    span = result["purged_span"]
    if span["count"]:
        print(
            f"  purged referrals: {span['count']:,} of {result['facts']['closed']:,} closed, occurred "
            f"{span['first']:%Y-%m-%d} to {span['last']:%Y-%m-%d}, closed by {span['closed']:%Y-%m-%d}"
        )
    again = result["purge"][-1]["counts"]
    idempotent = bool(again) and not any(again.values())
    if not idempotent:
        missed.append("purge run again still found records to purge")
    print(f"  run again: {'nothing left to purge ✓' if idempotent else 'records left ✗'}")

    differences, cells, back = result["differences"], result["cells"], result["back"]
    same = not differences
    if not same:
        missed.append(f"the report changed after the purge ({len(differences)} values)")
    data = result["data"]
    print(
        f"\nReport identical after the purge (monthly_activity, 3 communities, every month "
        f"{data[0]:%Y-%m} to {data[1]:%Y-%m}, in-process): {cells:,} values compared, "
        f"{len(differences)} differ {'✓' if same else '✗'}"
    )
    for community, month, measure, old, new in differences[:10]:
        print(f"  differs: community {community}, {month:%Y-%m}, {measure}: {old} → {new}")
    print(f"  {back['month']:%B %Y} (18 months back), before → after, per community:")
    for name, before, after in back["rows"]:
        shown = ", ".join(
            f"{measure} {before[measure]}"
            + ("" if before[measure] == after[measure] else f" → {after[measure]}")
            for measure in SHOWN
        )
        print(f"    {name}: {shown} {'✓' if before == after else '✗'}")

    rows, equal = result["baseline"]
    print(
        f"\nBaseline, in-process (no HTTP, no template): the numbers of the 12 months for the 3 communities, "
        f"{args.baseline_repeats} runs each (before the purge)"
    )
    print(f"{'computation':<36}{'median ms':>10}{'p95 ms':>8}{'max ms':>8}{'queries':>9}")
    for name, r, queries in rows:
        print(f"{name:<36}{r['median_ms']:>10.1f}{r['p95_ms']:>8.1f}{r['max_ms']:>8.1f}{queries:>9}")
    read, one, naive = rows[0][1], rows[1][1], rows[2][1]
    print(
        f"kept months read: {one['median_ms'] / read['median_ms']:.0f}× faster than one pass; one pass: "
        f"{naive['median_ms'] / one['median_ms']:.1f}× faster than naive, {rows[2][2] - rows[1][2]} fewer "
        f"queries; the same numbers all three ways: {'yes ✓' if equal else 'no ✗'}"
    )
    if not equal:
        missed.append("the kept months or the per-month baseline gave other numbers")
    print(
        "\npeak memory per gunicorn worker (VmHWM): " + ", ".join(f"{mb:.0f} MB" for mb in result["memory"])
    )
    print("targets: " + ("all met" if not missed else "missed — " + "; ".join(missed)))


def describe_run(args, result):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    facts = result["facts"]
    return (
        f"{args.people:,} people, {facts['total']:,} referrals ({facts['closed']:,} closed), "
        f"{facts['contacts']:,} contacts, {args.days:,} days ({facts['first']:%Y-%m-%d} to "
        f"{facts['last']:%Y-%m-%d}), 3 partner communities; gunicorn {args.workers} sync workers, "
        f"production settings, PostgreSQL {version}, Redis; {args.seconds} s per load row; "
        f"{os.cpu_count()} CPUs; load average at the start {result['load']:.1f}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--referrals", type=int, default=60_000)
    parser.add_argument("--contacts", type=int, default=200_000)
    parser.add_argument("--days", type=int, default=3 * 365, help="the period the records are spread over")
    parser.add_argument("--requests", type=int, default=600, help="follow-up requests; 3/4 of them new")
    parser.add_argument("--services", type=int, default=300, help="directory services to link referrals to")
    parser.add_argument(
        "--linked-share", type=float, default=0.3, help="share of referrals with linked services"
    )
    parser.add_argument("--older-than", type=int, default=365, help="the purge's --older-than DAYS")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warm-up", type=float, default=2)
    parser.add_argument("--limit", type=int, default=5000, help="most requests in one row")
    parser.add_argument("--exports", type=int, default=5, help="runs of each export")
    parser.add_argument("--recounts", type=int, default=10, help="first views after a change, of each kind")
    parser.add_argument("--baseline-repeats", type=int, default=5)
    parser.add_argument("--command-timeout", type=int, default=600, help="seconds for each manage.py run")
    parser.add_argument("--deadline", type=int, default=2400, help="seconds for the whole run")
    args = parser.parse_args()
    args.password = secrets.token_urlsafe(16)
    signal.signal(signal.SIGALRM, on_deadline)
    signal.signal(signal.SIGTERM, on_terminate)
    signal.alarm(args.deadline)
    progress = Progress("reports")
    result = {"load": os.getloadavg()[0]}
    setup_django()
    from django.core.management import call_command
    from django.db import connections

    progress("migrate, collectstatic")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    data = casework.seed(args, progress)
    communities = data["communities"]
    partner = add_partner(communities[0], args.password)
    result["facts"] = describe_data(progress)
    spans = periods(args.days)
    result.update(year=spans["year"], data=spans["data"], expected_rows=len(communities) * 12)
    users = {"clinician": data["clinician"], "partner": partner}

    progress("queries per page, in-process")
    result["counts"] = query_counts(users, spans)
    progress("baseline, in-process")
    result["baseline"] = baseline(communities, spans["year"], args.baseline_repeats)
    progress("the report over the whole span, before the purge")
    before = snapshot(communities, spans["data"])
    connections.close_all()

    server = casework.start_gunicorn(args.workers)
    try:
        sessions = {who: Session(user.username, args.password) for who, user in users.items()}
        result["reports"] = measure_reports(args, sessions, progress)
        result["recounts"] = measure_recounts(sessions["clinician"], spans["year"], args.recounts, progress)
        result["exports"] = measure_exports(
            sessions["clinician"], spans["year"], args.exports, result["expected_rows"], progress
        )
        result["purge"] = purge(args, progress)
        result["purged_span"] = purged_span()
        progress("queries per page after the purge, in-process")
        result["counts_after"] = query_counts(users, spans)
        connections.close_all()
        result["after"] = measure_reports(args, sessions, progress, label=" after purge")
        result["memory"] = [peak_rss_mb(pid) for pid in worker_pids(server)]
    finally:
        server.terminate()
        server.wait(timeout=30)

    progress("the report over the whole span, after the purge")
    after = snapshot(communities, spans["data"])
    result["differences"] = compare(before, after)
    result["cells"] = sum(len(values) for values in before.values())
    month = spans["back"][0]
    result["back"] = {
        "month": month,
        "rows": [
            (community.name, before[(community.pk, month)], after[(community.pk, month)])
            for community in communities
        ],
    }
    signal.alarm(0)
    result["describe"] = describe_run(args, result)
    print_report(args, result)


if __name__ == "__main__":
    main()
