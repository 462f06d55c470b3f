"""Reference data that resource pages choose from: categories, communities, languages, populations."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from resources.validators import latitude_validators, longitude_validators, validate_zip

from .identity import StableIdMixin


def qualified_name(name, parent_name=None):
    """A category as residents read it: "Crisis › Mobile crisis" for a subcategory."""
    return f"{parent_name} › {name}" if parent_name else name


class CategoryQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)


class Category(StableIdMixin, index.Indexed, models.Model):
    """A kind of help (HSDS taxonomy term), in a two-level hierarchy: Crisis › Mobile crisis.

    Administered under Directory → Categories.
    """

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text="Leave empty for a top-level category.",
    )
    description = models.CharField(max_length=250, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    objects = CategoryQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return qualified_name(self.name, self.parent.name if self.parent_id else None)

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "A category cannot be its own parent."})
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": "Choose a top-level category as the parent."})
        if self.parent_id and self.pk and self.children.exists():
            raise ValidationError({"parent": "This category has subcategories, so it must stay top-level."})


class Community(StableIdMixin, index.Indexed, models.Model):
    """A municipality or place: the partner communities that share the clinician, and others served.

    Used for a resource's service areas and, later, for where a call came from.
    Administered under Directory → Communities.
    """

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    is_partner = models.BooleanField(
        "partner community",
        default=False,
        help_text="Shares the cost of the co-response clinician.",
    )
    zip_codes = models.CharField(
        "ZIP codes",
        max_length=200,
        blank=True,
        help_text="The ZIP codes of this community, separated by commas.",
    )
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, validators=latitude_validators
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, validators=longitude_validators
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("is_partner"),
        FieldPanel("zip_codes"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading="Centre"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["-is_partner", "name"]
        verbose_name_plural = "communities"

    def __str__(self):
        return self.name

    def clean(self):
        errors = []
        for code in self.zip_code_list():
            try:
                validate_zip(code)
            except ValidationError:
                errors.append(f"“{code}” is not a US ZIP code.")
        if errors:
            raise ValidationError({"zip_codes": errors})

    def zip_code_list(self):
        return [code.strip() for code in self.zip_codes.split(",") if code.strip()]


class Language(models.Model):
    """A language a service is offered in, by ISO 639 code (639-1 where one exists, else 639-3)."""

    code = models.CharField("ISO 639 code", max_length=3, unique=True)
    name = models.CharField(max_length=60)

    panels = [FieldPanel("code"), FieldPanel("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Population(models.Model):
    """A group a service is meant for (older adults, veterans, …), used for eligibility filters."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
