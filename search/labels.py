"""Facet values and their labels, in display order, shared by every backend.

Read once per process and again whenever the index token changes: renaming a category, community
or language re-indexes the resources that use it, which changes the token.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar

from search.facets import FACETS
from search.models import SearchIndexState
from search.question.lexicon import base_lexicon, phrases

_cached = (None, None)  # (token, (labels, lexicon, choices)) of this process
_held = ContextVar("search_reference_held", default=None)


def reference():
    """(labels, lexicon, choices) as of the index's current state, read again when its token changes.

    Inside `one_reading()` every call answers as the first did. Values nothing uses yet are not
    guaranteed: creating an unused category does not change the token. A filter on one is refused
    as an unknown choice until a resource uses it; it would have found nothing anyway.
    """
    global _cached
    held = _held.get()
    if held:
        return held[0]
    token, _version = SearchIndexState.current()
    cached_token, found = _cached
    if found is None or cached_token != token:
        labels = {facet.name: facet.labels() for facet in FACETS}
        lexicon = base_lexicon().with_cues(language_cues(labels["language"]))
        choices = {facet.name: facet.choices() if facet.choices else labels[facet.name] for facet in FACETS}
        found = (labels, lexicon, choices)
        _cached = (token, found)
    if held is not None:
        held.append(found)
    return found


@contextmanager
def one_reading():
    """Within the block the index's state is read once: a page's filters, counts and labels come
    from one reading, at one query rather than one per use."""
    reset = _held.set([])
    try:
        yield
    finally:
        _held.reset(reset)


def language_cues(languages):
    """Every language of the directory's list is a cue by its name: "Chaldean (Neo-Aramaic)" by
    "chaldean" and by "neo aramaic"."""
    return [(("language", code), phrases(re.sub(r"[()]", ",", name))) for code, name in languages]


def facet_labels():
    """{facet: [(value, label)]} in display order."""
    return reference()[0]


def lexicon():
    """The vocabulary files' lexicon, with the directory's language names as cues."""
    return reference()[1]


def valid_choices(facet_name):
    """[(value, label)] a URL may choose for the facet: more than its labels for categories
    (subcategories too)."""
    return reference()[2][facet_name]


def facet_values(counts):
    """FacetValues from {facet: {value: count}}, in display order, leaving out values with no match."""
    from search.results import FacetValue

    return {
        name: [
            FacetValue(value, label, counts[name][value])
            for value, label in values
            if counts[name].get(value)
        ]
        for name, values in facet_labels().items()
    }
