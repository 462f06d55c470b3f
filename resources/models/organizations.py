from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .identity import HsdsExtraMixin, StableIdMixin


class Organization(HsdsExtraMixin, StableIdMixin, index.Indexed, models.Model):
    """An agency that provides services (HSDS organization). Administered under Directory → Organizations."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("website"), FieldPanel("email")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
