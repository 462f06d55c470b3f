"""Property-based tests of the back-office forms a clinician fills in (a person, a referral, a
contact, a linked service, triage): whatever is sent, never a server error; a refused form comes
back with field messages and what was typed, and changes no row; an accepted one adds exactly the
rows it should."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from referrals.models import FollowUpContact, FollowUpRequest, Person, Referral, ReferralResource
from resources.factories import ResourcePageFactory
from resources.models import Community

pytestmark = pytest.mark.django_db

TRICKY = [
    "", " ", "\x00", "²", "１", "٣", "-1", "0", "99999999999999999999", "9" * 5000, "1e400", "nan",
    "0001-01-01", "9999-12-31", "0001-01-01 00:00", "9999-12-31 23:59", "2026-02-30", "2026-01-10 25:61",
    "1-1-1 0:0", "２０２６-０１-０１", "248-555-0123", "248-555-０１２３", "a@b", "on", "true", "new",
    "distress", "low", "reached", "phone", "person", "completed", "connected", "referral", "duplicate",
    "spam", "co-response",
]  # fmt: skip
VALUE = st.one_of(st.sampled_from(TRICKY), st.text(max_size=30))
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
MODELS = (Person, Referral, FollowUpContact, ReferralResource, FollowUpRequest)


def overrides(fields):
    return st.dictionaries(st.sampled_from(fields), VALUE, max_size=3)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def refused_or_added(response, before, added):
    """A refused form: shown again with its messages and changes nothing. A saved one: a redirect,
    and only the rows `added` names."""
    after = counts()
    if response.status_code == 302:
        assert after == {**before, **{name: before[name] + 1 for name in added}}
        return
    assert response.status_code in (200, 400)
    assert after == before
    form = response.context["form"]
    assert form.errors or response.context.get("matches")


def kept(response, sent, names):
    """Text typed in the refused form is what the form shows again."""
    if response.status_code != 302:
        form = response.context["form"]
        for name in names:
            if name in sent and name in form.fields and not form.fields[name].disabled:
                assert form[name].value() == sent[name], name


@pytest.fixture
def signed_in(client, clinician):
    client.force_login(clinician)
    return client


@pytest.fixture
def place():
    return Community.objects.get(slug="birmingham")


@pytest.fixture
def referral(place, clinician):
    person = Person.objects.create(first_name="Marcus", last_name="Reed", community=place)
    return Referral.objects.create(person=person, community=place, concern="distress", assigned_to=clinician)


@pytest.fixture
def service():
    return ResourcePageFactory(title="Family Crisis Line")


PERSON = ["first_name", "last_name", "date_of_birth", "age_estimate", "phone", "email", "community",
          "preferred_language", "best_time", "voicemail_ok", "text_ok", "do_not_call"]  # fmt: skip


@FUZZ
@given(changes=overrides(PERSON))
@example(changes={"date_of_birth": "0001-01-01", "age_estimate": "²"})
@example(changes={"phone": "248-555-０１２３", "date_of_birth": "9999-12-31"})
def test_adding_a_person(signed_in, place, changes):
    sent = {"first_name": "Dana", "last_name": "Reed", "best_time": "any", "community": place.pk,
            "none_of_these": "1", **changes}  # fmt: skip
    before = counts()
    response = signed_in.post(reverse("casework_people:add"), sent)
    refused_or_added(response, before, ["Person"])
    kept(response, sent, ["first_name", "last_name", "phone", "email"])


REFERRAL = ["source", "occurred_at", "community", "police_department", "incident_number", "concern",
            "risk", "concern_notes", "disposition", "status", "outcome", "assigned_to",
            "consent_to_share", "consent_date", "person"]  # fmt: skip


@FUZZ
@given(changes=overrides(REFERRAL))
@example(changes={"occurred_at": "9999-12-31 23:59", "consent_date": "0001-01-01"})
@example(changes={"occurred_at": "0001-01-01 00:00", "person": "１"})
def test_opening_a_referral(signed_in, referral, clinician, changes):
    person = referral.person
    sent = {"person": person.pk, "source": "co-response", "occurred_at": "2026-01-10 10:00",
            "community": person.community_id, "concern": "distress", "risk": "low", "status": "new",
            "assigned_to": clinician.pk, **changes}  # fmt: skip
    before = counts()
    response = signed_in.post(reverse("casework_referrals:add") + f"?person={person.pk}", sent)
    refused_or_added(response, before, ["Referral"])
    kept(response, sent, ["police_department", "incident_number", "concern_notes"])


CONTACT = ["referral", "contacted_at", "method", "with_whom", "notes", "next_due", "outcome"]


@FUZZ
@given(changes=overrides(CONTACT))
@example(changes={"contacted_at": "0001-01-01 00:00", "next_due": "9999-12-31"})
@example(changes={"referral": "²", "next_due": "２０２６-０１-０１"})
def test_logging_a_contact(signed_in, referral, changes):
    sent = {"referral": referral.pk, "contacted_at": "2026-01-10 10:00", "method": "phone",
            "with_whom": "person", "notes": "", "next_due": "2026-01-17", "outcome": "reached",
            **changes}  # fmt: skip
    before = counts()
    response = signed_in.post(reverse("casework_contacts:add") + f"?referral={referral.pk}", sent)
    refused_or_added(response, before, ["FollowUpContact"])
    kept(response, sent, ["notes"])


@FUZZ
@given(changes=overrides(["referral", "resource", "status", "status_date"]))
@example(changes={"resource": "²", "status_date": "0001-01-01"})
def test_linking_a_service(signed_in, referral, service, changes):
    sent = {"referral": referral.pk, "resource": service.pk, "status": "referred",
            "status_date": "2026-01-10", **changes}  # fmt: skip
    before = counts()
    response = signed_in.post(reverse("casework_links:add") + f"?referral={referral.pk}", sent)
    refused_or_added(response, before, ["ReferralResource"])


TRIAGE = ["decision", "person", "first_name", "last_name", "community", "concern", "risk", "duplicate_of"]


@FUZZ
@given(changes=overrides(TRIAGE))
@example(changes={"person": "²", "community": "１"})
@example(changes={"decision": "duplicate", "duplicate_of": "9" * 5000})
def test_triage(signed_in, referral, place, changes):
    request = FollowUpRequest.objects.create(
        relationship="family", name="Dana Reed", phone="+12485550123", message="A hard night.",
        consent=True, person="Marc Reed", community=place,
    )  # fmt: skip
    sent = {"decision": "referral", "person": "new", "first_name": "Marc", "last_name": "Reed",
            "community": place.pk, "concern": "distress", "risk": "low", **changes}  # fmt: skip
    before = counts()
    response = signed_in.post(reverse("follow_up_inbox:triage", args=[request.pk]), sent)
    request.refresh_from_db()
    after = counts()
    if response.status_code == 302:
        assert request.status != "new"
        decided = {"referral": ["Referral"], "duplicate": [], "spam": []}[sent["decision"]]
        grown = {name for name in after if after[name] != before[name]}
        assert grown <= {*decided, "Person"} and set(decided) <= grown
        assert all(after[name] - before[name] == 1 for name in grown)
        return
    assert response.status_code == 400 and after == before and request.status == "new"
    assert response.context["form"].errors
    kept(response, sent, ["first_name", "last_name", "duplicate_of"])


@pytest.mark.parametrize("chosen", ["²", " ", "x", "9" * 5000])
def test_a_malformed_chosen_id_is_a_field_message(signed_in, referral, service, chosen):
    """Wagtail's choosers looked the submitted id up as it was: a 500 instead of the form again."""
    person = reverse("casework_people:add")
    sends = [
        (person, {"first_name": "Dana", "community": chosen}, "community"),
        (person, {"first_name": "Dana", "preferred_language": chosen}, "preferred_language"),
        (reverse("casework_links:add"), {"referral": referral.pk, "resource": chosen}, "resource"),
    ]
    for url, sent, field in sends:
        before = counts()
        response = signed_in.post(url, {"best_time": "any", "status": "referred", **sent})
        assert response.status_code == 200 and field in response.context["form"].errors
        assert counts() == before
