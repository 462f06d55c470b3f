"""The clinician's casework pages against gunicorn (production settings), PostgreSQL and Redis.

A fresh database is filled (bulk inserts, values encrypted on the way in as the model fields do)
with 50,000 people, 60,000 referrals and 200,000 follow-up contacts, some linked directory
services and a few hundred follow-up requests, over the 3 partner communities and 12 months. A
clinician signs in through /admin/login/ (a real POST with its CSRF token), then each page is
loaded by concurrent clients for a fixed time:

- the referral list filtered (open in a community; follow-up overdue), page 1;
- a referral's page, the timeline of a person with several referrals;
- a search by name, in the referral list and in the people list;
- triage: a POST taking a follow-up request on as a referral for a person already known (each
  request can be taken on once, so every POST has its own).

Each row: requests, errors, median, p95, max, requests/s, the SQL queries and the values
decrypted per page (counted in-process with Django's test client on the same database), the
target and the share of CPU stolen by the hypervisor. Then the gunicorn workers' peak RSS.

Baseline, in the same run and in-process: page 1 of the filtered list loaded the way a plain
generic listing would (every field of every row and of its person, so every encrypted value
decrypted) against the listing's own `.only()` queryset (`ReferralIndexView.get_base_queryset()`).

Needs DATABASE_URL (PostgreSQL) and REDIS_URL: `bash bench/run-casework.sh` starts both on
loopback on ports of their own. Everything is bounded: each load row by --seconds, the whole run
by --deadline.
"""

import argparse
import datetime
import functools
import http.client
import http.cookiejar
import itertools
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.pages import PRODUCTION, ROOT, cpu_ticks, peak_rss_mb, stolen_share, worker_pids  # noqa: E402

PORT = 8941  # bench/pages.py serves on 8931: the two may run at the same time
HOST = "127.0.0.1"
DAYS = 365  # the period the records are spread over (args.days: bench/reports.py seeds 3 years)
TARGETS_MS = {"list": 150, "timeline": 150, "search": 150, "triage": 200}

FIRST_NAMES = """
James Robert John Michael David William Richard Joseph Thomas Charles Christopher Daniel Matthew
Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward
Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin
Samuel Gregory Alexander Patrick Frank Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan
Henry Zachary Douglas Peter Kyle Noah Ethan Jeremy Walter Christian Keith Roger Terry Austin Sean
Marcus Luis Carlos Juan Miguel Omar Ahmed Ali Hassan Wei Hiroshi Dmitri Kwame Mary Patricia
Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Sandra Margaret Ashley
Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Dorothy Rebecca Sharon Laura
Cynthia Amy Kathleen Angela Shirley Brenda Emma Anna Pamela Nicole Samantha Katherine Christine
Helen Debra Rachel Carolyn Janet Maria Catherine Heather Diane Olivia Julie Joyce Victoria Ruth
Virginia Lauren Kelly Christina Joan Evelyn Judith Andrea Hannah Megan Cheryl Jacqueline Martha
Madison Teresa Gloria Sara Janice Ann Kathryn Abigail Sophia Frances Jean Alice Judy Isabella
Julia Grace Amber Denise Danielle Marilyn Beverly Charlotte Natalie Theresa Diana Brittany Doris
Kayla Alexis Lori Marie Fatima Aisha Mei Yuki Ana Lucia Sofia Priya Nadia Layla Tamika Keisha
""".split()  # noqa: SIM905 - a word list is easier to read as text
LAST_NAMES = """
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark
Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams
Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker
Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper
Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James
Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster
Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher
Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno
West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall
Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb
Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason
Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren
Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne
Grant Dunn Kelley Spencer Hawkins Arnold Pierce Hansen Peters Santos Hart Bradley Knight Elliott
Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Ruiz Harper Fox Kowalski Nowak
Haddad Khoury Yilmaz Okafor Mensah Tanaka Sato Ivanov Novak
""".split()  # noqa: SIM905 - a word list is easier to read as text
NOTES = [
    "Called after a welfare check; says the nights are the hardest and sleep is poor.",
    "Family worried about increased drinking since the job loss in the spring.",
    "Heard voices telling him to leave the house; calmer once his sister arrived.",
    "Talked about feeling hopeless; safety plan made together with her partner.",
    "Neighbour called police; he had not eaten for days and the heat was off.",
    "Mother asks for help finding a counselor who takes her insurance.",
]
CONTACT_NOTES = [
    "Spoke briefly, prefers a call in the evening.",
    "Left a voicemail with the crisis line number.",
    "Reached the sister, who will pass on the message.",
    "Doing better; has the first counseling appointment next week.",
    "No answer; will try again on Monday.",
]
CONCERNS = [
    "suicidal",
    "self-harm",
    "psychosis",
    "substance",
    "distress",
    "confusion",
    "family",
    "housing",
    "welfare",
]
OPEN_STATUSES = ["new", "accepted", "in-progress"]
CLOSED_STATUSES = [
    ("completed", "connected"),
    ("completed", "stable"),
    ("completed", "already-in-care"),
    ("unable-to-reach", "not-reached"),
    ("declined", "declined"),
    ("transferred", "referred-elsewhere"),
]
CONTACT_OUTCOMES = ["reached", "reached", "left-message", "no-answer", "no-answer", "declined"]


