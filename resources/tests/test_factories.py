import pytest

from resources.factories import (
    CategoryFactory,
    CommunityFactory,
    OrganizationFactory,
    ResourcePageFactory,
    ServiceLocationFactory,
    ServicePhoneFactory,
    ServiceScheduleFactory,
    rich_resource_page,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory", [OrganizationFactory, CategoryFactory, CommunityFactory])
def test_snippet_factories_make_valid_records(factory):
    factory().full_clean()


def test_resource_page_factory_makes_a_valid_live_page(directory):
    page = ResourcePageFactory(
        locations=[ServiceLocationFactory.build()],
        schedules=[ServiceScheduleFactory.build()],
        phones=[ServicePhoneFactory.build()],
    )
    page.full_clean()
    for part in (*page.locations.all(), *page.schedules.all(), *page.phones.all()):
        part.full_clean()
    assert page.live and page.get_parent().specific == directory


def test_publish_goes_through_a_revision():
    page = ResourcePageFactory(publish=True)
    assert page.live_revision is not None


def test_rich_resource_page_has_something_of_every_kind():
    page = rich_resource_page("Everything Clinic")
    assert page.live and page.organization and page.categories.count() == 2
    assert page.languages.count() == 3 and page.service_areas.count() == 2
    assert page.locations.count() == 2 and page.schedules.count() == 7 and page.phones.count() == 1
