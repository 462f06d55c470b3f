"""Choosing a directory service for a referral: Wagtail's chooser modal, answered by the portal's
own search service, so the clinician finds a service with the words a resident would use."""

from wagtail.admin.forms.choosers import BaseFilterForm, SearchFilterMixin
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from portal.admin_widgets import ChooserWidget
from referrals.access import CliniciansOnlyViewSetMixin
from resources.models import ResourcePage
from search.backends import search
from search.forms import SearchForm

RESULTS = 30


class DirectoryFilterForm(SearchFilterMixin, BaseFilterForm):
    def filter(self, objects):
        return objects  # the search service answers in `DirectorySearchMixin`


class DirectorySearchMixin:
    filter_form_class = DirectoryFilterForm

    def get_object_list(self):
        return ResourcePage.objects.live().public().order_by("title")

    def filter_object_list(self, objects):
        text = self.request.GET.get("q", "").strip()
        if not text:
            return objects
        form = SearchForm({"q": text})
        if not form.is_valid():
            return objects.none()
        ids = [hit.page_id for hit in search(form.to_query(per_page=RESULTS)).hits]
        found = objects.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


class DirectoryChooseView(DirectorySearchMixin, chooser_views.ChooseView):
    pass


class DirectoryChooseResultsView(DirectorySearchMixin, chooser_views.ChooseResultsView):
    pass


class DirectoryChosenView(chooser_views.ChosenView):
    def get_object(self, pk):
        return ResourcePage.objects.live().public().get(pk=pk)


class DirectoryChosenMultipleView(chooser_views.ChosenMultipleView):
    def get_objects(self, pks):
        return ResourcePage.objects.live().public().filter(pk__in=pks)


class DirectoryChooserViewSet(CliniciansOnlyViewSetMixin, ChooserViewSet):
    """Published, public services only, for clinicians only (it serves the referral's link form)."""

    model = ResourcePage
    icon = "doc-full"
    choose_one_text = "Choose a service"
    choose_another_text = "Choose another service"
    choose_view_class = DirectoryChooseView
    choose_results_view_class = DirectoryChooseResultsView
    chosen_view_class = DirectoryChosenView
    chosen_multiple_view_class = DirectoryChosenMultipleView
    refusals_logged_on_records = False  # nothing personal here: a refusal is logged on the user
    register_widget = False  # only the referral's link form uses it; page editors keep theirs
    base_widget_class = ChooserWidget  # started from a static file: the admin's Content-Security-Policy


directory_chooser = DirectoryChooserViewSet("directory_chooser", url_prefix="casework/directory-chooser")
