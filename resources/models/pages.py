"""The public directory: an index page and one page per service (HSDS service)."""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Value, When
from django.utils.text import capfirst
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms.pages import CopyForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from resources import hours
from resources.validators import age_validators

from . import imported_extras
from .identity import HsdsExtraMixin, StableIdMixin
from .restrictions import ViewRestrictionFlagMixin, with_view_restriction_flag
from .taxonomy import Category, Community, Language, Population, qualified_name


class ServiceStatus(models.TextChoices):
    """HSDS service status."""

    ACTIVE = "active", "Active"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "No longer offered"


# The public names of the cost and delivery options (URLs, data exchange) and their fields.
COSTS = {"free": "is_free", "sliding-scale": "has_sliding_scale", "insurance": "accepts_insurance"}
DELIVERY = {
    "in-person": "delivers_in_person",
    "phone": "delivers_by_phone",
    "video": "delivers_by_video",
    "text": "delivers_by_text",
}
COST_FIELDS = tuple(COSTS.values())
DELIVERY_FIELDS = tuple(DELIVERY.values())


class CopyWithoutAliasForm(CopyForm):
    """Wagtail's copy form without "Alias": an alias keeps every field of the page it copies, the
    service's HSDS id too, which must be unique, so creating one failed with a server error. A
    directory listing one service twice has no use; a copy gets an id of its own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("alias", None)


class ResourceIndexPage(ViewRestrictionFlagMixin, Page):
    """The directory listing at /resources/: every public resource, with the search page's filters.

    Served through the search service (`search.wagtail_hooks`), like /search/ without words.
    """

    intro = models.TextField(blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ResourcePage"]
    max_count = 1
    copy_form_class = CopyWithoutAliasForm  # its resources would be aliased with it


class ResourcePage(ViewRestrictionFlagMixin, HsdsExtraMixin, StableIdMixin, Page):
    """One service in the directory (HSDS service): what it offers, where, when, for whom, at what cost.

    Edited under Pages → Resources. Published, revisioned, previewable and schedulable by Wagtail.
    """

    alternate_name = models.CharField(max_length=200, blank=True)
    organization = models.ForeignKey(
        "resources.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="services"
    )
    summary = models.CharField(
        max_length=300, help_text="One plain sentence for listings: what help this is and for whom."
    )
    description = RichTextField(features=["bold", "italic", "link", "ul", "ol"], blank=True)
    status = models.CharField(max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    categories = ParentalManyToManyField("resources.Category", related_name="resources")
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    is_crisis = models.BooleanField("crisis service", default=False)
    is_24_7 = models.BooleanField("open 24 hours, 7 days", default=False)

    eligibility = models.TextField(blank=True, max_length=1000)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True, validators=age_validators)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True, validators=age_validators)
    populations = ParentalManyToManyField("resources.Population", blank=True, related_name="resources")
    service_areas = ParentalManyToManyField("resources.Community", blank=True, related_name="resources")
    is_free = models.BooleanField("free", default=False)
    has_sliding_scale = models.BooleanField("sliding-scale fees", default=False)
    accepts_insurance = models.BooleanField("insurance accepted", default=False)
    fees_description = models.CharField("fee details", max_length=300, blank=True)
    languages = ParentalManyToManyField("resources.Language", blank=True, related_name="resources")
    delivers_in_person = models.BooleanField("in person", default=True)
    delivers_by_phone = models.BooleanField("by phone", default=False)
    delivers_by_video = models.BooleanField("by video", default=False)
    delivers_by_text = models.BooleanField("by text message", default=False)
    application_process = models.TextField("how to get help", blank=True, max_length=1000)
    wait_time = models.CharField(max_length=120, blank=True)

    last_verified_on = models.DateField(null=True, blank=True)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    service_panels = [
        *Page.content_panels,
        FieldPanel("alternate_name"),
        FieldPanel("organization"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("status"), FieldPanel("is_crisis")]),
        FieldRowPanel([FieldPanel("website"), FieldPanel("email")]),
        InlinePanel("phones", heading="Phone numbers", label="Phone number", min_num=1),
    ]
    where_and_when_panels = [
        InlinePanel("locations", heading="Locations", label="Location"),
        FieldPanel("is_24_7"),
        InlinePanel("schedules", heading="Opening hours", label="Opening"),
    ]
    eligibility_panels = [
        FieldPanel("eligibility"),
        FieldRowPanel([FieldPanel("minimum_age"), FieldPanel("maximum_age")], heading="Ages"),
        FieldPanel("populations", widget=forms.CheckboxSelectMultiple),
        FieldPanel("service_areas", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [*(FieldPanel(name) for name in COST_FIELDS), FieldPanel("fees_description")], heading="Cost"
        ),
        FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel([FieldPanel(name) for name in DELIVERY_FIELDS], heading="Delivered"),
        FieldPanel("application_process"),
        FieldPanel("wait_time"),
    ]
    review_panels = [FieldPanel("last_verified_on"), FieldPanel("last_verified_by")]
    edit_handler = TabbedInterface(
        [
            ObjectList(service_panels, heading="Service"),
            ObjectList(where_and_when_panels, heading="Locations & hours"),
            ObjectList(eligibility_panels, heading="Eligibility & cost"),
            ObjectList(review_panels, heading="Review"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("alternate_name"),
    ]

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []
    exclude_fields_in_copy = ["uuid"]
    copy_form_class = CopyWithoutAliasForm

    class Meta:
        verbose_name = "resource"

    def clean(self):
        super().clean()
        low, high = self.minimum_age, self.maximum_age
        if low is not None and high is not None and low > high:
            raise ValidationError({"maximum_age": "The maximum age must be at least the minimum age."})

    def copy(self, *args, **kwargs):
        """Copies start a fresh history, so no revision can bring back the original's child ids."""
        kwargs["copy_revisions"] = False
        return super().copy(*args, **kwargs)

    def copy_child_relation(self, *args, **kwargs):
        """Copied locations, phones and schedules are new records and get new UUIDs."""
        child_object_map = super().copy_child_relation(*args, **kwargs)
        for child in child_object_map.values():
            child.uuid = uuid.uuid4()
        return child_object_map

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        schedules = list(self.schedules.all())
        phones = list(self.phones.all())
        locations = list(self.locations.all())
        numbers = {phone.display_number() for phone in phones}
        for location in locations:
            location.imported = imported_extras.of_location(location.hsds_extra, numbers)
        context.update(
            phones=phones,
            locations=locations,
            imported=imported_extras.for_residents(self.hsds_extra),
            has_hours=self.is_24_7 or bool(schedules),
            is_open_now=self.is_24_7 or hours.is_open_at(schedules, hours.now()),
            weekly_hours=hours.weekly_hours(schedules),
            **self.listed_under(),
        )
        return context

    def listed_under(self):
        """{"categories", "populations", "service_areas", "languages": [name, …]}, each list in its
        model's order, read in one query (a union) rather than four: every resource page shows all four."""
        no_parent = Value(None, output_field=models.CharField())
        lists = (
            ("categories", Category, F("sort_order"), F("parent__name")),
            ("populations", Population, Value(0), no_parent),
            ("service_areas", Community, Case(When(is_partner=True, then=0), default=1), no_parent),
            ("languages", Language, Value(0), no_parent),
        )
        rows = [
            model.objects.filter(resources=self)
            .order_by()
            .annotate(kind=Value(kind), position=position, parent_name=parent_name)
            .values_list("kind", "position", "name", "parent_name")
            for kind, model, position, parent_name in lists
        ]
        named = {kind: [] for kind, *_ in lists}
        everything = rows[0].union(*rows[1:], all=True).order_by("kind", "position", "name")
        for kind, _position, name, parent_name in everything:
            named[kind].append(qualified_name(name, parent_name))
        return named

    def is_open_at(self, moment):
        return self.is_24_7 or hours.is_open_at(self.schedules.all(), moment)

    def is_open_now(self):
        return self.is_open_at(hours.now())

    def delivery_labels(self):
        return [self._meta.get_field(name).verbose_name for name in DELIVERY_FIELDS if getattr(self, name)]

    def cost_labels(self):
        return [self._meta.get_field(name).verbose_name for name in COST_FIELDS if getattr(self, name)]

    def age_label(self):
        low, high = self.minimum_age, self.maximum_age
        if low is not None and high is not None:
            return f"Ages {low} to {high}"
        if low is not None:
            return f"Ages {low} and over"
        if high is not None:
            return f"Ages {high} and under"
        return ""


def option_choices(options):
    """(public name, label) pairs for the cost or delivery options, labelled by the fields themselves."""
    return [
        (key, capfirst(ResourcePage._meta.get_field(field).verbose_name)) for key, field in options.items()
    ]


COST_CHOICES = option_choices(COSTS)
DELIVERY_CHOICES = option_choices(DELIVERY)


def directory_page(home, path_components):
    """The directory (one path component under `home`) or one of its resources (two), fetched as
    its own type with whether a view restriction applies, in one query; None for any other path.

    Wagtail's routing takes two queries per level (the page, then its specific type) and two more
    for restrictions. Resource pages are most of the public traffic (`HomePage.route`). Pages are
    found by `url_path`, which Wagtail keeps current through renames and moves; the slug, which is
    indexed, narrows the search.
    """
    model = {1: ResourceIndexPage, 2: ResourcePage}.get(len(path_components))
    if model is None:
        return None
    url_path = home.url_path + "".join(f"{component}/" for component in path_components)
    pages = model.objects.filter(slug=path_components[-1], url_path=url_path)
    if model is ResourcePage:
        pages = pages.select_related("organization")
    return with_view_restriction_flag(pages).first()
