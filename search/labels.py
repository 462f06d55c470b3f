"""Facet values and their labels, in display order, shared by every backend.

Read once per process and again whenever the index token changes: renaming a category, community
or language re-indexes the resources that use it, which changes the token.
"""

import re

from search.facets import FACETS
from search.models import SearchIndexState
from search.question.lexicon import base_lexicon, phrases

_cached = (None, None, None)


def reference():
    """(labels, lexicon) as of the index's current state, read again when its token changes."""
    global _cached
    token, _version = SearchIndexState.current()
    cached_token, labels, lexicon = _cached
    if labels is None or cached_token != token:
        labels = {facet.name: facet.labels() for facet in FACETS}
        lexicon = base_lexicon().with_cues(language_cues(labels["language"]))
        _cached = (token, labels, lexicon)
    return labels, lexicon


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
