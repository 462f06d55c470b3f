"""The public follow-up form: every rule, and what the person typed is never lost."""

import pytest
from django.utils.html import escape
from wagtail.models import PageViewRestriction

from referrals.models import FollowUpRequest
from resources.factories import ResourcePageFactory

from .conftest import FORM_URL

pytestmark = pytest.mark.django_db


def test_the_form_shows_crisis_numbers_and_partner_communities(client):
    page = client.get(FORM_URL).content.decode()
    assert "911" in page and "988" in page
    assert "Birmingham" in page and "Somewhere else" in page
    assert "Pontiac" not in page.split('name="community"')[1].split("</select>")[0]  # not a partner


def test_a_valid_request_is_stored_before_the_thank_you_page_shows_its_code(post, valid, client):
    response = post(valid)
    assert response.status_code == 302
    stored = FollowUpRequest.objects.get()
    assert (stored.phone, stored.community.slug, stored.consent) == ("+12485550123", "birmingham", True)
    thanks = client.get(response["Location"])
    assert stored.reference in thanks.content.decode()
    assert "988" in thanks.content.decode()


def test_reference_codes_are_long_random_and_unambiguous(post, valid):
    codes = set()
    for number in range(5):
        post({**valid, "phone": f"248-555-01{number:02d}"})
        codes.add(FollowUpRequest.objects.latest("pk").reference)
    assert len(codes) == 5
    for code in codes:
        assert len(code.replace("-", "")) == 10 and not set(code) & set("01OIL")


def test_a_tampered_or_unknown_receipt_is_a_404(client):
    assert client.get("/request-follow-up/received/not-a-receipt/").status_code == 404


CASES = [
    ({"relationship": ""}, "relationship", "who is asking"),
    ({"name": "  "}, "name", "your name"),
    ({"phone": "555-0123"}, "phone", "area code"),
    ({"phone": "", "email": ""}, "phone", "phone number or an email"),
    ({"phone": "", "email": "not-an-address"}, "email", "email address such as"),
    ({"community": "atlantis"}, "community", "valid choice"),
    ({"community": ""}, "community", "Somewhere else"),
    ({"message": ""}, "message", "required"),
    ({"message": "x" * 1001}, "message", "at most 1000"),
    ({"person": "y" * 41}, "person", "at most 40"),
    ({"consent": ""}, "consent", "tick the box"),
    ({"best_time": "midnight"}, "best_time", "valid choice"),
]


@pytest.mark.parametrize(("change", "field", "message"), CASES)
def test_each_rule_names_its_field_and_keeps_what_was_typed(post, valid, change, field, message):
    data = {**valid, **change}
    response = post(data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message.lower() in " ".join(errors[field]).lower()
    page = response.content.decode()
    for typed in ("name", "phone", "email", "person", "message"):
        if data[typed].strip():
            assert escape(data[typed].strip()) in page, typed
    assert FollowUpRequest.objects.count() == 0


def test_email_alone_is_enough(post, valid):
    assert post({**valid, "phone": "", "email": "Dana@Example.org "}).status_code == 302
    assert FollowUpRequest.objects.get().email == "dana@example.org"


def test_the_resource_link_preselects_the_service(client, post, valid):
    resource = ResourcePageFactory(title="Family Counseling Center")
    page = client.get(f"{FORM_URL}?resource={resource.uuid}").content.decode()
    assert f'value="{resource.uuid}"' in page
    post({**valid, "resource": str(resource.uuid)})
    assert FollowUpRequest.objects.get().resource_id == resource.pk


@pytest.mark.parametrize("resource", ["00000000-0000-0000-0000-000000000000", "not-a-uuid"])
def test_a_service_no_longer_listed_is_left_out_not_an_error(post, valid, resource):
    assert post({**valid, "resource": resource}).status_code == 302
    assert FollowUpRequest.objects.get().resource is None


@pytest.mark.parametrize("hidden", ["unpublished", "private"])
def test_a_service_not_public_is_left_out_like_one_no_longer_listed(post, valid, hidden):
    resource = ResourcePageFactory(title="Family Counseling Center")
    if hidden == "unpublished":
        resource.unpublish()
    else:
        PageViewRestriction.objects.create(
            page=resource, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    assert post({**valid, "resource": str(resource.uuid)}).status_code == 302
    assert FollowUpRequest.objects.get().resource is None


def test_hostile_input_is_stored_as_text_and_shown_escaped(post, valid, client, clinician):
    hostile = "<script>alert(1)</script> ' OR 1=1 -- ünïcode 🙂"
    assert post({**valid, "message": hostile, "name": hostile[:100]}).status_code == 302
    assert FollowUpRequest.objects.get().message == hostile
    client.force_login(clinician)
    stored = FollowUpRequest.objects.get()
    page = client.get(f"/admin/follow-up-requests/inspect/{stored.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
