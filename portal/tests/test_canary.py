"""Canaries: recognisable personal values are sent through the public form and entered through the
admin (the request triaged, a person, a referral, a contact); then every path that could copy them
somewhere runs (the admin's lists, searches, record pages, history, handout and reports with their
exports, the clinicians' emails and reminders as background tasks, the search index rebuilt in the
database and Elasticsearch, the HSDS API and export, the purge). Afterwards the canaries are found
nowhere but as ciphertext: not in the logs, the emails, any row of any table (task rows, search
tables, Wagtail's reference index and audit log included), the cache or the Elasticsearch index."""

import datetime
import io
import json
import logging
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from referrals.models import FollowUpRequest, Person, Referral
from resources.factories import ResourcePageFactory
from resources.models import Community

CANARIES = ["Zqxwvy", "Canarybird", "5550199", "zqxwvy.canary", "Qqzzmessage", "Qqzznotes", "Qqzzcontact"]
FOUND = re.compile("|".join(CANARIES), re.IGNORECASE)


def found_in(text):
    return sorted({match.lower() for match in FOUND.findall(text)})


@pytest.fixture
def queued_tasks(settings):
    """Background tasks wait in the database, as in production, until `run_tasks()`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_tasks():
    for queued in DBTaskResult.objects.all():  # what `manage.py db_worker` does with each
        queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])


def seed_casework(client, clinician):
    """Through the admin, as the clinician works: the request triaged into a referral for a new
    person, a second person added with phone and email, a referral with notes about the concern, a
    contact with notes, a directory service linked."""
    birmingham = Community.objects.get(slug="birmingham")
    request = FollowUpRequest.objects.get()
    triaged = client.post(reverse("follow_up_inbox:triage", args=[request.pk]), {
        "decision": "referral", "person": "new", "first_name": "Zqxwvy", "last_name": "Canarybird",
        "community": birmingham.pk, "concern": "distress", "risk": "low"})  # fmt: skip
    added = client.post(reverse("casework_people:add"), {
        "first_name": "Zqxwvy", "last_name": "Canarybird", "phone": "248-555-0199",
        "email": "zqxwvy.canary@example.org", "best_time": "any", "community": birmingham.pk,
        "none_of_these": "1"})  # fmt: skip
    assert triaged.status_code == added.status_code == 302
    person = Person.objects.order_by("-pk").first()
    opened = client.post(reverse("casework_referrals:add") + f"?person={person.pk}", {
        "person": person.pk, "source": "co-response", "occurred_at": "2026-01-10 10:00",
        "community": birmingham.pk, "concern": "distress", "risk": "low", "status": "new",
        "assigned_to": clinician.pk, "concern_notes": "Qqzznotes: the voices got louder"})  # fmt: skip
    referral = Referral.objects.order_by("-pk").first()
    contacted = client.post(reverse("casework_contacts:add") + f"?referral={referral.pk}", {
        "referral": referral.pk, "contacted_at": "2026-01-12 10:00", "method": "phone",
        "with_whom": "person", "notes": "Qqzzcontact: agreed to go", "next_due": "2026-01-19",
        "outcome": "reached"})  # fmt: skip
    service = ResourcePageFactory(title="Family Crisis Line")
    linked = client.post(reverse("casework_links:add") + f"?referral={referral.pk}", {
        "referral": referral.pk, "resource": service.pk, "status": "connected",
        "status_date": "2026-01-12"})  # fmt: skip
    assert opened.status_code == contacted.status_code == linked.status_code == 302
    assert referral.person == person and referral.contacts.count() == 1 and referral.resources.count() == 1
    return person, referral


def exercise(client, person, referral, tmp_path):
    """Every path that reads or copies casework, as staff and the system use them."""
    people, referrals = reverse("casework_people:index"), reverse("casework_referrals:index")
    year = "occurred_at_after=2000-01-01&occurred_at_before=2100-12-31"
    pages = [
        "/admin/", people, f"{people}?q=Canarybird", f"{people}?q=Zqxwvy+Canarybird", referrals,
        f"{referrals}?q=Canarybird", reverse("casework_people:inspect", args=[person.pk]),
        reverse("casework_referrals:inspect", args=[referral.pk]),
        reverse("casework_referrals:history", args=[referral.pk]),
        reverse("casework_referrals:edit", args=[referral.pk]),
        reverse("casework_referrals:handout", args=[referral.pk]),
        reverse("follow_up_inbox:index"), f"/admin/reports/monthly-activity/?{year}",
        f"/admin/reports/monthly-activity/?{year}&export=csv",
        f"/admin/reports/monthly-activity/?{year}&export=xlsx",
        "/admin/reports/outcomes-per-service/?export=csv", "/admin/reports/re-verify/",
        "/admin/reports/site-history/",
    ]  # fmt: skip
    for path in pages:
        response = client.get(path)
        assert response.status_code in (200, 302), path
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    call_command("send_follow_up_reminders", stdout=io.StringIO())
    run_tasks()
    call_command("reindex", stdout=io.StringIO())
    Client().get("/search/?q=someone+to+talk+to")
    Client().get("/api/hsds/services")
    call_command("export_hsds", str(tmp_path / "hsds"), stdout=io.StringIO())


def purge(referral):
    """Closed long ago, and purged: what stays must hold no canary either."""
    Referral.objects.filter(pk=referral.pk).update(status="completed", outcome="connected")
    Referral.objects.filter(pk=referral.pk).update(closed_at=timezone.now() - datetime.timedelta(days=3))
    call_command("purge_referrals", "--older-than", "1", stdout=io.StringIO())


def every_row():
    """The database as a dump would have it: every row of every table, as text."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names
            for row in cursor.fetchall():
                yield table, " ".join(str(value) for value in row)


