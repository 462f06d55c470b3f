"""Query-time synonym expansion from `synonyms.txt`, the same for every backend."""

import re
from functools import lru_cache
from pathlib import Path

SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")
WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*", re.UNICODE)
MAX_TERMS = 12

# Words that carry no meaning in a request for help; dropped before matching.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "for",
        "from",
        "get",
        "help",
        "i",
        "im",
        "i'm",
        "in",
        "is",
        "it",
        "me",
        "my",
        "near",
        "need",
        "of",
        "on",
        "or",
        "please",
        "some",
        "someone",
        "that",
        "the",
        "there",
        "to",
        "want",
        "what",
        "where",
        "who",
        "with",
        "you",
        "your",
    ]
)
# A query touching these puts crisis services first.
CRISIS_WORDS = frozenset(
    [
        "crisis",
        "suicide",
        "suicidal",
        "emergency",
        "urgent",
        "overdose",
        "self-harm",
        "kill",
        "die",
        "dying",
        "hopeless",
    ]
)


def words(text):
    return [match.lower() for match in WORD.findall(text or "")]


@lru_cache(maxsize=1)
def synonym_groups():
    """{phrase: (phrase, its synonyms…)} read from the data file."""
    groups = {}
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        phrases = tuple(dict.fromkeys(" ".join(words(part)) for part in line.split(",") if words(part)))
        for phrase in phrases:
            groups[phrase] = tuple(dict.fromkeys(groups.get(phrase, (phrase,)) + phrases))
    return groups


def longest_phrase_at(tokens, start, groups):
    for end in range(min(len(tokens), start + 4), start, -1):
        phrase = " ".join(tokens[start:end])
        if phrase in groups:
            return phrase, end
    return tokens[start], start + 1


def expand(tokens):
    """Term groups for matching: each a tuple of alternatives (words or phrases) of which one must match."""
    groups = synonym_groups()
    terms, position = [], 0
    while position < len(tokens) and len(terms) < MAX_TERMS:
        phrase, position = longest_phrase_at(tokens, position, groups)
        if phrase in STOPWORDS:
            continue
        terms.append(groups.get(phrase, (phrase,)))
    return tuple(terms)


def is_crisis(terms):
    return any(word in CRISIS_WORDS for group in terms for phrase in group for word in phrase.split())


def vocabulary_words():
    """Every word the synonym file knows, for spelling suggestions."""
    return {word for phrase in synonym_groups() for word in phrase.split()}
