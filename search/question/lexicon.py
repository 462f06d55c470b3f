"""The vocabulary files that turn a resident's words into the directory's: synonyms and lay terms
(`data/synonyms.txt`), filler (`data/filler.txt`) and filter cues (`data/cues.txt`).

Every phrase is looked up by the stems of its words, apostrophes left out, so one form in a file
covers the others: "drinking" covers "drinks", "can't" covers "cant".
"""

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from search.question.words import stem, words

DATA = Path(__file__).with_name("data")
MAX_PHRASE_WORDS = 8
TEXT_CUES = ("population", "language")
MAX_CUE_WORDS = 10  # the first, most common words of a cue line: each word is one more alternative to match


@dataclass
class Entry:
    """What one phrase means: more phrases to match, filter values it names, or nothing (filler)."""

    alternatives: list = field(default_factory=list)
    cues: list = field(default_factory=list)
    synonyms: bool = False  # named by the synonyms file: a need, not only a filter value

    def add(self, alternatives=(), cues=(), synonyms=False):
        self.alternatives.extend(a for a in alternatives if a not in self.alternatives)
        self.cues.extend(c for c in cues if c not in self.cues)
        self.synonyms = self.synonyms or synonyms


def data_lines(name):
    """The meaningful lines of a data file: comments and blank lines left out."""
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def phrases(text):
    """The comma-separated phrases of a line, normalised to words joined by single spaces."""
    return [" ".join(words(part)) for part in text.split(",") if words(part)]


def synonym_lines():
    """(phrases read, phrases they also find) per line; equivalences find each other."""
    for line in data_lines("synonyms.txt"):
        said, arrow, meant = line.partition("=>")
        yield (phrases(said), phrases(meant)) if arrow else (phrases(said), phrases(said))


def cue_lines():
    """((filter, value), phrases naming it) per line of the cues file."""
    for line in data_lines("cues.txt"):
        name, _, listed = line.partition(":")
        facet, value = name.split()
        yield (facet, value), phrases(listed)


def key(tokens):
    return tuple(stem(token.replace("'", "")) for token in tokens)


class Lexicon:
    """Phrases by the stems of their words, each with its Entry."""

    def __init__(self):
        self.entries = {}
        self.known_words = set()

    def entry(self, phrase):
        self.known_words.update(phrase.split())
        return self.entries.setdefault(key(phrase.split()), Entry())

    def longest_at(self, tokens, start):
        """(Entry, end) of the longest known phrase starting at `start`, or (None, start + 1)."""
        for end in range(min(len(tokens), start + MAX_PHRASE_WORDS), start, -1):
            found = self.entries.get(key(tokens[start:end]))
            if found is not None:
                return found, end
        return None, start + 1

    def words(self):
        """Every word that appears in a phrase of the vocabulary files, as written there."""
        return set(self.known_words)

    def with_cues(self, cues):
        """A copy knowing extra cue phrases, e.g. the names in the directory's language list."""
        copy = Lexicon()
        copy.known_words = set(self.known_words)
        for key, entry in self.entries.items():
            copy.entries[key] = Entry(list(entry.alternatives), list(entry.cues), entry.synonyms)
        for cue, names in cues:
            for name in names:
                copy.entry(name).add(cues=[cue])
        return copy


@lru_cache(maxsize=1)
def base_lexicon():
    """The lexicon from the data files, read once per process."""
    lexicon = Lexicon()
    for line in data_lines("filler.txt"):
        lexicon.entry(" ".join(words(line)))
    for said, meant in synonym_lines():
        for phrase in said:
            lexicon.entry(phrase).add(alternatives=meant, synonyms=True)
    for cue, named in cue_lines():
        # The words naming an age group or a language find each other in text too ("teen" finds
        # "young people"); the words for a cost, a way of delivery or a time do not: "broke" or
        # "tonight" are no words a resource would use for itself.
        alternatives = named[:MAX_CUE_WORDS] if cue[0] in TEXT_CUES else []
        for phrase in named:
            lexicon.entry(phrase).add(alternatives=alternatives, cues=[cue])
    return lexicon
