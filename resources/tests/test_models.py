import datetime

import pytest
from django.core.exceptions import ValidationError

from resources.factories import CommunityFactory, ResourcePageFactory, ServiceLocationFactory
from resources.models import (
    Category,
    ResourceIndexPage,
    ResourcePage,
    ServiceLocation,
    ServicePhone,
    ServiceSchedule,
)

pytestmark = pytest.mark.django_db


def errors_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_age_range_must_be_ordered(directory):
    page = ResourcePage(title="Teens", slug="teens", summary="x", minimum_age=18, maximum_age=12)
    with pytest.raises(ValidationError) as caught:
        page.clean()
    assert "maximum_age" in caught.value.message_dict


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"latitude": 91, "longitude": 0}, "latitude"),
        ({"latitude": 0, "longitude": -181}, "longitude"),
        ({"latitude": 42.6, "longitude": None}, "longitude"),
        ({"postal_code": "4832"}, "postal_code"),
    ],
)
def test_location_rules_name_the_field(fields, field):
    location = ServiceLocationFactory.build(page=ResourcePageFactory(), **fields)
    assert field in errors_of(location)


def test_schedule_needs_opening_before_closing():
    page = ResourcePageFactory()
    late = ServiceSchedule(page=page, weekday=0, opens_at=datetime.time(17), closes_at=datetime.time(9))
    assert "closes_at" in errors_of(late)
    missing = ServiceSchedule(page=page, weekday=0, opens_at=datetime.time(9))
    assert "closes_at" in errors_of(missing)
    whole_day = ServiceSchedule(page=page, weekday=0, opens_at=datetime.time(0), closes_at=datetime.time(0))
    assert "closes_at" in errors_of(whole_day)


def test_schedule_accepts_midnight_close_and_24_hours():
    page = ResourcePageFactory()
    ServiceSchedule(page=page, weekday=4, opens_at=datetime.time(20), closes_at=datetime.time(0)).full_clean()
    all_day = ServiceSchedule(page=page, weekday=4, open_24_hours=True, opens_at=datetime.time(3))
    all_day.full_clean()
    assert all_day.opens_at is None


def test_phone_is_stored_in_reading_format():
    phone = ServicePhone(page=ResourcePageFactory(), number="248.555.0142")
    phone.full_clean()
    assert phone.number == "(248) 555-0142"
    assert phone.href() == "tel:+12485550142"
    assert "number" in errors_of(ServicePhone(page=phone.page, number="555-0142"))


def test_category_hierarchy_is_two_levels():
    top = Category.objects.get(slug="crisis")
    child = Category.objects.get(slug="crisis-mobile-crisis")
    grandchild = Category(name="Deeper", slug="deeper", parent=child)
    assert "parent" in errors_of(grandchild)
    top.parent = Category.objects.get(slug="food")
    assert "parent" in errors_of(top)
    assert str(child) == "Crisis help › Mobile crisis"


def test_community_zip_codes_are_checked_one_by_one():
    community = CommunityFactory.build(zip_codes="48326, 4832x")
    assert errors_of(community)["zip_codes"] == ["“4832x” is not a US ZIP code."]


def test_records_get_distinct_stable_uuids():
    first, second = ResourcePageFactory(), ResourcePageFactory()
    assert first.uuid != second.uuid
    uuid = first.uuid
    first.title = "Renamed"
    first.save()
    first.refresh_from_db()
    assert first.uuid == uuid


def test_copying_a_page_gives_new_uuids_to_it_and_its_parts(directory):
    original = ResourcePageFactory(publish=True, locations=[ServiceLocationFactory.build()])
    copy = original.copy(update_attrs={"title": "Copy", "slug": "copy"})
    copy.save_revision().publish()
    assert copy.uuid != original.uuid
    assert copy.locations.get().uuid != original.locations.get().uuid
    assert copy.phones.get().uuid != original.phones.get().uuid
    assert ServiceLocation.objects.count() == 2


def test_page_tree_rules(home, directory):
    from home.models import HomePage

    assert HomePage.parent_page_types == ["wagtailcore.Page"] and HomePage.max_count == 1
    assert ResourceIndexPage.parent_page_types == ["home.HomePage"]
    assert not ResourceIndexPage.can_create_at(home)  # there is one already
    assert ResourcePage.can_create_at(directory)
    assert not ResourcePage.can_create_at(home)
    assert ResourcePage.subpage_types == []
    assert directory.get_parent().specific == home and directory.url == "/resources/"


def test_labels_for_templates():
    page = ResourcePageFactory.build(
        minimum_age=60, is_free=True, delivers_by_text=True, delivers_in_person=False
    )
    assert page.age_label() == "Ages 60 and over"
    assert page.cost_labels() == ["free"]
    assert page.delivery_labels() == ["by text message"]
