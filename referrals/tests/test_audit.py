"""Every read of a casework record is on its audit trail, labelled by code; no personal value reaches
a log entry, a log line or a search index."""

import logging

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.search.index import class_is_indexed

from referrals.models import FollowUpContact, FollowUpRequest, Person, Referral, ReferralResource
from resources.models import Community

pytestmark = pytest.mark.django_db

PRIVATE_NAME = "Zebulon"


@pytest.fixture
def referral(clinician):
    place = Community.objects.get(slug="birmingham")
    person = Person.objects.create(
        first_name=PRIVATE_NAME, last_name="Quill", phone="+12485550199", community=place
    )
    return Referral.objects.create(
        person=person, community=place, concern="distress", concern_notes=f"{PRIVATE_NAME} said"
    )


def test_reads_are_logged_and_shown_in_the_history(client, clinician, referral, caplog):
    client.force_login(clinician)
    caplog.set_level(logging.DEBUG)
    client.get(reverse("casework_referrals:index"))
    client.get(reverse("casework_referrals:index") + f"?q={PRIVATE_NAME}")
    client.get(reverse("casework_referrals:inspect", args=[referral.pk]))
    client.get(reverse("casework_referrals:edit", args=[referral.pk]))
    history = client.get(reverse("casework_referrals:history", args=[referral.pk])).content.decode()
    entries = ModelLogEntry.objects.for_instance(referral)
    assert sorted(entries.values_list("action", flat=True)) == [
        "referrals.history",
        "referrals.list",
        "referrals.search",
        "referrals.view",
        "referrals.view",
    ]
    assert set(entries.values_list("label", flat=True)) == {referral.reference}
    assert set(entries.values_list("user", flat=True)) == {clinician.pk}
    assert "Record opened" in history and "Shown in search results" in history
    everything = str(list(ModelLogEntry.objects.values_list("label", "data")))
    assert PRIVATE_NAME not in everything and "Quill" not in everything
    assert PRIVATE_NAME not in caplog.text


def test_writes_through_the_admin_are_logged_by_code(client, clinician, referral):
    client.force_login(clinician)
    form = {
        "referral": referral.pk,
        "contacted_at": "2026-11-02 10:00",
        "method": "phone",
        "with_whom": "person",
        "notes": f"{PRIVATE_NAME} is doing better.",
        "next_due": "",
        "outcome": "reached",
    }
    client.post(reverse("casework_contacts:add") + f"?referral={referral.pk}", form)
    contact = FollowUpContact.objects.get()
    entry = ModelLogEntry.objects.for_instance(contact).get(action="wagtail.create")
    assert entry.label == contact.reference and PRIVATE_NAME not in str(entry.data)


def test_no_casework_model_is_in_a_search_index():
    for model in (Person, Referral, FollowUpContact, ReferralResource, FollowUpRequest):
        assert not class_is_indexed(model)
