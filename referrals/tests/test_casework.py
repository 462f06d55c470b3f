"""The clinician's day in the admin: triage, people offered as matches, two-click contacts, closing
with an outcome, the timeline, the list's filters and search, and a second editor told in time."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from referrals.models import (
    FollowUpContact,
    FollowUpRequest,
    Person,
    Referral,
    ReferralResource,
    RequestStatus,
)
from resources.factories import ResourcePageFactory
from resources.models import Community

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return Community.objects.get(slug="birmingham")


@pytest.fixture
def marcus(place):
    return Person.objects.create(
        first_name="Marcus",
        last_name="Reed",
        date_of_birth=datetime.date(1988, 3, 14),
        phone="+12485550199",
        community=place,
    )


@pytest.fixture
def family_request(place):
    service = ResourcePageFactory(title="Family Crisis Line")
    return FollowUpRequest.objects.create(
        relationship="family",
        name="Dana Reed",
        phone="+12485550123",
        message="My brother had a hard night.",
        consent=True,
        person="Marc Reed",
        community=place,
        resource=service,
    )


@pytest.fixture
def signed_in(client, clinician):
    client.force_login(clinician)
    return client


def actions(instance):
    return [
        entry.action for entry in ModelLogEntry.objects.for_instance(instance).order_by("timestamp", "pk")
    ]


def test_triage_offers_the_known_person_and_takes_the_request_on(signed_in, family_request, marcus, place):
    url = reverse("follow_up_inbox:triage", args=[family_request.pk])
    assert url in signed_in.get(reverse("follow_up_inbox:index")).content.decode()  # "Triage" on the row
    page = signed_in.get(url).content.decode()
    assert marcus.reference in page and "Marcus Reed" in page and "name given in the request" in page
    response = signed_in.post(
        url,
        {
            "decision": "referral",
            "person": marcus.pk,
            "community": place.pk,
            "concern": "distress",
            "risk": "moderate",
        },
    )
    referral = Referral.objects.get()
    assert response["Location"] == reverse("casework_referrals:inspect", args=[referral.pk])
    family_request.refresh_from_db()
    assert family_request.status == RequestStatus.CLOSED and family_request.referral == referral
    assert referral.person == marcus and referral.source == "family-request" and referral.risk == "moderate"
    assert (
        ReferralResource.objects.get().resource_id == family_request.resource_id
    )  # the service it came from
    assert "referrals.triage" in actions(family_request) and "wagtail.create" in actions(referral)
    page = signed_in.get(response["Location"]).content.decode()
    assert "Dana Reed" in page and family_request.reference in page  # the requester is kept as contact


def test_triage_into_someone_new_and_refusals_keep_the_answers(signed_in, family_request, place):
    url = reverse("follow_up_inbox:triage", args=[family_request.pk])
    response = signed_in.post(
        url,
        {
            "decision": "referral",
            "person": "new",
            "first_name": "",
            "last_name": "",
            "community": place.pk,
            "concern": "",
            "risk": "low",
        },
    )
    body = response.content.decode()
    assert (
        response.status_code == 400
        and "Choose the presenting concern" in body
        and "Enter a first or last" in body
    )
    assert not Referral.objects.exists() and not Person.objects.exists()
    signed_in.post(
        url,
        {
            "decision": "referral",
            "person": "new",
            "first_name": "Marc",
            "last_name": "Reed",
            "community": place.pk,
            "concern": "psychosis",
            "risk": "low",
        },
    )
    assert Person.objects.get().display_name == "Marc Reed"
    again = signed_in.get(url)
    assert again.status_code == 302 and Referral.objects.count() == 1  # triaged once only


def test_duplicate_and_spam(signed_in, family_request, place):
    later = FollowUpRequest.objects.create(
        relationship="family", name="Dana", phone="+12485550123", message="Again.", consent=True
    )
    spam = FollowUpRequest.objects.create(
        relationship="self", name="x", email="x@example.com", message="buy", consent=True
    )
    url = reverse("follow_up_inbox:triage", args=[later.pk])
    response = signed_in.post(url, {"decision": "duplicate", "duplicate_of": "NOPE1-NOPE2", "risk": "low"})
    assert response.status_code == 400 and "No request or referral has this code" in response.content.decode()
    signed_in.post(
        url, {"decision": "duplicate", "duplicate_of": family_request.reference.lower(), "risk": "low"}
    )
    signed_in.post(reverse("follow_up_inbox:triage", args=[spam.pk]), {"decision": "spam", "risk": "low"})
    later.refresh_from_db()
    spam.refresh_from_db()
    assert later.status == RequestStatus.DUPLICATE and later.duplicate_of == family_request
    assert spam.status == RequestStatus.SPAM


def test_adding_a_person_offers_likely_matches_first(signed_in, marcus, place):
    url = reverse("casework_people:add")
    typed = {
        "first_name": "Marcus",
        "last_name": "Reid",
        "date_of_birth": "1988-03-14",
        "best_time": "any",
        "phone": "",
        "email": "",
        "community": place.pk,
    }
    response = signed_in.post(url, typed)
    body = response.content.decode()
    assert response.status_code == 200 and marcus.reference in body and "same date of birth" in body
    assert Person.objects.count() == 1 and 'value="Reid"' in body  # nothing saved, nothing lost
    signed_in.post(url, {**typed, "none_of_these": "1"})
    assert Person.objects.count() == 2


def test_person_form_messages(signed_in):
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = signed_in.post(
        reverse("casework_people:add"),
        {"first_name": "", "last_name": "", "best_time": "any", "date_of_birth": future, "phone": "555"},
    )
    body = response.content.decode()
    assert (
        "Enter a first or last name" in body
        and "cannot be in the future" in body
        and "US phone number" in body
    )
    assert not Person.objects.exists()


def test_a_contact_takes_two_clicks_from_the_list(signed_in, marcus, place):
    referral = Referral.objects.create(person=marcus, community=place, concern="distress")
    listing = signed_in.get(reverse("casework_referrals:index")).content.decode()
    log_url = reverse("casework_contacts:add") + f"?referral={referral.pk}"
    assert log_url.replace("?", "?").replace("&", "&amp;") in listing  # click 1: "Log contact"
    form = signed_in.get(log_url).content.decode()
    assert 'name="outcome" value="left-message"' in form
    # click 2: the outcome button; the form's defaults (now, phone, the person, a week on) are kept
    defaults = {
        "referral": referral.pk,
        "contacted_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "method": "phone",
        "with_whom": "person",
        "notes": "",
        "next_due": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
    }
    response = signed_in.post(log_url, {**defaults, "outcome": "left-message"})
    assert response["Location"] == reverse("casework_referrals:inspect", args=[referral.pk])
    contact = FollowUpContact.objects.get()
    referral.refresh_from_db()
    assert contact.outcome == "left-message" and referral.next_contact_due == contact.next_due


def test_contact_dates_are_checked(signed_in, marcus, place):
    referral = Referral.objects.create(person=marcus, community=place, concern="distress")
    response = signed_in.post(
        reverse("casework_contacts:add"),
        {
            "referral": referral.pk,
            "contacted_at": "2026-01-10 10:00",
            "method": "phone",
            "with_whom": "person",
            "next_due": "2026-01-09",
            "notes": "Talked about the group.",
        },
    )
    body = response.content.decode()
    assert "must be on or after the day of this contact" in body and "Choose how the contact went" in body
    assert "Talked about the group." in body and not FollowUpContact.objects.exists()


def test_closing_needs_an_outcome_and_a_second_editor_is_told(signed_in, marcus, place, clinician):
    referral = Referral.objects.create(
        person=marcus, community=place, concern="distress", assigned_to=clinician
    )
    url = reverse("casework_referrals:edit", args=[referral.pk])
    form = {
        "person": marcus.pk,
        "source": "co-response",
        "occurred_at": "2026-11-01 10:00",
        "community": place.pk,
        "concern": "distress",
        "risk": "low",
        "status": "completed",
        "outcome": "",
        "assigned_to": clinician.pk,
        "loaded_version": referral.updated_at.isoformat(),
    }
    response = signed_in.post(url, form)
    assert "Choose an outcome to close this referral" in response.content.decode()
    Referral.objects.filter(pk=referral.pk).update(updated_at=timezone.now())  # a colleague saves meanwhile
    response = signed_in.post(url, {**form, "outcome": "connected"})
    assert "Someone else saved this record after you opened it" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "new"
    response = signed_in.post(
        url, {**form, "outcome": "connected", "loaded_version": referral.updated_at.isoformat()}
    )
    referral.refresh_from_db()
    assert referral.status == "completed" and referral.closed_at and referral.next_contact_due is None


def test_a_link_must_be_to_a_published_service(signed_in, marcus, place):
    referral = Referral.objects.create(person=marcus, community=place, concern="distress")
    draft = ResourcePageFactory(title="Draft Service", live=False)
    response = signed_in.post(
        reverse("casework_links:add"),
        {"referral": referral.pk, "resource": draft.pk, "status": "referred", "status_date": "2026-11-01"},
    )
    assert "published in the directory" in response.content.decode() and not ReferralResource.objects.exists()


def test_the_timeline_joins_every_referral_of_the_person(signed_in, marcus, place):
    first = Referral.objects.create(
        person=marcus,
        community=place,
        concern="distress",
        occurred_at=timezone.now() - datetime.timedelta(days=90),
    )
    second = Referral.objects.create(person=marcus, community=place, concern="substance")
    FollowUpContact.objects.create(
        referral=first,
        outcome="reached",
        notes="Doing better.",
        contacted_at=timezone.now() - datetime.timedelta(days=80),
    )
    FollowUpContact.objects.create(referral=second, outcome="no-answer")
    page = signed_in.get(reverse("casework_referrals:inspect", args=[second.pk])).content.decode()
    assert first.reference in page and second.reference in page and "Doing better." in page
    assert page.index("No answer") < page.index("Doing better.")  # newest first
    assert actions(second)[-1] == "referrals.view"


def test_the_list_filters_and_searches_by_code_incident_and_name(signed_in, marcus, place):
    other = Person.objects.create(first_name="Ana", last_name="Lopez", community=place)
    overdue = Referral.objects.create(
        person=marcus, community=place, concern="distress", incident_number="AH-26-0912"
    )
    closed = Referral.objects.create(
        person=other, community=place, concern="housing", status="completed", outcome="connected"
    )
    FollowUpContact.objects.create(
        referral=overdue,
        outcome="no-answer",
        next_due=timezone.localdate() - datetime.timedelta(days=1),
        contacted_at=timezone.now() - datetime.timedelta(days=8),
    )
    index = reverse("casework_referrals:index")

    def shown(query):
        page = signed_in.get(index + query).content.decode()
        return {referral.reference for referral in (overdue, closed) if referral.reference in page}

    assert shown("?overdue=true") == {overdue.reference}
    assert shown("?status=open") == {overdue.reference} and shown("?status=completed") == {closed.reference}
    for query in (
        "?q=ah-26-0912",
        f"?q={overdue.reference}",
        f"?q={marcus.reference}",
        "?q=marcus",
        "?q=reed",
        "?q=Marcus%20Reed",
        "?q=marc",
    ):
        assert shown(query) == {overdue.reference}, query
    assert shown("?q=lopez") == {closed.reference}
    searched = ModelLogEntry.objects.filter(action="referrals.search", label=overdue.reference)
    assert searched.exists() and "marcus" not in str(list(searched.values_list("data", flat=True))).lower()


def test_linking_the_same_service_twice_is_a_field_message(signed_in, marcus, place):
    referral = Referral.objects.create(person=marcus, community=place, concern="distress")
    service = ResourcePageFactory(title="Family Crisis Line")
    ReferralResource.objects.create(referral=referral, resource=service)
    response = signed_in.post(
        reverse("casework_links:add"),
        {"referral": referral.pk, "resource": service.pk, "status": "referred", "status_date": "2026-11-01"},
    )
    assert response.status_code == 200 and "linked to this referral already" in response.content.decode()
    assert ReferralResource.objects.count() == 1


def test_editing_a_contact_keeps_its_referral(signed_in, marcus, place):
    referral = Referral.objects.create(person=marcus, community=place, concern="distress")
    contact = FollowUpContact.objects.create(referral=referral, outcome="no-answer")
    response = signed_in.post(
        reverse("casework_contacts:edit", args=[contact.pk]),
        {
            "contacted_at": "2026-11-02 10:00",
            "method": "text",
            "with_whom": "person",
            "notes": "Texted instead.",
            "next_due": "",
            "outcome": "reached",
            "loaded_version": contact.updated_at.isoformat(),
        },
    )
    assert response["Location"] == reverse("casework_referrals:inspect", args=[referral.pk])
    contact.refresh_from_db()
    assert (contact.referral, contact.method, contact.outcome) == (referral, "text", "reached")


def test_a_save_landing_between_the_check_and_the_write_is_refused_too(signed_in, marcus, place, monkeypatch):
    """Two clinicians pressing Save at the same moment: the row is locked and checked again."""
    from referrals.viewsets.base import VersionCheckedForm

    referral = Referral.objects.create(person=marcus, community=place, concern="distress")
    checked = VersionCheckedForm.clean

    def colleague_saves_right_after_the_check(form):
        cleaned = checked(form)
        Referral.objects.filter(pk=referral.pk).update(risk="high", updated_at=timezone.now())
        return cleaned

    monkeypatch.setattr(VersionCheckedForm, "clean", colleague_saves_right_after_the_check)
    form = {
        "source": "co-response",
        "occurred_at": "2026-11-01 10:00",
        "community": place.pk,
        "concern": "distress",
        "risk": "low",
        "status": "in-progress",
        "outcome": "",
        "loaded_version": referral.updated_at.isoformat(),
    }
    response = signed_in.post(reverse("casework_referrals:edit", args=[referral.pk]), form)
    assert "Someone else saved this record after you opened it" in response.content.decode()
    referral.refresh_from_db()
    assert (referral.risk, referral.status) == ("high", "new")


def test_a_request_cannot_repeat_itself(signed_in, family_request):
    url = reverse("follow_up_inbox:triage", args=[family_request.pk])
    response = signed_in.post(
        url, {"decision": "duplicate", "duplicate_of": family_request.reference, "risk": "low"}
    )
    assert response.status_code == 400 and "cannot repeat itself" in response.content.decode()
    family_request.refresh_from_db()
    assert family_request.status == RequestStatus.NEW


def test_a_request_taken_on_once_is_never_taken_on_again(signed_in, family_request, marcus, place):
    url = reverse("follow_up_inbox:triage", args=[family_request.pk])
    decision = {
        "decision": "referral",
        "person": marcus.pk,
        "community": place.pk,
        "concern": "distress",
        "risk": "low",
    }
    signed_in.post(url, decision)
    FollowUpRequest.objects.filter(pk=family_request.pk).update(
        status=RequestStatus.NEW
    )  # however it happened
    response = signed_in.post(url, {**decision, "person": "new", "first_name": "Marc"})
    assert response.status_code == 302 and Referral.objects.count() == 1 and Person.objects.count() == 1


def test_a_closed_referral_is_never_overdue(signed_in, marcus, place, clinician):
    referral = Referral.objects.create(
        person=marcus, community=place, concern="distress", assigned_to=clinician
    )
    FollowUpContact.objects.create(
        referral=referral,
        outcome="no-answer",
        next_due=timezone.localdate() - datetime.timedelta(days=3),
        contacted_at=timezone.now() - datetime.timedelta(days=9),
    )
    index = reverse("casework_referrals:index") + "?overdue=true"
    assert referral.reference in signed_in.get(index).content.decode()
    referral.refresh_from_db()
    referral.status, referral.outcome = "completed", "connected"
    referral.save()
    assert (
        referral.next_contact_due is None and referral.reference not in signed_in.get(index).content.decode()
    )
    referral.status = "in-progress"
    referral.save()
    assert referral.next_contact_due == timezone.localdate() - datetime.timedelta(
        days=3
    )  # reopened: due again


def test_adding_starts_from_the_record_it_belongs_to(signed_in):
    response = signed_in.get(reverse("casework_referrals:add"))
    assert response["Location"] == reverse("casework_people:index")
    response = signed_in.get(reverse("casework_contacts:add"))
    assert response["Location"] == reverse("casework_referrals:index")
    response = signed_in.post(reverse("casework_contacts:add"), {"method": "phone", "outcome": "reached"})
    assert "Open the referral first" in response.content.decode() and not FollowUpContact.objects.exists()


def test_a_referral_page_records_the_people_and_referrals_it_shows(signed_in, marcus, place):
    first = Referral.objects.create(person=marcus, community=place, concern="distress")
    second = Referral.objects.create(person=marcus, community=place, concern="housing")
    signed_in.get(reverse("casework_referrals:inspect", args=[second.pk]))
    assert actions(marcus) == ["referrals.view"] and actions(first) == ["referrals.view"]
