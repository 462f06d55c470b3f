"""The casework pages ask the database the same number of questions whatever the number of records:
each page is counted with 3 records and again with 30 (more than a list page holds), after a first
unmeasured load that fills the caches (content types, the site, the user's permissions).

A count that grows names the statements that grew, so the row-by-row query is found at once."""

import datetime
import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from referrals.models import FollowUpContact, FollowUpRequest, Person, Referral, ReferralResource
from resources.models import Community

pytestmark = pytest.mark.django_db
FEW, MANY = 3, 30


@pytest.fixture
def place():
    return Community.objects.get(slug="birmingham")


@pytest.fixture
def signed_in(client, clinician):
    client.force_login(clinician)
    return client


def shape(sql):
    """A statement with its values taken out, so the same query for another row counts as the same."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    return re.sub(r"\((?:\?, )+\?\)", "(?…)", sql)


def queries(client, url):
    client.get(url)  # fills the caches a first request fills
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


def assert_same_count(few, many):
    grown = Counter(map(shape, many)) - Counter(map(shape, few))
    listing = "\n".join(f"  +{times} × {sql[:300]}" for sql, times in grown.items())
    assert len(many) == len(few), (
        f"{len(few)} queries with {FEW} records, {len(many)} with {MANY}:\n{listing}"
    )


def new_person(place, number, first="Marcus", last="Reed"):
    born = datetime.date(1980, 1, 1) + datetime.timedelta(days=number)
    return Person.objects.create(
        first_name=first,
        last_name=last,
        date_of_birth=born,
        phone=f"+1248555{number:04d}",
        email=f"person{number}@example.org",
        community=place,
    )


def new_referral(person, place, clinician, number, **fields):
    return Referral.objects.create(
        person=person,
        community=place,
        concern="distress",
        concern_notes=f"Notes about call {number}.",
        assigned_to=clinician,
        occurred_at=timezone.now() - datetime.timedelta(hours=number),
        **fields,
    )


class Records:
    """Adds records for one page, a batch at a time, numbering on from the last batch."""

    def __init__(self, place, clinician):
        self.place, self.clinician, self.added = place, clinician, 0

    def add(self, count, make):
        for number in range(self.added, self.added + count):
            make(number)
        self.added += count


def referrals_of_new_people(records):
    def make(number):
        person = new_person(records.place, number)
        referral = new_referral(person, records.place, records.clinician, number, status="in-progress")
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        FollowUpContact.objects.create(
            referral=referral, outcome="no-answer", notes="No answer.", next_due=yesterday
        )

    return make


def referrals_of_one_person(records):
    """One person with a referral per batch member, each with a contact and a linked service."""

    def make(number):
        if not hasattr(records, "person"):
            records.person = new_person(records.place, number)
        referral = new_referral(
            records.person, records.place, records.clinician, number, status="completed", outcome="connected"
        )
        records.first = getattr(records, "first", referral)
        FollowUpContact.objects.create(
            referral=referral, outcome="reached", notes=f"Call {number} went well."
        )
        ReferralResource.objects.create(
            referral=referral, resource_title=f"Service {number}", status="referred"
        )

    return make


def requests(records):
    def make(number):
        earlier = FollowUpRequest.objects.order_by("pk").first()
        request = FollowUpRequest.objects.create(
            relationship="family",
            name="Dana Reed",
            phone=f"+1248555{number:04d}",
            message="Please call.",
            consent=True,
            person="Marcus Reed",
            community=records.place,
        )
        if earlier and number % 2:
            FollowUpRequest.objects.filter(pk=request.pk).update(possible_repeat_of=earlier)

    return make


PAGES = {
    "referral list, filtered": (
        referrals_of_new_people,
        lambda records: f"/admin/casework/referrals/?status=open&community={records.place.pk}",
    ),
    "referral list, overdue": (
        referrals_of_new_people,
        lambda records: "/admin/casework/referrals/?overdue=true",
    ),
    "referral list, searched by name": (
        referrals_of_new_people,
        lambda records: "/admin/casework/referrals/?q=Marcus+Reed",
    ),
    "people list": (referrals_of_new_people, lambda records: "/admin/casework/people/"),
    "people list, searched by name": (
        referrals_of_new_people,
        lambda records: "/admin/casework/people/?q=Marcus+Reed",
    ),
    "referral page (timeline)": (
        referrals_of_one_person,
        lambda records: f"/admin/casework/referrals/inspect/{records.first.pk}/",
    ),
    "person page (timeline)": (
        referrals_of_one_person,
        lambda records: f"/admin/casework/people/inspect/{records.person.pk}/",
    ),
    "follow-up inbox": (requests, lambda records: "/admin/follow-up-requests/"),
}


@pytest.mark.parametrize("page", PAGES)
def test_the_number_of_queries_does_not_grow_with_the_records(signed_in, clinician, place, page):
    seed, url_of = PAGES[page]
    records = Records(place, clinician)
    make = seed(records)
    records.add(FEW, make)
    url = url_of(records)
    few = queries(signed_in, url)
    records.add(MANY - FEW, make)
    many = queries(signed_in, url)
    assert_same_count(few, many)