class Progress:
    """Progress lines on stderr, with the seconds since the run began."""

    def __init__(self, bench="casework"):
        self.bench, self.started = bench, time.perf_counter()

    def __call__(self, line):
        print(
            f"  [{self.bench} {time.perf_counter() - self.started:6.0f} s] {line}",
            file=sys.stderr,
            flush=True,
        )


class Deadline(Exception):
    pass


def on_deadline(signum, frame):
    raise Deadline("the run took longer than --deadline: stopped")


def on_terminate(signum, frame):
    raise SystemExit("terminated")


def setup_django():
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            raise SystemExit(f"{name} is not set: run `bash bench/run-casework.sh`.")
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        raise SystemExit("DATABASE_URL must name PostgreSQL.")
    os.environ.update(PRODUCTION)
    import django

    django.setup()


# --- seeding -----------------------------------------------------------------------------------


@functools.cache
def name_digests(first, last):
    from referrals.lookup_keys import name_keys

    return sorted(name_keys(first, last))


def random_phone(rng):
    return f"+1248{rng.randrange(200, 999)}{rng.randrange(0, 10000):04d}"


def chunks(count, size):
    for start in range(0, count, size):
        yield start, min(size, count - start)


def seed(args, progress):
    from django.contrib.auth.models import Group, User
    from django.db import connection

    from bench.bulk_seed import seed as seed_resources
    from referrals.models import FollowUpRequest, Person, PersonNameKey
    from resources.models import Community, ResourcePage

    rng = random.Random(20240601)
    now = datetime.datetime.now(datetime.UTC)
    communities = list(Community.objects.filter(is_partner=True).order_by("name")[:3])
    clinicians = []
    for username in ("bench-clinician", "bench-colleague"):
        user = User.objects.create_user(
            username=username, password=args.password, first_name=username.title()
        )
        user.groups.add(Group.objects.get(name="Clinicians"))
        clinicians.append(user)

    seed_resources(args.services, progress=lambda line: None)
    services = list(ResourcePage.objects.live().values_list("pk", "title"))
    progress(f"{len(services)} directory services")

    person_pks, person_names = seed_people(args.people, rng, communities, progress)
    referrals_of = seed_referrals(args, rng, now, person_pks, communities, clinicians, services, progress)

    progress("dates: people and referrals created when first met")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE referrals_referral SET created_at = occurred_at, updated_at = occurred_at")
        cursor.execute(
            "UPDATE referrals_person p SET created_at = f.first, updated_at = f.first FROM "
            "(SELECT person_id, min(occurred_at) AS first FROM referrals_referral GROUP BY person_id) f "
            "WHERE p.id = f.person_id"
        )

    triage_pool = seed_requests(args, rng, now, person_pks, person_names, communities, services, progress)
    progress("VACUUM ANALYZE (as autovacuum would have by now)")
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    counts = {
        "people": Person.objects.count(),
        "name keys": PersonNameKey.objects.count(),
        "referrals": sum(len(v) for v in referrals_of.values()),
        "requests": FollowUpRequest.objects.count(),
    }
    progress("seeded: " + ", ".join(f"{value:,} {name}" for name, value in counts.items()))
    return {
        "clinician": clinicians[0],
        "communities": communities,
        "person_pks": person_pks,
        "person_names": person_names,
        "referrals_of": referrals_of,
        "triage_pool": triage_pool,
    }


