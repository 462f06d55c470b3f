"""factory_boy factories for the directory, used by tests, `load_demo` and the benchmarks."""

import datetime

import factory
from django.utils.text import slugify
from wagtail.models import PageViewRestriction

from resources.models import (
    Category,
    Community,
    Language,
    Organization,
    ResourceIndexPage,
    ResourcePage,
    ServiceLocation,
    ServicePhone,
    ServiceSchedule,
)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Example Agency {n} (demo)")
    description = "A demonstration organization."


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Community {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    zip_codes = "48326"
    latitude = "42.687500"
    longitude = "-83.234100"


class ServiceLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceLocation

    address_1 = factory.Sequence(lambda n: f"{100 + n} Example Road")
    city = "Auburn Hills"
    postal_code = "48326"
    latitude = "42.687500"
    longitude = "-83.234100"


class ServicePhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePhone

    number = factory.Sequence(lambda n: f"(248) 555-01{n % 100:02d}")
    description = "Intake"


class ServiceScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceSchedule

    weekday = 0
    opens_at = datetime.time(9)
    closes_at = datetime.time(17)


class PageViewRestrictionFactory(factory.django.DjangoModelFactory):
    """A page's privacy as an editor sets it: `restriction_type` password (the default), login or
    groups (pass `groups` as a list)."""

    class Meta:
        model = PageViewRestriction
        skip_postgeneration_save = True

    restriction_type = PageViewRestriction.PASSWORD
    password = factory.LazyAttribute(
        lambda o: "letmein" if o.restriction_type == PageViewRestriction.PASSWORD else ""
    )

    @factory.post_generation
    def groups(self, create, groups, **kwargs):
        if create and groups:
            self.groups.set(groups)


def directory_page():
    """The one directory page, created by a data migration."""
    return ResourceIndexPage.objects.get()


class ResourcePageFactory(factory.django.DjangoModelFactory):
    """A live resource page under the directory; pass `parent`, child rows and M2M values as lists.

    `publish=True` goes through a revision, as an editor's publish does; the default saves the page
    live directly, which is quicker for bulk test data.
    """

    class Meta:
        model = ResourcePage

    title = factory.Sequence(lambda n: f"Resource {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Help for people and families in the community."

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=False, **kwargs):
        related = {
            name: kwargs.pop(name, None)
            for name in (
                "locations",
                "phones",
                "schedules",
                "categories",
                "languages",
                "populations",
                "service_areas",
            )
        }
        if related["phones"] is None:
            related["phones"] = [ServicePhoneFactory.build()]
        page = model_class(*args, **kwargs)
        for name, values in related.items():
            if values is not None:
                setattr(page, name, values)
        parent = parent or directory_page()
        if publish:
            page.live = False
            parent.add_child(instance=page)
            page.save_revision().publish()
            page.refresh_from_db()
        else:
            parent.add_child(instance=page)
        return page


def rich_resource_page(title):
    """A resource with something of every kind a page or a listing shows: for query-count tests,
    where each kind of related row must be read without one query per resource."""
    return ResourcePageFactory(
        title=title,
        organization=OrganizationFactory(),
        categories=[Category.objects.get(slug="crisis-mobile-crisis"), Category.objects.get(slug="food")],
        languages=list(Language.objects.all()[:3]),
        service_areas=list(Community.objects.all()[:2]),
        locations=[ServiceLocationFactory.build(), ServiceLocationFactory.build()],
        schedules=[
            ServiceSchedule(weekday=day, opens_at=datetime.time(9), closes_at=datetime.time(17))
            for day in range(7)
        ],
    )
