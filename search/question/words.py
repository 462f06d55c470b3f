"""Words of a question or of a resource, normalised the same way wherever they are compared.

Lower case (Unicode case folding), compatibility forms folded (fullwidth letters, ligatures),
curly apostrophes straightened, hyphens splitting words ("self-harm" is "self harm"), so that a
phrase list, the synonyms and the index agree on what a word is.
"""

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_local = threading.local()


def words(text):
    """The words of a text, normalised, in order."""
    text = unicodedata.normalize("NFKC", text or "").casefold().translate(APOSTROPHES)
    return WORD.findall(text)


@lru_cache(maxsize=65536)
def stem(word):
    """The English (Porter 2) stem of a word: "drinking" and "drinks" are both "drink"."""
    return stemmer().stemWord(word)


def stemmer():
    """This thread's stemmer: a snowballstemmer stemmer keeps the word it is stemming on itself, so
    two threads sharing one get each other's stems (and the cache above would keep them)."""
    if not hasattr(_local, "stemmer"):
        _local.stemmer = snowballstemmer.stemmer("english")
    return _local.stemmer


def stems(tokens):
    return tuple(stem(token) for token in tokens)


def stemmed_text(text):
    """A text as space-separated stems, for an index whose server has no stemmer of its own."""
    return " ".join(stem(word) for word in words(text))
