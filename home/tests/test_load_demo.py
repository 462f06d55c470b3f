import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Revision

from resources.models import Category, Community, Organization, ResourcePage, ServicePhone

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything load_demo writes, so a second run can be compared with the first."""
    return {
        "pages": sorted(
            ResourcePage.objects.values_list("uuid", "title", "latest_revision_id", "last_published_at")
        ),
        "revisions": Revision.objects.count(),
        "organizations": Organization.objects.count(),
        "phones": ServicePhone.objects.count(),
        "users": sorted(get_user_model().objects.values_list("username", "password", "last_login")),
    }


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def test_demo_directory_is_big_and_varied_enough(demo):
    pages = ResourcePage.objects.live()
    assert pages.count() >= 40
    used_top_categories = Category.objects.filter(parent=None).filter(
        pk__in=ResourcePage.categories.through.objects.values("category__parent")
    ) | Category.objects.filter(parent=None, resources__isnull=False)
    assert used_top_categories.distinct().count() >= 8
    for partner in Community.objects.filter(is_partner=True):
        assert pages.filter(service_areas=partner).exists(), partner
    assert pages.filter(locations__latitude__isnull=False).count() == pages.count()
    assert pages.filter(is_24_7=True).exists() and pages.filter(schedules__closes_at="00:00").exists()
    assert pages.filter(locations__is_confidential=True).exists()


def test_demo_data_is_marked_and_uses_fictional_numbers(demo):
    assert all("(demo)" in name for name in Organization.objects.values_list("name", flat=True))
    for page in ResourcePage.objects.all():
        assert "Demonstration entry" in page.description
    assert all("555-01" in number for number in ServicePhone.objects.values_list("number", flat=True))


def test_demo_accounts_have_their_roles(demo, client):
    users = {user.username: user for user in get_user_model().objects.all()}
    assert users["admin"].is_superuser
    assert [group.name for group in users["clinician"].groups.all()] == ["Clinicians"]
    assert [group.name for group in users["editor"].groups.all()] == ["Directory editors"]
    assert [group.name for group in users["partner"].groups.all()] == ["Partner viewers"]
    assert users["editor"].check_password("demo-test")


def test_running_twice_changes_nothing(demo):
    first = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first


def test_refuses_without_a_password(settings):
    settings.DEMO_PASSWORD = None
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        call_command("load_demo")
    assert not get_user_model().objects.exists()
