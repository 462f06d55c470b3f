"""Kept months of the activity report: completed months are read instead of counted, and what is read
is always what counting afresh would give — after every kind of casework change, and with writers
changing casework while readers keep months."""

import datetime
import random
import threading
import time
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.tests.threads import in_thread
from referrals.models import (
    ActivityMonth,
    FollowUpContact,
    FollowUpRequest,
    Person,
    Referral,
    ReferralResource,
)
from referrals.reports.activity import activity, monthly_activity
from referrals.reports.kept import activity_report, current_generation, keep
from resources.factories import ResourcePageFactory
from resources.models import Community

PROGRAM = ZoneInfo(settings.TIME_ZONE)


def months_ago(count):
    month = timezone.localdate(timezone.now(), PROGRAM).replace(day=1)
    for _ in range(count):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def at(month, day=10, hour=12):
    return datetime.datetime.combine(month.replace(day=day), datetime.time(hour), tzinfo=PROGRAM)


@pytest.fixture
def towns():
    return list(Community.objects.filter(slug__in=["birmingham", "auburn-hills"]).order_by("name"))


def casework(towns):
    """Four past months of referrals in two towns, with contacts, links and requests."""
    auburn, birmingham = towns
    service = ResourcePageFactory(title="Family Crisis Line")
    dana = Person.objects.create(first_name="Dana")
    made = {"service": service, "dana": dana, "referrals": [], "requests": []}
    for ago in range(1, 5):
        for day, town in ((3, birmingham), (5, birmingham), (7, auburn)):
            referral = Referral.objects.create(
                person=dana if day == 3 else Person.objects.create(first_name=f"P{ago}{day}"),
                community=town, occurred_at=at(months_ago(ago), day), source="co-response",
                concern="distress", disposition="resolved",
            )  # fmt: skip
            FollowUpContact.objects.create(referral=referral, outcome="reached",
                                           contacted_at=at(months_ago(ago), day + 2))  # fmt: skip
            ReferralResource.objects.create(referral=referral, resource=service, status="referred",
                                            status_date=months_ago(ago).replace(day=day))  # fmt: skip
            made["referrals"].append(referral)
        request = FollowUpRequest.objects.create(
            relationship="family", name="Ann", phone="+12485550100", message="Call.", consent=True,
            community=birmingham,
        )  # fmt: skip
        FollowUpRequest.objects.filter(pk=request.pk).update(created_at=at(months_ago(ago), 12))
        made["requests"].append(request)
    closed = made["referrals"][4]
    closed.status, closed.outcome = "unable-to-reach", "not-reached"
    closed.save()
    Referral.objects.filter(pk=closed.pk).update(closed_at=at(months_ago(2), 20))  # closed back then
    return made


def reported(towns):
    return values(activity_report(towns, months_ago(6), timezone.localdate()))


def counted(towns):
    return values(monthly_activity(towns, months_ago(6), timezone.localdate()))


def values(rows):
    return [(row.community.pk, row.month, row.values) for row in rows]


@pytest.mark.django_db
def test_completed_months_are_kept_and_then_read(towns):
    casework(towns)
    first = reported(towns)
    assert ActivityMonth.objects.count() == 2 * 6  # six completed months, two towns
    with CaptureQueriesContext(connection) as reading:
        again = reported(towns)
    assert again == first == counted(towns)
    # the generation, the kept months, then the current month counted (6 queries)
    assert len(reading) == 2 + 6


def add_referral(made):
    Referral.objects.create(person=Person.objects.create(first_name="New"), community=made["town"],
                            occurred_at=at(months_ago(3), 20), concern="housing")  # fmt: skip


def move_referral(made):
    referral = made["referrals"][1]
    referral.occurred_at = at(months_ago(1), 25)
    referral.save()


def reopen_referral(made):
    referral = Referral.objects.get(pk=made["referrals"][4].pk)
    referral.status, referral.outcome = "in-progress", ""
    referral.save()  # closed no more: the month it was closed in counts it no more


def give_to_another_person(made):
    referral = made["referrals"][3]  # Dana's second referral: a repeat encounter no more
    referral.person = Person.objects.create(first_name="Someone else")
    referral.save()


def move_to_another_town(made):
    referral = made["referrals"][0]
    referral.community = made["other town"]
    referral.save()


