"""Typo correction that leaves ordinary words alone.

A word is corrected only when nobody could mean it as typed: it is not in the directory's own
vocabulary, not in the vocabulary files, and not an English word (the word list of the
pyspellchecker package, about 160,000 words with their frequency in English text). Then it becomes
the closest word the directory or the vocabulary files use, if one is close enough.
"""

from functools import lru_cache

from spellchecker import SpellChecker

MIN_LENGTH = 4


@lru_cache(maxsize=1)
def english_words():
    """The English word list, loaded once per process (about 12 MB)."""
    return frozenset(SpellChecker(language="en").word_frequency.keys())


def is_ordinary(word):
    return word in english_words()


def needs_correction(word, vocabulary):
    return len(word) >= MIN_LENGTH and word.isalpha() and not vocabulary.knows(word) and not is_ordinary(word)


def correct(tokens, vocabulary):
    """The tokens with misspelt words replaced, and whether anything changed."""
    corrected = [
        (vocabulary.closest(token) or token) if needs_correction(token, vocabulary) else token
        for token in tokens
    ]
    return corrected, corrected != list(tokens)
