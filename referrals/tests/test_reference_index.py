"""Editors never learn from Wagtail's usage pages that a person asked about a service or a place."""

import pytest
from wagtail.models import ReferenceIndex

from referrals.models import FollowUpRequest, Person, Referral, ReferralResource
from resources.factories import ResourcePageFactory
from resources.models import Community

pytestmark = pytest.mark.django_db


def test_back_office_records_leave_no_trace_on_usage_pages(
    client, editor, clinician, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    client.get("/admin/")  # the admin's viewsets register their models with the reference index
    service = ResourcePageFactory(title="Family Crisis Line")
    place = Community.objects.get(slug="birmingham")
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail indexes references after commit
        create_records(service, place, clinician)
    assert not ReferenceIndex.objects.filter(base_content_type__app_label="referrals").exists()

    page_usage = client.get(f"/admin/pages/{service.pk}/usage/")
    place_usage = client.get(f"/admin/snippets/resources/community/usage/{place.pk}/")
    for response in (page_usage, place_usage):
        assert response.status_code == 200
        text = response.content.decode()
        assert "Follow-up request" not in text and "Referral" not in text and "R-" not in text


def create_records(service, place, clinician):
    FollowUpRequest.objects.create(
        relationship="family",
        name="Dana",
        phone="+12485550123",
        message="Please call.",
        consent=True,
        resource=service,
        community=place,
    )
    person = Person.objects.create(first_name="Sam", community=place)
    referral = Referral.objects.create(
        person=person, community=place, concern="distress", assigned_to=clinician
    )
    ReferralResource.objects.create(referral=referral, resource=service)
