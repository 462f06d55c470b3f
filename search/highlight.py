"""Highlighted snippets for hits: matched words wrapped in <mark>, everything else escaped.

The same for every backend: a word is marked when its stem is the stem of a word of the question's
terms, as the engines matched it ("drinking" marks "drink").
"""

import re

from django.utils.html import escape

from search.question.words import stem, words

SNIPPET_LENGTH = 240
WORD_PARTS = re.compile(r"([^\W_]+)")


def stems_of(terms):
    return {stem(word) for term in terms for phrase in term.alternatives for word in words(phrase)}


def highlight(text, terms):
    marked = stems_of(terms)

    def mark(word):
        normalised = words(word)
        if normalised and stem(normalised[0]) in marked:
            return f"<mark>{escape(word)}</mark>"
        return escape(word)

    # With a capturing group, re.split puts the words at the odd positions.
    parts = WORD_PARTS.split(text[:SNIPPET_LENGTH])
    return "".join(mark(part) if index % 2 else escape(part) for index, part in enumerate(parts))
