"""Mixed load: residents, families and staff at once, against gunicorn (production settings),
PostgreSQL, Redis and Elasticsearch.

A fresh database is filled by bench/casework.py's seeding (a generated directory from
bench/bulk_seed.py, people, referrals, contacts and follow-up requests) and indexed (`manage.py
reindex`: the database index and Elasticsearch). Then, for --seconds, --clients public clients send
requests back to back (no pause), each time one of:

- a search: a question in residents' own words (the questions of bench/relevance/, written by
  people who did not see the search code), one in four as JSON, which names the backend that
  answered (Elasticsearch, or the database when Elasticsearch was slower than its timeout);
- a resource page;
- the HSDS API: a page of /api/hsds/services, one service, or a search through it;
- a follow-up request sent by a family: the form (GET, for its CSRF cookie and token), a valid POST,
  and the thank-you page it redirects to. One trusted proxy is configured and each family has its own
  address in X-Forwarded-For, so the rate limit (FOLLOW_UP_RATE, its default 5/h, counted in Redis)
  is checked on every send and refuses none of these distinct families;

while --staff clinicians, signed in through /admin/login/, work in the back office: the dashboard,
the referral list, a referral's page, and logging a contact (the form, then the outcome button),
with --staff-pause seconds between pages.

Counted per kind: requests, server errors (5xx) and connection errors (refused, reset, timed out)
apart, other unexpected answers, median, p95, p99, max, requests/s. Then every accepted follow-up
request (the redirect to the thank-you page; its signed receipt names the request) is looked up in
the database, and the rows stored since the start are counted: accepted = stored = found, and the
same for the contacts the staff logged. Targets: no server error, no connection error, no lost
submission; the exit status is 1 when one is missed. The share of CPU time stolen by the hypervisor,
the load average, and the CPU used by gunicorn and by this client are printed with the table: on a
shared machine the numbers are preliminary.

Needs DATABASE_URL (PostgreSQL), REDIS_URL and ELASTICSEARCH_URL: `bash bench/run-load.sh` starts
all three on loopback on ports of their own. Bounded: the load by --seconds (each request by
--timeout), the whole run by --deadline.
"""

import argparse
import collections
import csv
import datetime
import http.client
import itertools
import os
import random
import re
import secrets
import signal
import sys
import threading
import time
import urllib.error
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import casework  # noqa: E402
from bench.casework import (  # noqa: E402
    HOST,
    Progress,
    Session,
    load,
    on_deadline,
    on_terminate,
    percentile,
    summary,
)
from bench.pages import (  # noqa: E402
    PRODUCTION,
    ROOT,
    cpu_ticks,
    peak_rss_mb,
    resource_paths,
    stolen_share,
    worker_pids,
)

PORT = 8961  # pages.py 8931, casework.py 8941, reports.py 8951: they may all run at the same time
casework.PORT = PORT  # casework's Session, load() and start_gunicorn() use the module's PORT
FORM = "/request-follow-up/"
RECEIVED = "/request-follow-up/received/"
QUESTION_FILES = ["demo_questions.tsv", "unseen_questions.tsv", "unseen2_questions.tsv"]
# What a public client does next, and how often: (kind, weight).
PUBLIC_MIX = [("search", 35), ("resource", 30), ("hsds", 20), ("family", 15)]
KINDS = [
    ("search", "search (HTML and JSON)"),
    ("resource", "resource page"),
    ("hsds", "HSDS API"),
    ("form", "follow-up form (GET)"),
    ("submit", "follow-up send (POST)"),
    ("thanks", "thank-you page"),
    ("dashboard", "staff: dashboard"),
    ("list", "staff: referral list"),
    ("referral", "staff: referral page"),
    ("contact form", "staff: contact form (GET)"),
    ("contact", "staff: log contact (POST)"),
]
PUBLIC_KINDS = {"search", "resource", "hsds", "form", "submit", "thanks"}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MESSAGES = [
    "My brother had a hard night and agreed that someone could call him tomorrow.",
    "The police came for my mother yesterday. She is calmer now but we do not know what to do next.",
    "My son stopped taking his medication and is not sleeping. Please call me in the evening.",
    "A friend of mine was taken to the hospital and sent home the same night. She would like to talk.",
]


