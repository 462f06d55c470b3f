"""What referrals teach the directory: two failed referrals within 60 days flag an entry until it is
verified again; editors see flagged and stale entries; outcomes per service, without people."""

import datetime

import pytest
from django.utils import timezone

from referrals.models import Person, Referral, ReferralResource
from referrals.reports.directory import flags, outcomes_per_service
from resources.factories import ResourcePageFactory
from resources.models import Community

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def referral_for():
    place = Community.objects.get(slug="birmingham")

    def make(name="Dana"):
        return Referral.objects.create(
            person=Person.objects.create(first_name=name), community=place, concern="other"
        )

    return make


def fail(service, referral, days_ago, status="not-reached"):
    return ReferralResource.objects.create(
        referral=referral,
        resource=service,
        status=status,
        status_date=TODAY - datetime.timedelta(days=days_ago),
    )


def test_two_failures_within_60_days_flag_an_entry(referral_for):
    service = ResourcePageFactory(title="Hope House", last_verified_on=TODAY - datetime.timedelta(days=200))
    fail(service, referral_for(), 50)
    assert service.pk not in flags()
    fail(service, referral_for(), 5, status="no-capacity")
    assert "Could not contact" in flags()[service.pk] and "no capacity" in flags()[service.pk]


def test_failures_further_apart_do_not_flag(referral_for):
    service = ResourcePageFactory(title="Hope House", last_verified_on=TODAY - datetime.timedelta(days=300))
    fail(service, referral_for(), 100)
    fail(service, referral_for(), 5)
    assert service.pk not in flags()


def test_verifying_the_entry_clears_its_flag(referral_for):
    service = ResourcePageFactory(title="Hope House", last_verified_on=TODAY - datetime.timedelta(days=200))
    fail(service, referral_for(), 20)
    fail(service, referral_for(), 10)
    assert service.pk in flags()
    service.last_verified_on = TODAY
    service.save()
    assert service.pk not in flags()


def test_editors_see_flagged_and_stale_entries_without_people(client, editor, referral_for):
    flagged = ResourcePageFactory(title="Hope House", last_verified_on=TODAY - datetime.timedelta(days=30))
    ResourcePageFactory(title="Old Pantry", last_verified_on=TODAY - datetime.timedelta(days=400))
    fresh = ResourcePageFactory(title="New Clinic", last_verified_on=TODAY)
    first = fail(flagged, referral_for("Zebulon"), 9)
    fail(flagged, referral_for(), 2)
    client.force_login(editor)
    page = client.get("/admin/reports/re-verify/").content.decode()
    assert "Hope House" in page and "Referrals could not use it" in page
    assert "Old Pantry" in page and "Not verified in the past 12 months" in page and "New Clinic" not in page
    assert page.index("Hope House") < page.index("Old Pantry")  # flagged first
    assert "Zebulon" not in page and first.referral.reference not in page and fresh.title not in page


def test_outcomes_per_service_count_link_statuses(referral_for, client, clinician, editor):
    service = ResourcePageFactory(title="Hope House")
    for status in ("referred", "connected", "connected", "declined", "no-capacity"):
        ReferralResource.objects.create(referral=referral_for(), resource=service, status=status)
    (row,) = outcomes_per_service()
    assert (row["resource_title"], row["total"], row["connected"], row["no-capacity"]) == (
        "Hope House",
        5,
        2,
        1,
    )
    client.force_login(clinician)
    assert "Hope House" in client.get("/admin/reports/outcomes-per-service/").content.decode()
    client.force_login(editor)
    assert client.get("/admin/reports/outcomes-per-service/").status_code == 403
