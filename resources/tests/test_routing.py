"""The directory's own routing (`HomePage.route`, `directory_page`) answers exactly as Wagtail's.

Both shortcuts re-derive something Wagtail decides: which page a path names, and whether a view
restriction applies. These tests compare them with Wagtail's own methods on the same trees, so
they fail if a Wagtail upgrade changes either rule under us.
"""

import pytest
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction

from resources.factories import PageViewRestrictionFactory, ResourcePageFactory
from resources.models import ResourceIndexPage, ResourcePage
from resources.models.restrictions import with_view_restriction_flag

pytestmark = pytest.mark.django_db


def wagtail_route(home, path):
    """The page Wagtail's own `Page.route` finds for `path` under home, or None for a 404."""
    try:
        return Page.route(home, RequestFactory().get(path), [part for part in path.split("/") if part]).page
    except Http404:
        return None


def our_route(home, path):
    try:
        return home.route(RequestFactory().get(path), [part for part in path.split("/") if part]).page
    except Http404:
        return None


@pytest.fixture
def tree(home, directory):
    """Live and draft resources, and an alias of the directory (an editor's "copy, as an alias").

    Resource pages cannot be aliased: an alias keeps every field, and the HSDS id must be unique.
    """
    live = ResourcePageFactory(title="Walk-in Counseling")
    draft = ResourcePageFactory(title="Draft Service", live=False)
    alias = directory.create_alias(update_slug="services")
    return {"live": live, "draft": draft, "alias": alias}


def paths(tree):
    return [
        "/", "/resources/", "/services/", "/services/walk-in-counseling/",
        tree["live"].url_path.removeprefix("/home"), "/resources/draft-service/",
        "/resources/no-such-service/", "/no-such-page/", "/resources/walk-in-counseling/extra/",
        "/walk-in-counseling/", "/resources/resources/",
    ]  # fmt: skip


def test_routing_finds_what_wagtail_finds_as_the_same_specific_page(home, tree):
    for path in paths(tree):
        ours, wagtails = our_route(home, path), wagtail_route(home, path)
        assert (type(ours), getattr(ours, "pk", None)) == (type(wagtails), getattr(wagtails, "pk", None)), (
            path
        )
    assert isinstance(our_route(home, "/resources/walk-in-counseling/"), ResourcePage)
    assert our_route(home, "/resources/draft-service/") is None


def test_a_renamed_directory_routes_its_resources_under_the_new_name(client, home, directory, tree):
    directory.refresh_from_db()  # as the editor's form would load it: with its children counted
    directory.slug = "help"
    directory.save_revision().publish()
    assert client.get("/resources/walk-in-counseling/").status_code == 404
    assert client.get("/help/walk-in-counseling/").status_code == 200
    assert (
        our_route(home, "/help/walk-in-counseling/").pk == wagtail_route(home, "/help/walk-in-counseling/").pk
    )


# A restriction on the directory also applies to its alias: both are among the pages compared.
RESTRICTED = {
    "nothing": None,
    "the resource itself": "live",
    "the directory": "directory",
    "the home page": "home",
}


@pytest.mark.parametrize("where", RESTRICTED)
@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_the_restriction_flag_agrees_with_wagtail_on_every_page(home, directory, tree, where, kind):
    pages = {"home": home, "directory": directory, **tree}
    if RESTRICTED[where]:
        PageViewRestrictionFactory(page=pages[RESTRICTED[where]], restriction_type=kind)
    for model in (ResourceIndexPage, ResourcePage):
        for page in with_view_restriction_flag(model.objects.all()):
            wagtails = Page.get_view_restrictions(page)
            assert page.view_restricted == wagtails.exists(), (where, page.title)
            assert list(page.get_view_restrictions()) == list(wagtails)


def test_an_alias_is_restricted_by_the_page_it_copies(directory, tree):
    PageViewRestrictionFactory(page=directory)
    alias = with_view_restriction_flag(ResourceIndexPage.objects.filter(pk=tree["alias"].pk)).get()
    assert alias.alias_of_id == directory.pk and alias.view_restricted


@pytest.mark.parametrize("where", ["directory", "live"])
def test_a_restricted_resource_asks_for_the_password_and_serves_after_it(client, directory, tree, where):
    restriction = PageViewRestrictionFactory(page={"directory": directory, **tree}[where])
    url = tree["live"].url
    asked = client.get(url)
    assert asked.status_code == 200 and "Walk-in Counseling" not in asked.content.decode()
    assert 'name="password"' in asked.content.decode()
    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{tree['live'].pk}/",
        {"password": "letmein", "return_url": url},
    )
    assert "Walk-in Counseling" in client.get(url).content.decode()


def test_a_login_restricted_resource_sends_the_visitor_to_sign_in(client, tree):
    PageViewRestrictionFactory(page=tree["live"], restriction_type=PageViewRestriction.LOGIN)
    response = client.get(tree["live"].url)
    assert response.status_code == 302 and "login" in response["Location"]