def seed_people(count, rng, communities, progress):
    from django.db import transaction

    from referrals.models import Person, PersonNameKey

    pks, names = [], []
    for start, size in chunks(count, 5000):
        people = []
        for number in range(start, start + size):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            person = Person(
                first_name=first,
                last_name=last,
                date_of_birth=datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 65))
                if rng.random() < 0.8
                else None,
                age_estimate=rng.randrange(18, 80) if rng.random() < 0.1 else None,
                phone=random_phone(rng) if rng.random() < 0.75 else "",
                email=f"{first.lower()}.{last.lower()}{number}@example.org" if rng.random() < 0.35 else "",
                community=rng.choice(communities),
                voicemail_ok=rng.choice([True, False, None]),
                text_ok=rng.choice([True, False, None]),
            )
            for name, digest in person.lookup_fields().items():
                setattr(person, name, digest)
            people.append(person)
            names.append((first, last))
        with transaction.atomic():
            Person.objects.bulk_create(people, batch_size=1000)
            PersonNameKey.objects.bulk_create(
                (
                    PersonNameKey(person_id=person.pk, digest=digest)
                    for person in people
                    for digest in name_digests(person.first_name, person.last_name)
                ),
                batch_size=5000,
            )
        pks.extend(person.pk for person in people)
        progress(f"people {start + size:,}/{count:,}")
    return pks, names


