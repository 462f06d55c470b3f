"""Retention: personal data past the period goes, the counts stay, and the monthly report is the same
before and after a purge."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import ModelLogEntry

from referrals.models import FollowUpContact, FollowUpRequest, Person, PersonNameKey, Referral
from referrals.reports.activity import monthly_activity
from resources.models import Community

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.now() - datetime.timedelta(days=4 * 365)


@pytest.fixture
def casework():
    place = Community.objects.get(slug="birmingham")
    gone = Person.objects.create(first_name="Zebulon", last_name="Quill", phone="+12485550111")
    staying = Person.objects.create(first_name="Ana", last_name="Lopez", phone="+12485550122")

    def referral(person, closed, when):
        made = Referral.objects.create(
            person=person, community=place, concern="distress", concern_notes="Said the voices were loud.",
            incident_number="BH-1", occurred_at=when, status="completed" if closed else "in-progress",
            outcome="connected" if closed else "",
        )  # fmt: skip
        FollowUpContact.objects.create(
            referral=made, outcome="reached", notes="Doing better.", contacted_at=when
        )
        if closed:
            Referral.objects.filter(pk=made.pk).update(closed_at=when + datetime.timedelta(days=3))
        return made

    old = [referral(gone, True, LONG_AGO), referral(staying, True, LONG_AGO)]
    current = referral(staying, False, timezone.now() - datetime.timedelta(days=10))
    old_request = FollowUpRequest.objects.create(
        relationship="self",
        name="Zebulon Quill",
        phone="+12485550111",
        message="Please call me.",
        consent=True,
        status="closed",
    )
    new_request = FollowUpRequest.objects.create(
        relationship="self",
        name="Ana Lopez",
        phone="+12485550122",
        message="Call after 5.",
        consent=True,
        status="closed",
    )
    FollowUpRequest.objects.filter(pk=old_request.pk).update(created_at=LONG_AGO)
    return {"gone": gone, "staying": staying, "old": old, "current": current, "old_request": old_request,
            "new_request": new_request, "place": place}  # fmt: skip


def report(place):
    rows = monthly_activity([place], LONG_AGO.date() - datetime.timedelta(days=31), timezone.localdate())
    return [(row.month, row.values) for row in rows]


def raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 (test names)
        return cursor.fetchone()[0]


def purge(*arguments):
    out = io.StringIO()
    call_command("purge_referrals", "--older-than", "1095", *arguments, stdout=out)
    return out.getvalue()


def test_a_dry_run_says_what_would_go_and_changes_nothing(casework):
    said = purge("--dry-run")
    assert (
        "Would remove the personal data of 2 referrals" in said and "1 people" in said and "1 triaged" in said
    )
    assert Person.objects.get(pk=casework["gone"].pk).first_name == "Zebulon"
    assert not ModelLogEntry.objects.filter(action="referrals.purged").exists()


def test_purging_removes_personal_data_keeps_counts_and_the_report(casework):
    before = report(casework["place"])
    said = purge()
    assert "Removed the personal data of 2 referrals" in said
    gone = Person.objects.get(pk=casework["gone"].pk)
    assert (gone.first_name, gone.last_name, gone.phone, gone.phone_key, gone.purged_at is not None) == (
        "",
        "",
        "",
        "",
        True,
    )
    assert not PersonNameKey.objects.filter(person=gone).exists()
    assert raw("referrals_person", "first_name", gone.pk) == ""
    assert Person.objects.get(pk=casework["staying"].pk).first_name == "Ana"  # an open referral remains
    for old in casework["old"]:
        old.refresh_from_db()
        assert (old.concern_notes, old.incident_number, old.status, old.outcome) == (
            "",
            "",
            "completed",
            "connected",
        )
        assert set(FollowUpContact.objects.filter(referral=old).values_list("outcome", flat=True)) == {
            "reached"
        }
        assert FollowUpContact.objects.get(referral=old).notes == ""
    current = Referral.objects.get(pk=casework["current"].pk)
    assert current.concern_notes and FollowUpContact.objects.get(referral=current).notes == "Doing better."
    old_request = FollowUpRequest.objects.get(pk=casework["old_request"].pk)
    assert (old_request.name, old_request.message, old_request.phone) == ("", "", "")
    assert FollowUpRequest.objects.get(pk=casework["new_request"].pk).name == "Ana Lopez"
    assert report(casework["place"]) == before
    entries = ModelLogEntry.objects.filter(action="referrals.purged")
    assert entries.count() == 4 and "Zebulon" not in str(list(entries.values_list("label", "data")))


def test_purging_again_changes_nothing(casework):
    purge()
    assert (
        "of 0 referrals" in purge() and ModelLogEntry.objects.filter(action="referrals.purged").count() == 4
    )


def test_data_entered_after_a_purge_is_purged_in_its_turn(casework):
    purge()
    old = Referral.objects.get(pk=casework["old"][0].pk)
    old.concern_notes = "Added later."
    old.save()
    assert "of 1 referrals" in purge()
    assert Referral.objects.get(pk=old.pk).concern_notes == ""


def test_a_request_whose_referral_is_kept_keeps_its_contact(casework):
    kept = Referral.objects.get(pk=casework["current"].pk)
    request = casework["old_request"]
    Referral.objects.filter(pk=kept.pk).update(origin_request=request)
    purge()
    assert FollowUpRequest.objects.get(pk=request.pk).name == "Zebulon Quill"


def test_everything_personal_about_a_purged_person_goes(casework):
    from resources.models import Language

    gone = casework["gone"]
    gone.age_estimate, gone.preferred_language, gone.voicemail_ok = 40, Language.objects.first(), True
    gone.save()
    Person.objects.filter(pk=gone.pk).update(created_at=LONG_AGO)
    purge()
    gone.refresh_from_db()
    assert (gone.age_estimate, gone.preferred_language, gone.voicemail_ok, gone.community) == (
        None,
        None,
        None,
        None,
    )
