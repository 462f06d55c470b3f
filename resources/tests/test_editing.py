"""Editors work in the Wagtail admin: invalid input gets field-level errors and saves nothing."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from portal.staff.testing import refused_by_wagtail
from resources.factories import ResourcePageFactory
from resources.models import Category, Organization, ResourcePage, ServiceLocation, ServicePhone

pytestmark = pytest.mark.django_db


def page_form(**overrides):
    data = {
        "title": "New Counseling Service",
        "slug": "new-counseling-service",
        "summary": "Counseling for adults.",
        "description": rich_text("<p>Details.</p>"),
        "status": "active",
        "phones": inline_formset([{"number": "248-555-0133", "type": "voice", "description": "Intake"}]),
        "locations": inline_formset(
            [{"address_1": "1 Main Street", "city": "Birmingham", "state": "MI", "postal_code": "48009"}]
        ),
        "schedules": inline_formset([{"weekday": "0", "opens_at": "09:00", "closes_at": "17:00"}]),
        "delivers_in_person": "on",
    }
    data.update(overrides)
    form = nested_form_data(data)
    form["categories"] = [Category.objects.get(slug="counseling").pk]
    return form


def add_url(directory):
    return reverse("wagtailadmin_pages:add", args=("resources", "resourcepage", directory.pk))


def field_errors(response):
    form = response.context["form"]
    errors = dict(form.errors)
    for name, formset in form.formsets.items():
        for index, child in enumerate(formset.forms):
            errors.update({f"{name}-{index}-{field}": e for field, e in child.errors.items()})
    return errors


def test_editor_publishes_a_valid_resource(client, editor, directory):
    client.force_login(editor)
    response = client.post(add_url(directory), page_form(**{"action-publish": "action-publish"}))
    assert response.status_code == 302, field_errors(response)
    page = ResourcePage.objects.get(slug="new-counseling-service")
    assert page.live and page.phones.get().number == "(248) 555-0133"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"minimum_age": "30", "maximum_age": "20"}, "maximum_age"),
        ({"phones": inline_formset([{"number": "555-0133", "type": "voice"}])}, "phones-0-number"),
        (
            {
                "locations": inline_formset(
                    [{"address_1": "1 Main", "city": "X", "state": "MI", "postal_code": "4800"}]
                )
            },
            "locations-0-postal_code",
        ),
        (
            {
                "locations": inline_formset(
                    [
                        {
                            "address_1": "1 Main",
                            "city": "X",
                            "state": "MI",
                            "postal_code": "48009",
                            "latitude": "95",
                        }
                    ]
                )
            },
            "locations-0-latitude",
        ),
        (
            {"schedules": inline_formset([{"weekday": "0", "opens_at": "17:00", "closes_at": "09:00"}])},
            "schedules-0-closes_at",
        ),
    ],
)
def test_invalid_input_names_the_field_keeps_the_text_and_saves_nothing(
    client, editor, directory, overrides, field
):
    client.force_login(editor)
    before = (ResourcePage.objects.count(), ServiceLocation.objects.count(), ServicePhone.objects.count())
    response = client.post(add_url(directory), page_form(**overrides, **{"action-publish": "action-publish"}))
    assert response.status_code == 200
    assert field in field_errors(response)
    assert 'value="New Counseling Service"' in response.content.decode()
    after = (ResourcePage.objects.count(), ServiceLocation.objects.count(), ServicePhone.objects.count())
    assert after == before


def test_editor_cannot_put_resources_elsewhere(client, editor, home):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=("resources", "resourcepage", home.pk))
    assert refused_by_wagtail(client.get(url))


def test_editor_manages_organizations_but_not_languages(client, editor):
    client.force_login(editor)
    assert client.get(reverse("wagtailsnippets_resources_organization:add")).status_code == 200
    assert refused_by_wagtail(client.get(reverse("wagtailsnippets_resources_language:add")))
    response = client.post(
        reverse("wagtailsnippets_resources_organization:add"), {"name": "", "website": "nope"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "website"}
    assert Organization.objects.count() == 0


@pytest.mark.parametrize("user_fixture", ["clinician", "partner"])
def test_other_roles_cannot_edit_the_directory(client, directory, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert refused_by_wagtail(client.get(add_url(directory)))
    assert refused_by_wagtail(client.get(reverse("wagtailsnippets_resources_organization:add")))


def test_copying_a_resource_offers_no_alias_and_makes_a_copy(client, admin_user, directory):
    """An alias would keep the service's HSDS id, which must be unique: it used to be a server error."""
    page = ResourcePageFactory(title="Night Shelter")
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:copy", args=[page.pk])
    assert 'name="alias"' not in client.get(url).content.decode()
    form = {"new_title": "Night Shelter (east)", "new_slug": "night-shelter-east", "alias": "on"}
    response = client.post(url, {**form, "new_parent_page": directory.pk})
    assert response.status_code == 302
    copy = ResourcePage.objects.get(slug="night-shelter-east")
    assert copy.alias_of_id is None and copy.uuid != page.uuid