def referral_owners(args, rng, person_pks):
    """Each person one referral; what is left over goes to repeat clients, 4 more each."""
    owners = list(person_pks[: args.referrals])
    extra = args.referrals - len(owners)
    frequent = rng.sample(person_pks, min(len(person_pks), -(-extra // 4))) if extra > 0 else []
    for pk in itertools.cycle(frequent):
        if len(owners) >= args.referrals:
            break
        owners.append(pk)
    return owners


def seed_referrals(args, rng, now, person_pks, communities, clinicians, services, progress):
    from django.db import transaction

    from referrals.models import FollowUpContact, Referral, ReferralResource

    owners = referral_owners(args, rng, person_pks)
    contacts_per = [0] * len(owners)
    for index in rng.choices(range(len(owners)), k=args.contacts):
        contacts_per[index] += 1
    community_of = {pk: rng.choice(communities) for pk in set(owners)}
    referrals_of, made_contacts, made_links = {}, 0, 0
    for start, size in chunks(len(owners), 5000):
        referrals, plans = [], []
        for index in range(start, start + size):
            occurred = now - datetime.timedelta(days=rng.uniform(0, args.days), minutes=rng.randrange(60))
            recent = (now - occurred).days < 45
            closed = rng.random() < (0.15 if recent else 0.92)
            status, outcome = rng.choice(CLOSED_STATUSES) if closed else (rng.choice(OPEN_STATUSES), "")
            closed_at = min(now, occurred + datetime.timedelta(days=rng.uniform(2, 60))) if closed else None
            co_response = rng.random() < 0.7
            referral = Referral(
                person_id=owners[index],
                source="co-response" if co_response else rng.choice(["walk-in", "phone", "family-request"]),
                police_department=rng.choice(["Auburn Hills PD", "Birmingham PD", "Oakland County Sheriff"])
                if co_response
                else "",
                incident_number=f"{occurred:%y}-{rng.randrange(10**6):06d}" if co_response else "",
                community=community_of[owners[index]] if rng.random() < 0.9 else rng.choice(communities),
                occurred_at=occurred,
                concern=rng.choice(CONCERNS),
                concern_notes=rng.choice(NOTES) if rng.random() < 0.85 else "",
                risk=rng.choice(["low", "low", "moderate", "high", "imminent"]),
                disposition=rng.choice(["resolved", "voluntary-transport", "er-diversion", ""]),
                status=status,
                outcome=outcome,
                assigned_to=rng.choice(clinicians),
                consent_to_share=co_response,
                consent_date=occurred.date() if co_response else None,
                closed_at=closed_at,
            )
            contacts = sorted(
                occurred + (min(now, closed_at or now) - occurred) * rng.random()
                for _ in range(contacts_per[index])
            )
            if contacts and not closed:
                referral.next_contact_due = (contacts[-1] + datetime.timedelta(days=7)).date()
            referrals.append(referral)
            plans.append((contacts, closed))
        with transaction.atomic():
            Referral.objects.bulk_create(referrals, batch_size=1000)
            contacts = []
            for referral, (times, closed) in zip(referrals, plans, strict=True):
                referrals_of.setdefault(referral.person_id, []).append(referral.pk)
                for number, when in enumerate(times):
                    last = number == len(times) - 1
                    contacts.append(
                        FollowUpContact(
                            referral_id=referral.pk,
                            contacted_at=when,
                            method=rng.choice(["phone", "phone", "text", "visit"]),
                            with_whom=rng.choice(["person", "person", "family"]),
                            outcome=rng.choice(CONTACT_OUTCOMES),
                            notes=rng.choice(CONTACT_NOTES) if rng.random() < 0.7 else "",
                            next_due=None if closed and last else (when + datetime.timedelta(days=7)).date(),
                            by_id=referral.assigned_to_id,
                        )
                    )
            FollowUpContact.objects.bulk_create(contacts, batch_size=2000)
            links = []
            for referral in referrals:
                if rng.random() < args.linked_share:
                    for pk, title in rng.sample(services, rng.choice([1, 1, 2])):
                        links.append(
                            ReferralResource(
                                referral_id=referral.pk,
                                resource_id=pk,
                                resource_title=title,
                                status=rng.choice(["suggested", "referred", "connected", "declined"]),
                                status_date=referral.occurred_at.date(),
                            )
                        )
            ReferralResource.objects.bulk_create(links, batch_size=2000)
        made_contacts += len(contacts)
        made_links += len(links)
        progress(
            f"referrals {start + size:,}/{len(owners):,}, contacts {made_contacts:,}, links {made_links:,}"
        )
    return referrals_of


def seed_requests(args, rng, now, person_pks, person_names, communities, services, progress):
    """Requests already dealt with, and new ones about people already known, for triage."""
    from django.db import connection

    from referrals.models import FollowUpRequest

    requests, about = [], []
    for number in range(args.requests):
        index = rng.randrange(len(person_pks))
        first, last = person_names[index]
        new = number < args.requests * 3 // 4
        request = FollowUpRequest(
            relationship=rng.choice(["family", "friend", "professional"]),
            name=f"{rng.choice(FIRST_NAMES)} {last}",
            phone=random_phone(rng),
            best_time=rng.choice(["any", "morning", "evening"]),
            community=rng.choice(communities),
            person=f"{first} {last}",
            message="He had a hard night and agreed that someone could call him tomorrow.",
            resource_id=rng.choice(services)[0] if rng.random() < 0.5 else None,
            consent=True,
            status="new" if new else rng.choice(["closed", "closed", "duplicate", "spam"]),
        )
        for name, digest in request.lookup_fields().items():
            setattr(request, name, digest)
        requests.append(request)
        about.append(person_pks[index])
    FollowUpRequest.objects.bulk_create(requests, batch_size=1000)
    with connection.cursor() as cursor:
        for request in requests:
            if request.status != "new":
                cursor.execute(
                    "UPDATE referrals_followuprequest SET created_at = %s WHERE id = %s",
                    [now - datetime.timedelta(days=rng.uniform(7, args.days)), request.pk],
                )
    progress(f"{len(requests)} follow-up requests")
    return [
        (request, person) for request, person in zip(requests, about, strict=True) if request.status == "new"
    ]


def triage_posts(pool, progress):
    """(request pk, the chosen person's pk, community pk) for each new request whose person the
    triage page offers: what a clinician would pick."""
    from referrals import triage

    posts = []
    for request, person in pool:
        offered = [candidate.pk for candidate, reasons in triage.candidates(request)]
        if offered:
            posts.append((request.pk, person if person in offered else offered[0], request.community_id))
    progress(f"{len(posts)} requests ready for triage")
    return posts


# --- the pages ---------------------------------------------------------------------------------


def scenarios(data, rng):
    communities = [c.pk for c in data["communities"]]
    frequent = [pk for pk, referrals in data["referrals_of"].items() if len(referrals) >= 4]
    some = rng.sample(range(len(data["person_pks"])), 100)
    names = [data["person_names"][i] for i in some]
    quote = urllib.parse.quote_plus
    referrals, people = "/admin/casework/referrals/", "/admin/casework/people/"
    return [
        (
            "referrals ?status=open&community",
            "list",
            [f"{referrals}?status=open&community={c}" for c in communities],
        ),
        (
            "referrals ?overdue=true",
            "list",
            [f"{referrals}?overdue=true", *(f"{referrals}?overdue=true&community={c}" for c in communities)],
        ),
        (
            "referral page (timeline)",
            "timeline",
            [
                f"{referrals}inspect/{rng.choice(data['referrals_of'][pk])}/"
                for pk in rng.sample(frequent, min(100, len(frequent)))
            ],
        ),
        ("referrals ?q=first last", "search", [f"{referrals}?q={quote(f'{a} {b}')}" for a, b in names]),
        ("people ?q=first last", "search", [f"{people}?q={quote(f'{a} {b}')}" for a, b in names]),
        ("people ?q=last name", "search", [f"{people}?q={quote(b)}" for _a, b in names]),
    ]


def triage_body(post, token):
    request_pk, person_pk, community_pk = post
    fields = {
        "csrfmiddlewaretoken": token,
        "decision": "referral",
        "person": person_pk,
        "community": community_pk,
        "concern": "distress",
        "risk": "moderate",
        "first_name": "",
        "last_name": "",
        "duplicate_of": "",
    }
    return f"/admin/follow-up-requests/triage/{request_pk}/", urllib.parse.urlencode(fields)


class Counted:
    """While installed: the values decrypted (every call of the key ring's decrypt)."""

    def __enter__(self):
        from referrals.encryption import KeyRing

        self.original, self.calls = KeyRing.decrypt, 0

        def decrypt(ring, stored, context):
            self.calls += 1
            return self.original(ring, stored, context)

        KeyRing.decrypt = decrypt
        return self

    def __exit__(self, *exc):
        from referrals.encryption import KeyRing

        KeyRing.decrypt = self.original


def in_process_counts(pages, clinician, reserved_post, loads=5):
    """Per page, by Django's test client in this process on the same database (no HTTP, no
    gunicorn): the SQL queries and values decrypted, and the median time of the whole view and of
    its SQL over `loads` loads, after a first load that fills the caches. Triage is one POST."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    client.force_login(clinician)

    def counted(send):
        with Counted() as decrypted, CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = send()
            spent = time.perf_counter() - started
        sql = sum(float(query["time"]) for query in captured.captured_queries)
        return response, (len(captured.captured_queries), decrypted.calls, spent * 1000, sql * 1000)

    counts = {}
    for name, _kind, urls in pages:
        client.get(urls[0])
        samples = [counted(lambda url=urls[0]: client.get(url)) for _ in range(loads)]
        if any(response.status_code != 200 for response, _c in samples):
            raise SystemExit(f"{urls[0]} did not answer 200 in-process")
        queries, decrypts = samples[-1][1][:2]
        django_ms = statistics.median(c[2] for _r, c in samples)
        sql_ms = statistics.median(c[3] for _r, c in samples)
        counts[name] = (queries, decrypts, django_ms, sql_ms)
    path, body = triage_body(reserved_post, "")
    response, counts["triage (POST)"] = counted(
        lambda: client.post(path, body, content_type="application/x-www-form-urlencoded")
    )
    if response.status_code != 302:
        raise SystemExit(f"triage answered {response.status_code} in-process")
    return counts


def baseline(communities, rows, repeats):
    """Page 1 of the filtered list: every field read (and so decrypted: values are opened on first
    read) against the listing's `.only()` queryset reading the two name fields it shows."""
    from referrals.models import CLOSED, Referral
    from referrals.viewsets.referrals import ReferralIndexView

    def filtered(queryset, community):
        return queryset.filter(community=community).exclude(status__in=CLOSED).order_by("-occurred_at")[:rows]

    from referrals.encryption import EncryptedMixin

    def sealed_fields(model):
        return [field.name for field in model._meta.fields if isinstance(field, EncryptedMixin)]

    referral_fields, person_fields = (
        sealed_fields(Referral),
        sealed_fields(Referral.person.field.related_model),
    )

    def read_everything(rows_loaded):
        """As a generic listing showing every field would: every value of the row and its person."""
        return [
            (
                [getattr(r, name) for name in referral_fields],
                [getattr(r.person, name) for name in person_fields],
            )
            for r in rows_loaded
        ]

    def read_what_the_list_shows(rows_loaded):
        return [referral.person.display_name for referral in rows_loaded]

    loaders = {
        "every field (select_related person)": lambda c: read_everything(
            list(filtered(Referral.objects.select_related("person"), c))
        ),
        "listing's .only() queryset": lambda c: read_what_the_list_shows(
            list(filtered(ReferralIndexView().get_base_queryset(), c))
        ),
    }
    samples = {name: [] for name in loaders}
    decrypts = {}
    for community in communities:  # warm
        for load in loaders.values():
            load(community)
    for number in range(repeats):
        community = communities[number % len(communities)]
        for name, load in loaders.items():
            with Counted() as decrypted:
                started = time.perf_counter()
                loaded = load(community)
                samples[name].append(time.perf_counter() - started)
            decrypts[name] = decrypted.calls
            assert len(loaded) == rows, "too few open referrals for a full page"
    return [(name, summary(values), decrypts[name]) for name, values in samples.items()]


# --- load --------------------------------------------------------------------------------------


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(seconds):
    return {
        "n": len(seconds),
        "median_ms": statistics.median(seconds) * 1000,
        "p95_ms": percentile(seconds, 0.95) * 1000,
        "max_ms": max(seconds) * 1000,
        "per_s": len(seconds) / sum(seconds),
    }


class Session:
    """A signed-in clinician's cookies, used by plain HTTP/1.1 requests (gunicorn's sync workers
    close each connection, as they would behind a proxy). Signed in as staff are, with a code from
    an authenticator app (one is set up for the user here)."""

    def __init__(self, username, password):
        from django.contrib.auth import get_user_model

        from portal.staff.testing import current_code

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        login = f"http://{HOST}:{PORT}/admin/login/"
        page = opener.open(login, timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        code = current_code(get_user_model().objects.get(username=username))  # an authenticator app
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": username, "password": password, "otp_token": code,
             "next": "/admin/"}
        )  # fmt: skip
        answer = opener.open(urllib.request.Request(login, form.encode(), method="POST"), timeout=30)
        cookies = {cookie.name: cookie.value for cookie in jar}
        if "sessionid" not in cookies or not answer.url.rstrip("/").endswith("/admin"):
            raise SystemExit(f"Signing in as {username} failed (answered {answer.url}).")
        self.cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        self.opener = opener

    def form_token(self, path):
        page = self.opener.open(f"http://{HOST}:{PORT}{path}", timeout=30).read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def send(self, method, path, body=None):
        connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        headers = {"Cookie": self.cookie}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            response.read()
            return response.status, response.getheader("Location", "")
        finally:
            connection.close()


def load(request, targets, connections, seconds, limit):
    """`connections` clients send `request(target)` back to back until `seconds` have passed or
    `limit` requests were sent or the targets run out; each request's seconds and whether it
    answered as expected."""
    lock, results = threading.Lock(), []
    deadline = time.perf_counter() + seconds

    def client():
        while time.perf_counter() < deadline:
            with lock:
                target = next(targets, None) if len(results) < limit else None
            if target is None:
                return
            started = time.perf_counter()
            try:
                ok = request(target)
            except OSError:
                ok = False
            with lock:
                results.append((time.perf_counter() - started, ok))

    before, started = cpu_ticks(), time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    wall = time.perf_counter() - started
    if not results:
        return None
    row = summary([seconds for seconds, ok in results])
    row.update(
        errors=sum(not ok for _s, ok in results),
        per_s=len(results) / wall,
        stolen=stolen_share(before, cpu_ticks()),
    )
    return row


def port_is_free(port):
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) != 0


def start_gunicorn(workers):
    if not port_is_free(PORT):
        raise SystemExit(f"Port {PORT} is in use: another run? (PORT in bench/casework.py)")
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "portal.wsgi", "-w", str(workers), "-b", f"{HOST}:{PORT}", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ))
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://{HOST}:{PORT}/admin/login/", timeout=2)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def measure(args, pages, posts, progress):
    session = Session("bench-clinician", args.password)
    token = session.form_token(f"/admin/follow-up-requests/triage/{posts[0][0]}/")
    rows = []

    def get(path):
        return session.send("GET", path)[0] == 200

    def take_on(post):
        status, location = session.send("POST", *triage_body(post, token))
        return status == 302 and "/casework/referrals/inspect/" in location

    plan = [
        (name, kind, get, lambda urls=urls: itertools.cycle(urls), args.limit) for name, kind, urls in pages
    ]
    pool, warm = iter(posts), 10
    share = min(args.limit, (len(posts) - warm) // len(args.connections))  # each request is taken on once
    plan.append(("triage (POST)", "triage", take_on, lambda: pool, share))
    for name, kind, request, targets, limit in plan:
        load(request, targets(), 1, args.warm_up, warm)
        for connections in args.connections:
            progress(f"{name}, {connections} connection(s)…")
            row = load(request, targets(), connections, args.seconds, limit)
            if row is None:
                progress(f"{name}: nothing left to send")
                continue
            rows.append((name, kind, connections, row))
    return rows


def print_report(args, rows, counts, base, memory, describe):
    print(f"\n{describe}\n")
    header = [("page", 34), ("conns", 6), ("requests", 9), ("errors", 7), ("median ms", 10), ("p95 ms", 8)]
    header += [("max ms", 8), ("req/s", 7), ("queries", 8), ("sql ms", 7), ("django ms", 10), ("decrypts", 9)]
    header += [("target", 8), ("stolen", 7)]
    print(header[0][0].ljust(header[0][1]) + "".join(f"{name:>{width}}" for name, width in header[1:]))
    missed = []
    for name, kind, connections, r in rows:
        queries, decrypts, django_ms, sql_ms = counts[name]
        target = TARGETS_MS[kind]
        met = r["p95_ms"] < target
        if not met:
            missed.append(f"{name} at {connections} connection(s): p95 {r['p95_ms']:.0f} ms ≥ {target} ms")
        print(
            f"{name:<34}{connections:>6}{r['n']:>9}{r['errors']:>7}{r['median_ms']:>10.1f}{r['p95_ms']:>8.1f}"
            f"{r['max_ms']:>8.1f}{r['per_s']:>7.1f}{queries:>8}{sql_ms:>7.1f}{django_ms:>10.1f}{decrypts:>9}"
            f"{'<' + str(target):>6}{'✓' if met else '✗':>2}{r['stolen']:>7.0%}"
        )
    print(
        "\nqueries, sql ms, django ms, decrypts: one page in-process (Django's test client, same database, "
        "median of 5 loads; triage: one POST): its SQL queries, their time, the whole view's time, "
        "the values decrypted"
    )
    from referrals.viewsets.referrals import ReferralViewSet

    print(
        f"\nBaseline, in-process (no HTTP, no template): page 1 of referrals ?status=open&community, "
        f"{args.baseline_rows} rows (the listing shows {ReferralViewSet.list_per_page} a page), "
        f"{args.baseline_repeats} loads each"
    )
    print(f"{'queryset':<40}{'median ms':>10}{'p95 ms':>8}{'max ms':>8}{'loads/s':>9}{'decrypts':>10}")
    for name, r, decrypts in base:
        print(
            f"{name:<40}{r['median_ms']:>10.2f}{r['p95_ms']:>8.2f}{r['max_ms']:>8.2f}{r['per_s']:>9.0f}{decrypts:>10}"
        )
    full, only = base[0][1], base[1][1]
    print(
        f"decrypting only what the page shows: {full['median_ms'] - only['median_ms']:.2f} ms less a page "
        f"(median), {full['median_ms'] / only['median_ms']:.1f}× faster, "
        f"{base[0][2] - base[1][2]} fewer decryptions"
    )
    print("\npeak memory per gunicorn worker (VmHWM): " + ", ".join(f"{mb:.0f} MB" for mb in memory))
    print("targets: " + ("all p95 met" if not missed else "missed — " + "; ".join(missed)))


def describe_run(args, data):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    return (
        f"{args.people:,} people, {args.referrals:,} referrals, {args.contacts:,} contacts, "
        f"{len(data['communities'])} partner communities, {args.days} days; "
        f"gunicorn {args.workers} sync workers, production settings, PostgreSQL {version}, Redis; "
        f"{args.seconds} s per row; {os.cpu_count()} CPUs; "
        f"load average at the start {data['load']:.1f}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--referrals", type=int, default=60_000)
    parser.add_argument("--contacts", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=600, help="follow-up requests; 3/4 of them new")
    parser.add_argument("--services", type=int, default=300, help="directory services to link referrals to")
    parser.add_argument(
        "--linked-share", type=float, default=0.3, help="share of referrals with linked services"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warm-up", type=float, default=2)
    parser.add_argument("--limit", type=int, default=5000, help="most requests in one row")
    parser.add_argument("--baseline-rows", type=int, default=25)
    parser.add_argument("--baseline-repeats", type=int, default=300)
    parser.add_argument("--deadline", type=int, default=1800, help="seconds for the whole run")
    args = parser.parse_args()
    args.password = secrets.token_urlsafe(16)
    args.days = DAYS
    signal.signal(signal.SIGALRM, on_deadline)
    signal.signal(signal.SIGTERM, on_terminate)
    signal.alarm(args.deadline)
    progress = Progress()
    load_at_start = os.getloadavg()[0]
    setup_django()
    from django.core.management import call_command

    progress("migrate, collectstatic")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    data = seed(args, progress)
    data["load"] = load_at_start
    rng = random.Random(7)
    pages = scenarios(data, rng)
    posts = triage_posts(data["triage_pool"], progress)
    progress("queries per page, in-process")
    counts = in_process_counts(pages, data["clinician"], posts.pop())
    progress("baseline, in-process")
    base = baseline(data["communities"], args.baseline_rows, args.baseline_repeats)
    from django.db import connections

    connections.close_all()
    server = start_gunicorn(args.workers)
    try:
        rows = measure(args, pages, posts, progress)
        memory = [peak_rss_mb(pid) for pid in worker_pids(server)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    signal.alarm(0)
    print_report(args, rows, counts, base, memory, describe_run(args, data))


if __name__ == "__main__":
    main()
