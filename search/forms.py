"""Public search input, validated at the edge and turned into a ResourceQuery."""

import re
from functools import partial

from django import forms

from resources.models import Community
from resources.validators import ZIP_PATTERN
from search import geo, labels, vocabulary
from search.facets import FACETS
from search.query import (
    DEFAULT_RADIUS_MILES,
    MAX_RADIUS_MILES,
    ResourceQuery,
    Sort,
)
from search.question import Question, understand

MAX_QUERY_LENGTH = 200
MAX_PAGE = 500
COORDINATES = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$", re.ASCII)


class AsciiNumberMixin:
    """Numbers in ASCII digits only: int() and float() also read other scripts' digits (１, ٣)."""

    def to_python(self, value):
        if isinstance(value, str) and not value.isascii():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class AsciiIntegerField(AsciiNumberMixin, forms.IntegerField):
    pass


class AsciiFloatField(AsciiNumberMixin, forms.FloatField):
    pass


class SearchForm(forms.Form):
    """Every filter of `search.facets` is a multiple-choice field named after it."""

    q = forms.CharField(label="What do you need help with?", required=False, max_length=MAX_QUERY_LENGTH)
    near = forms.CharField(label="ZIP code", required=False, max_length=40)
    radius = AsciiFloatField(label="Within (miles)", required=False, min_value=1, max_value=MAX_RADIUS_MILES)
    open_now = forms.BooleanField(label="Open now", required=False)
    sort = forms.ChoiceField(choices=Sort.CHOICES, required=False)
    page = AsciiIntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for facet in FACETS:
            self.fields[facet.name] = forms.MultipleChoiceField(
                label=facet.legend, choices=partial(labels.valid_choices, facet.name), required=False
            )

    def clean_q(self):
        text = self.cleaned_data["q"]
        if "\x00" in text:
            raise forms.ValidationError("Remove the unusual characters from your search.")
        return " ".join(text.split())

    def clean_near(self):
        value = self.cleaned_data["near"].strip()
        if not value:
            return None
        coordinates = COORDINATES.match(value)
        if coordinates:
            lat, lon = float(coordinates.group(1)), float(coordinates.group(2))
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                return (lat, lon), ""
        point = geo.zip_point(value[:5]) if ZIP_PATTERN.fullmatch(value) else None
        if point is None:
            raise forms.ValidationError("Enter a 5-digit US ZIP code, such as 48326.")
        return point, self.community_for_zip(value[:5])

    @staticmethod
    def community_for_zip(code):
        for community in Community.objects.exclude(zip_codes=""):
            if code in community.zip_code_list():
                return community.slug
        return ""

    def to_query(self, per_page=None):
        """The query from every field that validated; invalid ones stay on the form as errors."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})  # an unbound form has none
        near, near_community = data.get("near") or (None, "")
        text = data.get("q", "")
        question = understand(text, vocabulary.current(), labels.lexicon()) if text else Question()
        terms = question.terms
        options = {"per_page": per_page} if per_page else {}
        return ResourceQuery(
            text=text,
            **{facet.attribute: tuple(data.get(facet.name, ())) for facet in FACETS},
            near=near,
            near_community=near_community,
            radius_miles=data.get("radius") or DEFAULT_RADIUS_MILES,
            open_now=bool(data.get("open_now")),
            sort=data.get("sort") or (Sort.DISTANCE if near and not terms else Sort.RELEVANCE),
            page=data.get("page") or 1,
            terms=terms,
            crisis=question.crisis,
            possible_crisis=question.possible_crisis,
            cues=question.cues,
            suggestion=question.corrected,
            **options,
        )
