from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page

from resources.models import Category, ResourceIndexPage, directory_page


class HomePage(Page):
    """The public front door: crisis numbers, a search box, category tiles and the follow-up offer.

    Edited under Pages in the admin; there is one per site.
    """

    intro = models.TextField(
        blank=True,
        max_length=500,
        help_text="One or two plain sentences under the heading.",
    )
    follow_up_heading = models.CharField(max_length=120, default="After a crisis")
    follow_up_text = models.TextField(
        blank=True,
        max_length=600,
        help_text="Explains that the program's clinician can contact someone after a crisis.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("follow_up_heading"), FieldPanel("follow_up_text")],
            heading="Request a follow-up",
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["resources.ResourceIndexPage"]
    max_count = 1

    def route(self, request, path_components):
        """The directory and its resource pages in one query (`resources.models.directory_page`);
        any other path, or a page the query does not find, through Wagtail's own routing."""
        page = directory_page(self, path_components)
        if page is None:
            return super().route(request, path_components)
        return page.route(request, [])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = Category.objects.top_level()
        # Only a directory without a view restriction of its own is linked: this page's restrictions
        # and its ancestors' were checked before it was served.
        directory = ResourceIndexPage.objects.child_of(self).live().filter(view_restrictions__isnull=True)
        context["directory"] = directory.first()
        return context


@register_setting(icon="warning")
class CrisisLineSettings(BaseSiteSetting):
    """The crisis numbers and quick-exit target shown on every public page.

    Administered under Settings → Crisis lines. 911 and 988 are national; the local line is the
    county's own.
    """

    emergency_number = models.CharField(max_length=20, default="911")
    lifeline_number = models.CharField(
        max_length=20,
        default="988",
        help_text="The Suicide & Crisis Lifeline: call or text.",
    )
    local_line_name = models.CharField(
        max_length=120,
        blank=True,
        default="County crisis line (demonstration number)",
    )
    local_line_number = models.CharField(max_length=20, blank=True, default="248-555-0100")
    quick_exit_url = models.URLField(
        default="https://www.weather.gov/",
        help_text="A neutral page the quick-exit button leaves for.",
    )

    panels = [
        FieldPanel("emergency_number"),
        FieldPanel("lifeline_number"),
        MultiFieldPanel(
            [FieldPanel("local_line_name"), FieldPanel("local_line_number")],
            heading="Local crisis line",
        ),
        FieldPanel("quick_exit_url"),
    ]

    class Meta:
        verbose_name = "crisis lines"
