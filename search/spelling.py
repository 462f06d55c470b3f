"""Typo tolerance: words the index does not know are replaced by the closest word it does know."""

import difflib

from django.core.cache import cache

from search import synonyms

VOCABULARY_KEY = "search:vocabulary"
VOCABULARY_SECONDS = 600
MIN_LENGTH = 4


def build_vocabulary():
    from search.models import SearchEntry

    known = synonyms.vocabulary_words()
    for text in SearchEntry.objects.values_list("text", flat=True).iterator(chunk_size=2000):
        known.update(synonyms.words(text))
    return frozenset(known)


def vocabulary():
    """The words of the indexed resources and of the synonym file, cached until the index changes."""
    return cache.get_or_set(VOCABULARY_KEY, build_vocabulary, VOCABULARY_SECONDS)


def forget_vocabulary():
    cache.delete(VOCABULARY_KEY)


def closest(word, known):
    if len(word) < MIN_LENGTH or word in known or word in synonyms.STOPWORDS or not word.isalpha():
        return word
    candidates = [other for other in known if other[:1] == word[:1] and abs(len(other) - len(word)) <= 2]
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
    return matches[0] if matches else word


def correct(tokens):
    """The tokens with unknown words corrected, and whether anything changed."""
    known = vocabulary()
    corrected = [closest(token, known) for token in tokens]
    return corrected, corrected != list(tokens)