def delete_referral(made):
    made["referrals"][6].delete()


def contact_today(made):
    referral = made["referrals"][-1]  # opened last month: its delay to first contact changes if earlier
    FollowUpContact.objects.filter(referral=referral).delete()
    FollowUpContact.objects.create(referral=referral, outcome="reached", contacted_at=timezone.now())


def move_contact(made):
    contact = made["referrals"][2].contacts.get()
    contact.contacted_at = at(months_ago(1), 2)
    contact.save()


def connect_service(made):
    link = made["referrals"][5].resources.get()
    link.status, link.status_date = "connected", months_ago(2).replace(day=25)
    link.save()


def delete_link(made):
    link = made["referrals"][7].resources.get()
    link.status, link.status_date = "connected", months_ago(1).replace(day=20)
    link.save()
    link.delete()
    made["referrals"][8].resources.update(status="connected")  # a bulk update: forgets nothing itself
    made["referrals"][8].resources.get().save()


def mark_request_spam(made):
    request = made["requests"][1]
    request.status = "spam"
    request.save()


def delete_request(made):
    FollowUpRequest.objects.get(pk=made["requests"][2].pk).delete()  # as loaded, like the admin does


CHANGES = [
    add_referral, move_referral, reopen_referral, give_to_another_person, move_to_another_town,
    delete_referral, contact_today, move_contact, connect_service, delete_link, mark_request_spam,
    delete_request,
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_every_change_to_casework_is_in_the_next_report(towns, change):
    made = casework(towns)
    made["town"], made["other town"] = towns[1], towns[0]
    before = reported(towns)
    change(made)
    assert counted(towns) != before  # the change moves some count of a completed month
    assert reported(towns) == counted(towns)


@pytest.mark.django_db
def test_counts_made_while_a_writer_changed_casework_are_not_kept(towns):
    made = casework(towns)
    generation = current_generation()
    with timezone.override(PROGRAM):
        stale = activity(towns, months_ago(4), months_ago(0))
    made["referrals"][0].delete()  # a writer, between the reader's count and its keeping
    assert not keep(stale, generation)
    assert not ActivityMonth.objects.exists()
    assert reported(towns) == counted(towns)


@pytest.mark.django_db
def test_months_kept_before_a_change_are_forgotten_by_it(towns):
    made = casework(towns)
    generation = current_generation()
    with timezone.override(PROGRAM):
        assert keep(activity(towns, months_ago(4), months_ago(0)), generation)
    made["referrals"][0].delete()  # opened last month: earlier months stay kept
    assert not ActivityMonth.objects.filter(month__gte=months_ago(1)).exists()
    assert ActivityMonth.objects.filter(month__lt=months_ago(1)).count() == 2 * 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_readers_never_keep_stale_months_while_writers_change_casework(database_file, towns):
    """Two readers make and keep the report while a writer adds, moves and deletes casework in past
    months for two seconds, at times without a pause; afterwards, what is kept is what counting
    afresh gives."""
    made = casework(towns)
    errors, done, kept_any = [], threading.Event(), []
    rng = random.Random(7)  # noqa: S311 - a repeatable order of writes, not a secret

    def write():
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            ago = rng.randint(1, 4)
            referral = Referral.objects.create(
                person=rng.choice([made["dana"], Person.objects.create(first_name="W")]),
                community=rng.choice(towns), occurred_at=at(months_ago(ago), rng.randint(1, 28)),
                concern="distress", disposition=rng.choice(["resolved", "er-diversion"]),
            )  # fmt: skip
            contacted_at = at(months_ago(ago - 1), rng.randint(1, 28))
            FollowUpContact.objects.create(referral=referral, outcome="reached", contacted_at=contacted_at)
            if rng.random() < 0.3:
                Referral.objects.filter(community__in=towns).order_by("?").first().delete()
            time.sleep(rng.choice([0, 0, 0.05]))  # now and then, time enough for a reader to keep
        done.set()

    def read():
        while not done.is_set():
            reported(towns)
            kept_any.append(ActivityMonth.objects.exists())

    threads = [in_thread(write, errors)] + [in_thread(read, errors) for _ in range(2)]
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors[0]
    assert any(kept_any)  # readers did keep months meanwhile
    assert reported(towns) == counted(towns)
