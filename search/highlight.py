"""Highlighted snippets for hits: matched words wrapped in <mark>, everything else escaped."""

import re

from django.utils.html import escape

SNIPPET_LENGTH = 240


def stems(terms):
    """Word beginnings to mark, loose enough to catch the forms a stemmer matched."""
    result = set()
    for group in terms:
        for phrase in group:
            for word in phrase.split():
                result.add(word[: max(4, len(word) - 3)] if len(word) > 4 else word)
    return result


def highlight(text, terms):
    prefixes = stems(terms)

    def mark(word):
        if any(word.lower().startswith(prefix) for prefix in prefixes):
            return f"<mark>{escape(word)}</mark>"
        return escape(word)

    # With a capturing group, re.split puts the words at the odd positions.
    parts = re.split(r"([^\W_]+)", text[:SNIPPET_LENGTH])
    return "".join(mark(part) if index % 2 else escape(part) for index, part in enumerate(parts))
