"""The demo casework has the shape the dashboard and the reports need, and loads once."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from referrals.models import (
    FollowUpContact,
    FollowUpRequest,
    LinkStatus,
    Person,
    Referral,
    ReferralResource,
    RequestStatus,
)
from referrals.triage import candidates
from resources.models import Community

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_casework_has_shape(demo):
    for partner in Community.objects.filter(is_partner=True):
        assert Referral.objects.filter(community=partner).count() >= 10, partner
    months = {referral.occurred_at.strftime("%Y-%m") for referral in Referral.objects.all()}
    assert len(months) >= 11
    assert Person.objects.annotate(n=Count("referrals")).filter(n__gt=1).count() >= 10
    assert set(ReferralResource.objects.values_list("status", flat=True)) == set(LinkStatus.values)
    assert set(FollowUpRequest.objects.values_list("status", flat=True)) == set(RequestStatus.values)
    today = timezone.localdate()
    open_referrals = Referral.objects.exclude(next_contact_due=None)
    assert open_referrals.filter(next_contact_due__lt=today).exists()
    assert open_referrals.filter(next_contact_due=today).exists()
    assert FollowUpContact.objects.count() >= Referral.objects.count()
    waiting = FollowUpRequest.objects.filter(status=RequestStatus.NEW).order_by("pk").first()
    assert any(person.pk == Person.objects.order_by("pk").first().pk for person, _ in candidates(waiting))


def test_loading_the_demo_again_changes_nothing(demo):
    before = (Person.objects.count(), Referral.objects.count(), FollowUpContact.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Person.objects.count(), Referral.objects.count(), FollowUpContact.objects.count()) == before


def test_the_demo_partner_and_editor_have_something_to_see(demo, client, django_user_model):
    from referrals.reports.directory import flags

    assert flags()  # a service two referrals could not use lately
    partner = django_user_model.objects.get(username="partner")
    client.force_login(partner)
    page = client.get("/admin/reports/monthly-activity/").content.decode()
    assert "Birmingham" in page and "Auburn Hills" not in page
    editor = django_user_model.objects.get(username="editor")
    client.force_login(editor)
    assert "Referrals could not use it" in client.get("/admin/reports/re-verify/").content.decode()


def test_the_demo_clinician_prints_a_handout(demo, client, django_user_model):
    from referrals.models import LinkStatus

    referral = Referral.objects.filter(resources__status=LinkStatus.CONNECTED).order_by("pk").first()
    client.force_login(django_user_model.objects.get(username="clinician"))
    page = client.get(f"/admin/casework/referrals/handout/{referral.pk}/").content.decode()
    linked = referral.resources.filter(status=LinkStatus.CONNECTED).first().resource_title
    assert linked in page and "988" in page and referral.person.display_name not in page
