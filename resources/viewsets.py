"""Admin for the directory's reference data: snippets grouped under one Directory menu."""

from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.admin_widgets import ScriptFreeSnippetChooserViewSet
from resources.models import Category, Community, Language, Organization, Population


class DirectorySnippetViewSet(SnippetViewSet):
    # its chooser widget starts from a static file, for the admin's Content-Security-Policy
    chooser_viewset_class = ScriptFreeSnippetChooserViewSet


class OrganizationViewSet(DirectorySnippetViewSet):
    model = Organization
    icon = "group"
    list_display = ["name", "website"]
    search_fields = ["name"]
    ordering = ["name"]


class CategoryViewSet(DirectorySnippetViewSet):
    model = Category
    icon = "tag"
    list_display = ["name", "parent", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return Category.objects.select_related("parent")


class CommunityViewSet(DirectorySnippetViewSet):
    model = Community
    icon = "site"
    list_display = ["name", "is_partner", "zip_codes"]
    list_filter = ["is_partner"]
    search_fields = ["name"]


class LanguageViewSet(DirectorySnippetViewSet):
    model = Language
    icon = "globe"
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class PopulationViewSet(DirectorySnippetViewSet):
    model = Population
    icon = "user"
    list_display = ["name"]


class DirectoryViewSetGroup(ViewSetGroup):
    menu_label = "Directory"
    menu_icon = "list-ul"
    menu_order = 200
    items = (OrganizationViewSet, CategoryViewSet, CommunityViewSet, LanguageViewSet, PopulationViewSet)