def setup_django():
    for name in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL"):
        if not os.environ.get(name):
            raise SystemExit(f"{name} is not set: run `bash bench/run-load.sh`.")
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        raise SystemExit("DATABASE_URL must name PostgreSQL.")
    os.environ.update(PRODUCTION)
    import django

    django.setup()


# --- what the clients ask ----------------------------------------------------------------------


def resident_questions():
    questions = []
    for name in QUESTION_FILES:
        with open(ROOT / "bench" / "relevance" / name, newline="", encoding="utf-8") as file:
            questions += [row["question"] for row in csv.DictReader(file, delimiter="\t")]
    return questions


def targets_for(data, args, rng, progress):
    from django.urls import reverse

    from resources.models import Community, ResourcePage

    services = [str(u) for u in ResourcePage.objects.live().values_list("uuid", flat=True)]
    pages = resource_paths(len(services))
    quote = urllib.parse.quote_plus
    questions = resident_questions()
    zips = ["48326", "48009", "48342", "48302", "48084"]
    hsds = [f"/api/hsds/services?per_page=50&page={n}" for n in range(1, max(2, len(services) // 50) + 1)]
    hsds += [f"/api/hsds/services/{uuid}" for uuid in rng.sample(services, min(200, len(services)))]
    hsds += [f"/api/hsds/services?search={quote(q)}&postcode={rng.choice(zips)}" for q in questions[:40]]
    staff_pages = {name: urls for name, _kind, urls in casework.scenarios(data, rng)}
    referral_pages = staff_pages["referral page (timeline)"]
    partners = list(Community.objects.filter(is_partner=True).values_list("slug", flat=True))
    progress(
        f"{len(questions)} questions, {len(pages)} resource pages, {len(hsds)} HSDS paths, "
        f"{len(referral_pages)} referral pages"
    )
    return {
        "questions": questions,
        "pages": pages,
        "services": services,
        "hsds": hsds,
        "communities": [*partners, "other"],
        "lists": staff_pages["referrals ?status=open&community"] + staff_pages["referrals ?overdue=true"],
        "referrals": referral_pages,
        "contact_add": reverse("casework_contacts:add"),
    }


# --- counting ----------------------------------------------------------------------------------


class Tally:
    """Every request's seconds and outcome, per kind; accepted follow-up receipts and contacts."""

    def __init__(self):
        self.lock = threading.Lock()
        self.samples = collections.defaultdict(list)
        self.receipts, self.contacts, self.backends = [], 0, collections.Counter()
        self.statuses = collections.Counter()
        self.in_flight = 0

    def add(self, kind, seconds, outcome, status):
        with self.lock:
            self.samples[kind].append((seconds, outcome))
            if outcome != "ok":
                self.statuses[(kind, status)] += 1

    def flag(self, kind, what):
        """An answer with the expected status but not what a browser needs (no token, elsewhere)."""
        with self.lock:
            self.statuses[(kind, what)] += 1


def outcome_of(status, expected):
    if status in expected:
        return "ok"
    return "5xx" if status >= 500 else "other"


def timed(tally, kind, method, path, expected=(200,), headers=None, body=None, timeout=30):
    """One request on a new connection (gunicorn's sync workers close each one, as they would behind
    a proxy): (status, headers, body), or None when the connection failed."""
    connection = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    started = time.perf_counter()
    with tally.lock:
        tally.in_flight += 1
    try:
        connection.request(method, path, body, headers or {})
        response = connection.getresponse()
        content = response.read()
    except OSError as error:
        tally.add(kind, time.perf_counter() - started, "conn", type(error).__name__)
        return None
    finally:
        connection.close()
        with tally.lock:
            tally.in_flight -= 1
    tally.add(kind, time.perf_counter() - started, outcome_of(response.status, expected), response.status)
    return response.status, response.headers, content


# --- the clients -------------------------------------------------------------------------------


def public_targets(rng):
    kinds, weights = zip(*PUBLIC_MIX, strict=True)
    while True:
        yield rng.choices(kinds, weights)[0]


class Public:
    """What one resident or family does next; every request carries a client address as the
    trusted proxy would add it."""

    def __init__(self, targets, tally, args):
        self.targets, self.tally, self.args = targets, tally, args
        self.local = threading.local()
        self.lock = threading.Lock()
        base = random.Random().randrange(1, 200)  # a new range each run: Redis may keep old counts
        self.addresses = (f"10.{base}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))
        self.families = itertools.count(1)
        self.run = secrets.token_hex(3)

    def rng(self):
        if not hasattr(self.local, "rng"):
            self.local.rng = random.Random()
            self.local.address = self.address()
        return self.local.rng

    def address(self):
        with self.lock:
            return next(self.addresses)

    def get(self, kind, path, address=None, **extra):
        headers = {"X-Forwarded-For": address or self.local.address, **extra.pop("headers", {})}
        return timed(self.tally, kind, "GET", path, headers=headers, timeout=self.args.timeout, **extra)

    def __call__(self, kind):
        rng, t = self.rng(), self.targets
        if kind == "search":
            path = "/search/?q=" + urllib.parse.quote_plus(rng.choice(t["questions"]))
            if rng.random() < 0.25:
                answer = self.get("search", path + "&format=json")
                if answer and answer[0] == 200:
                    backend = re.search(rb'"backend": ?"(\w+)"', answer[2])
                    with self.tally.lock:
                        self.tally.backends[backend.group(1).decode() if backend else "?"] += 1
                return True
            return self.get("search", path) is not None
        if kind == "resource":
            return self.get("resource", rng.choice(t["pages"])) is not None
        if kind == "hsds":
            return self.get("hsds", rng.choice(t["hsds"])) is not None
        return self.family(rng)

    def family(self, rng):
        """A family asks for a follow-up: the form, the send, the thank-you page, from its own address."""
        address, number = self.address(), next(self.families)
        answer = self.get("form", FORM, address)
        if answer is None or answer[0] != 200:
            return False
        cookie = next(
            (
                v.split(";", 1)[0]
                for k, v in answer[1].items()
                if k.lower() == "set-cookie" and "csrftoken" in v
            ),
            "",
        )
        token = TOKEN.search(answer[2].decode())
        if not cookie or not token:
            self.tally.flag("form", "no CSRF token")
            return False
        fields = {
            "csrfmiddlewaretoken": token.group(1),
            "relationship": rng.choice(["family", "friend"]),
            "name": f"Load Family {number}",
            "phone": f"248-555-{rng.randrange(100, 200):04d}" if rng.random() < 0.5 else "",
            "email": f"family-{self.run}-{number}@example.org",
            "best_time": rng.choice(["any", "morning", "evening"]),
            "community": rng.choice(self.targets["communities"]),
            "person": rng.choice(["", "J.", "my brother", "Sam"]),
            "message": rng.choice(MESSAGES),
            "resource": rng.choice(self.targets["services"]) if rng.random() < 0.3 else "",
            "consent": "on",
            "website": "",
        }
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "X-Forwarded-For": address,
        }
        body = urllib.parse.urlencode(fields)
        answer = timed(self.tally, "submit", "POST", FORM, (302,), headers, body, timeout=self.args.timeout)
        if answer is None or answer[0] != 302:
            return False
        location = answer[1].get("Location", "")
        if not location.startswith(RECEIVED):
            self.tally.flag("submit", "redirected elsewhere")
            return False
        with self.tally.lock:
            self.tally.receipts.append(location[len(RECEIVED) :].strip("/"))
        return self.get("thanks", location, address) is not None


class Staff:
    """A clinician's round in the back office: the dashboard, the referral list, a referral's page,
    and a contact logged on it (the form, then the outcome button)."""

    def __init__(self, sessions, targets, tally, args):
        self.sessions, self.targets, self.tally, self.args = list(sessions), targets, tally, args
        self.local = threading.local()
        self.lock = threading.Lock()

    def session(self):
        if not hasattr(self.local, "session"):
            with self.lock:
                self.local.session = self.sessions.pop()
                self.local.rng = random.Random()
        return self.local.session, self.local.rng

    def get(self, kind, path, session):
        answer = timed(
            self.tally, kind, "GET", path, headers={"Cookie": session.cookie}, timeout=self.args.timeout
        )
        time.sleep(self.args.staff_pause)
        return answer

    def __call__(self, _round):
        session, rng = self.session()
        t = self.targets
        self.get("dashboard", "/admin/", session)
        self.get("list", rng.choice(t["lists"]), session)
        page = rng.choice(t["referrals"])
        self.get("referral", page, session)
        referral = re.search(r"/inspect/(\d+)/", page).group(1)
        add = f"{t['contact_add']}?referral={referral}"
        answer = self.get("contact form", add, session)
        if answer is None or answer[0] != 200:
            return False
        token = TOKEN.search(answer[2].decode())
        from django.utils import timezone

        now = timezone.localtime()
        fields = {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "referral": referral,
            "contacted_at": now.strftime("%Y-%m-%d %H:%M"),
            "method": rng.choice(["phone", "text"]),
            "with_whom": "person",
            "notes": "Called back after the family's request; doing a little better.",
            "next_due": (now.date() + datetime.timedelta(days=7)).isoformat(),
            "outcome": rng.choice(["reached", "left-message", "no-answer"]),
        }
        headers = {"Cookie": session.cookie, "Content-Type": "application/x-www-form-urlencoded"}
        answer = timed(
            self.tally,
            "contact",
            "POST",
            add,
            (302,),
            headers,
            urllib.parse.urlencode(fields),
            self.args.timeout,
        )
        if answer and answer[0] == 302 and "/casework/referrals/inspect/" in answer[1].get("Location", ""):
            with self.tally.lock:
                self.tally.contacts += 1
        time.sleep(self.args.staff_pause)
        return True


# --- one run -----------------------------------------------------------------------------------


def tree_ticks(pids):
    """CPU ticks (user and system) of these processes and all their descendants so far, with what
    their children that already exited used; a process gone by now counts 0."""
    total, seen, stack = 0, set(), list(pids)
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            for task in Path(f"/proc/{pid}/task").iterdir():
                stack += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return total


def service_pids():
    """PostgreSQL's postmaster, Redis and Elasticsearch, when bench/run-load.sh names them."""
    return [int(pid) for pid in os.environ.get("LOAD_SERVICE_PIDS", "").split() if pid.isdigit()]


def run_load(args, targets, sessions, server, progress):
    """The public clients and the staff at once for `seconds`; returns the tally and the machine's
    CPU figures over the same time."""
    rng = random.Random(14)
    warm = Tally()
    progress(f"warm-up, {min(20, args.clients)} clients, {args.warm_up:g} s…")
    load(Public(targets, warm, args), public_targets(rng), min(20, args.clients), args.warm_up, 10**9)
    tally = Tally()
    tally.receipts, tally.contacts = warm.receipts, warm.contacts  # every accepted one is looked up
    workers, services = worker_pids(server), service_pids()
    ticks, client = cpu_ticks(), os.times()
    gunicorn_ticks, service_ticks = tree_ticks([server.pid]), tree_ticks(services)
    load_before = os.getloadavg()[0]
    progress(f"{args.clients} clients and {len(sessions)} staff for {args.seconds:g} s…")
    staff = Staff(sessions, targets, tally, args)
    staff_thread = threading.Thread(
        target=load, args=(staff, itertools.count(), len(sessions), args.seconds, 10**9), daemon=True
    )
    started = time.perf_counter()
    staff_thread.start()
    load(Public(targets, tally, args), public_targets(rng), args.clients, args.seconds, 10**9)
    staff_thread.join(timeout=args.seconds + 60)
    for _ in range(int(args.timeout * 10) + 10):  # a straggler still waiting for its answer
        if tally.in_flight == 0:
            break
        time.sleep(0.1)
    wall = time.perf_counter() - started
    machine = [b - a for a, b in zip(ticks, cpu_ticks(), strict=True)]
    client_after = os.times()
    hertz, cpus = os.sysconf("SC_CLK_TCK"), os.cpu_count()
    capacity = wall * cpus
    cpu = {
        "wall": wall,
        "stolen": stolen_share(ticks, cpu_ticks()),
        "busy": (sum(machine[:8]) - machine[3] - machine[4]) / max(1, sum(machine[:8])),
        "gunicorn": (tree_ticks([server.pid]) - gunicorn_ticks) / hertz / capacity,
        "services": (tree_ticks(services) - service_ticks) / hertz / capacity if services else None,
        "client": (client_after.user + client_after.system - client.user - client.system) / capacity,
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "in_flight": tally.in_flight,
        "restarted": sorted(set(workers) - set(worker_pids(server))),
    }
    return tally, cpu


def count_stored(since, tally):
    """Accepted follow-up requests against the rows stored since the run began, and each accepted
    receipt looked up by its reference; the same for the staff's contacts."""
    from referrals.models import FollowUpContact, FollowUpRequest
    from referrals.receipts import reference_from

    references = {reference_from(receipt, max_age=24 * 3600) for receipt in tally.receipts} - {None}
    stored = FollowUpRequest.objects.filter(created_at__gte=since)
    found = FollowUpRequest.objects.filter(reference__in=references).count()
    return {
        "accepted": len(tally.receipts),
        "receipts": len(references),
        "stored": stored.count(),
        "found": found,
        "contacts accepted": tally.contacts,
        "contacts stored": FollowUpContact.objects.filter(updated_at__gte=since).count(),
    }


# --- the report --------------------------------------------------------------------------------


def print_report(args, tally, cpu, counts, memory, describe):
    print(f"\n{describe}\n")
    header = [("kind", 28), ("requests", 9), ("5xx", 5), ("conn err", 9), ("other", 6), ("median ms", 10)]
    header += [("p95 ms", 8), ("p99 ms", 8), ("max ms", 8), ("req/s", 7)]
    print(header[0][0].ljust(header[0][1]) + "".join(f"{name:>{width}}" for name, width in header[1:]))
    totals = collections.Counter()

    def line(name, samples):
        seconds = [s for s, _o in samples]
        outcomes = collections.Counter(o for _s, o in samples)
        r = summary(seconds)
        p99 = percentile(seconds, 0.99) * 1000
        print(
            f"{name:<28}{r['n']:>9}{outcomes['5xx']:>5}{outcomes['conn']:>9}{outcomes['other']:>6}"
            f"{r['median_ms']:>10.1f}{r['p95_ms']:>8.1f}{p99:>8.1f}{r['max_ms']:>8.1f}"
            f"{len(seconds) / cpu['wall']:>7.1f}"
        )
        return outcomes

    everything, public, staff = [], [], []
    for kind, name in KINDS:
        samples = tally.samples.get(kind, [])
        if not samples:
            continue
        totals.update(line(name, samples))
        everything += samples
        (public if kind in PUBLIC_KINDS else staff).extend(samples)
    for name, samples in (("all public", public), ("all staff", staff), ("all", everything)):
        if samples:
            line(name, samples)
    ours = cpu["gunicorn"] + cpu["client"] + (cpu["services"] or 0)
    services = (
        f"PostgreSQL, Redis and Elasticsearch {cpu['services']:.0%}, everything else on the machine "
        f"{max(0.0, cpu['busy'] - ours):.0%}"
        if cpu["services"] is not None
        else f"the rest {max(0.0, cpu['busy'] - ours):.0%} (the services and anything else)"
    )
    print(
        f"\nwall {cpu['wall']:.1f} s (the load and the last answers); CPU over it, as shares of "
        f"{os.cpu_count()} CPUs: stolen by the hypervisor {cpu['stolen']:.0%}, busy {cpu['busy']:.0%}: "
        f"gunicorn {cpu['gunicorn']:.0%}, this client {cpu['client']:.0%}, {services}; load average (1 min) "
        f"{cpu['load_before']:.1f} before, {cpu['load_after']:.1f} at the end"
    )
    if tally.backends:
        print(
            "search answered by (JSON searches): "
            + ", ".join(f"{k} {v}" for k, v in tally.backends.most_common())
        )
    if tally.statuses:
        print(
            "unexpected answers: "
            + ", ".join(
                f"{kind} {status} ×{count}" for (kind, status), count in tally.statuses.most_common(12)
            )
        )
    print(
        f"follow-up requests: accepted {counts['accepted']} (redirected to the thank-you page, warm-up "
        f"included), stored {counts['stored']} rows since the start, {counts['found']} of the accepted "
        f"receipts found by reference; contacts: accepted {counts['contacts accepted']}, stored "
        f"{counts['contacts stored']}"
    )
    print("peak memory per gunicorn worker (VmHWM): " + ", ".join(f"{mb:.0f} MB" for mb in memory))
    if cpu["restarted"]:
        print(f"gunicorn workers replaced during the run: {len(cpu['restarted'])}")
    missed = []
    if totals["5xx"]:
        missed.append(f"{totals['5xx']} server errors")
    if totals["conn"]:
        missed.append(f"{totals['conn']} connection errors")
    if cpu["in_flight"]:
        missed.append(f"{cpu['in_flight']} requests still unanswered")
    lost = counts["accepted"] - counts["found"]
    if lost or counts["stored"] != counts["accepted"] or counts["receipts"] != counts["accepted"]:
        missed.append(
            f"submissions: accepted {counts['accepted']}, stored {counts['stored']}, found {counts['found']}"
        )
    if counts["contacts stored"] != counts["contacts accepted"]:
        missed.append(f"contacts: accepted {counts['contacts accepted']}, stored {counts['contacts stored']}")
    if not counts["accepted"]:
        missed.append("no follow-up request was accepted")
    print(
        "targets (0 server errors, 0 connection errors, 0 lost submissions): "
        + ("met" if not missed else "missed — " + "; ".join(missed))
    )
    return not missed


def describe_run(args, sessions, load_at_start):
    from django.conf import settings
    from django.db import connection

    from resources.models import ResourcePage

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    workers = f"{args.workers} {args.worker_class} workers" + (
        f" × {args.threads} threads" if args.worker_class == "gthread" else ""
    )
    return (
        f"{ResourcePage.objects.live().count():,} services, {args.people:,} people, {args.referrals:,} "
        f"referrals, {args.contacts:,} contacts; gunicorn {workers}, production settings, PostgreSQL "
        f"{version}, Redis, Elasticsearch ({settings.ELASTICSEARCH_ANALYSIS} analysis, timeout "
        f"{settings.ELASTICSEARCH_TIMEOUT:g} s); {args.clients} public clients back to back (mix "
        + ", ".join(f"{kind} {weight}%" for kind, weight in PUBLIC_MIX)
        + f"; a family: form, send, thank-you page, each from its own X-Forwarded-For address, "
        f"FOLLOW_UP_RATE {settings.FOLLOW_UP_RATE}, TRUSTED_PROXY_COUNT 1) "
        f"and {len(sessions)} clinician(s) ({args.staff_pause:g} s between pages) for {args.seconds:g} s; "
        f"{os.cpu_count()} CPUs; load average at the start {load_at_start:.1f}; preliminary: the machine "
        "is shared"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200, help="public clients at once")
    parser.add_argument("--staff", type=int, default=2, choices=[0, 1, 2], help="clinicians at once")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warm-up", type=float, default=5)
    parser.add_argument("--timeout", type=float, default=30, help="seconds a client waits for an answer")
    parser.add_argument("--staff-pause", type=float, default=0.5, help="seconds between a clinician's pages")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--services", type=int, default=2000, help="directory services")
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--referrals", type=int, default=6000)
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=200, help="follow-up requests seeded")
    parser.add_argument("--deadline", type=int, default=900, help="seconds for the whole run")
    args = parser.parse_args()
    args.password, args.days, args.linked_share = secrets.token_urlsafe(16), casework.DAYS, 0.3
    signal.signal(signal.SIGALRM, on_deadline)
    signal.signal(signal.SIGTERM, on_terminate)
    signal.alarm(args.deadline)
    progress = Progress("load")
    load_at_start = os.getloadavg()[0]
    setup_django()
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    progress("migrate, collectstatic")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    data = casework.seed(args, progress)
    progress("reindex (database and Elasticsearch)")
    call_command("reindex", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed with the process
    targets = targets_for(data, args, random.Random(7), progress)
    connections.close_all()

    os.environ["TRUSTED_PROXY_COUNT"] = "1"  # the families' addresses come in X-Forwarded-For
    gunicorn_args = f"--worker-class {args.worker_class}"
    if args.worker_class == "gthread":
        gunicorn_args += f" --threads {args.threads}"
    os.environ["GUNICORN_CMD_ARGS"] = gunicorn_args  # read by gunicorn: casework starts it
    since = timezone.now()
    server = casework.start_gunicorn(args.workers)
    try:
        sessions = [
            Session(name, args.password) for name in ("bench-clinician", "bench-colleague")[: args.staff]
        ]
        tally, cpu = run_load(args, targets, sessions, server, progress)
        memory = [peak_rss_mb(pid) for pid in worker_pids(server)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    progress("counting what was stored")
    counts = count_stored(since, tally)
    signal.alarm(0)
    met = print_report(args, tally, cpu, counts, memory, describe_run(args, sessions, load_at_start))
    if not met:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