def cache_contents():
    """Every key and value in the Redis cache (CI and production use one)."""
    import redis

    location = settings.CACHES["default"].get("LOCATION")
    if "Redis" not in settings.CACHES["default"]["BACKEND"] or not location:
        return None
    server = redis.Redis.from_url(location if isinstance(location, str) else location[0])
    return [key + (server.dump(key) or b"") for key in server.scan_iter()]


def elasticsearch_documents():
    from elasticsearch import Elasticsearch

    client = Elasticsearch(settings.ELASTICSEARCH_URL)
    answer = client.search(
        index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}*", size=10_000, query={"match_all": {}}
    )
    return json.dumps(answer.body)


@pytest.fixture
def elasticsearch(settings):
    """The real Elasticsearch server of `make test` and CI, for this test's own indexes."""
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url and os.environ.get("CI"):
        pytest.fail("CI must run a real Elasticsearch: ELASTICSEARCH_URL is not set.")
    if url:
        settings.ELASTICSEARCH_URL = url
    yield url
    if url:
        from search import elastic

        elastic.drop_indexes()


@pytest.mark.django_db
def test_canaries_are_found_nowhere_but_as_ciphertext(client, clinician, queued_tasks, elasticsearch,
                                                      caplog, tmp_path):  # fmt: skip
    caplog.set_level(logging.DEBUG)
    clinician.email = "clinician@example.org"
    clinician.save()
    form = {"relationship": "family", "name": "Zqxwvy Canarybird", "phone": "248-555-0199",
            "email": "zqxwvy.canary@example.org", "best_time": "evening", "community": "birmingham",
            "person": "Zqxwvy", "message": "Qqzzmessage: please call my brother", "consent": "on",
            "website": ""}  # fmt: skip
    sent = Client().post("/request-follow-up/", form, follow=True)
    assert sent.status_code == 200 and FollowUpRequest.objects.count() == 1
    client.force_login(clinician)
    person, referral = seed_casework(client, clinician)
    exercise(client, person, referral, tmp_path)

    assert mail.outbox, "the clinicians were told, by email"
    leaks = {
        "logs": found_in(caplog.text),
        "emails": found_in(" ".join(f"{m.subject} {m.body}" for m in mail.outbox)),
        "export": found_in(" ".join(p.read_text() for p in (tmp_path / "hsds").rglob("*") if p.is_file())),
    }
    for table, text in every_row():
        if found := found_in(text):
            leaks[f"table {table}"] = found
    purge(referral)
    for table, text in every_row():
        if found := found_in(text):
            leaks[f"table {table}, after the purge"] = found
    if (cached := cache_contents()) is not None:
        leaks["cache"] = found_in(b" ".join(cached).decode("utf-8", "replace"))
    elif os.environ.get("CI"):
        pytest.fail("CI must run a real Redis: REDIS_URL is not set.")
    if elasticsearch:
        leaks["elasticsearch"] = found_in(elasticsearch_documents())
    assert {where: what for where, what in leaks.items() if what} == {}
    assert Path(tmp_path / "hsds").exists()
