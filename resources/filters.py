"""The directory listing's simple filters. Bad values get a message and are ignored, never a 500."""

from django import forms
from django.db.models import Q

from resources import hours
from resources.models import COST_CHOICES, COSTS, Category, Community, Language
from resources.widgets import QuickSelect

COST_FILTERS = {key: Q(**{field: True}) for key, field in COSTS.items()}


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label="Words to look for", required=False, max_length=200, strip=True)
    category = forms.ModelChoiceField(
        Category.objects.select_related("parent"),
        to_field_name="slug",
        required=False,
        empty_label="Any",
        widget=QuickSelect,
    )
    community = forms.ModelChoiceField(
        Community.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Anywhere",
        label="Serves",
        widget=QuickSelect,
    )
    language = forms.ModelChoiceField(
        Language.objects.all(), to_field_name="code", required=False, empty_label="Any", widget=QuickSelect
    )
    cost = forms.ChoiceField(choices=[("", "Any"), *COST_CHOICES], required=False, widget=QuickSelect)
    open_now = forms.BooleanField(label="Open now", required=False)

    def clean_q(self):
        value = self.cleaned_data["q"]
        if "\x00" in value:
            raise forms.ValidationError("Remove the unusual characters from your search.")
        return value

    def filter(self, resources):
        """Apply every filter that validated; an invalid one is reported on the form and skipped."""
        if not self.is_bound:
            return resources
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            resources = resources.filter(Q(title__icontains=data["q"]) | Q(summary__icontains=data["q"]))
        if data.get("category"):
            category = data["category"]
            in_category = Q(categories=category) | Q(categories__parent=category)
            resources = resources.filter(pk__in=resources.model.objects.filter(in_category).values("pk"))
        if data.get("community"):
            resources = resources.filter(service_areas=data["community"])
        if data.get("language"):
            resources = resources.filter(languages=data["language"])
        if data.get("cost"):
            resources = resources.filter(COST_FILTERS[data["cost"]])
        if data.get("open_now"):
            resources = resources.open_at(hours.now())
        return resources
