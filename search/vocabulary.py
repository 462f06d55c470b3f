"""The words the directory uses, per worker process: for spelling correction and autocomplete.

Built from the indexed text and the vocabulary files, and tied to the index token: after a publish
the next search builds it again. Building reads every indexed text (about 0.2 s at 10,000 resources,
2 s at 100,000), so while an import publishes batch after batch it is rebuilt at most once per fifty
times its own building time, under 2% of a worker's time; in between, a word new to the index is
merely not yet a spelling suggestion.
"""

import bisect
import threading
import time
from collections import Counter

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from search.models import SearchEntry, SearchIndexState
from search.question.lexicon import base_lexicon
from search.question.words import words

REBUILD_FACTOR = 50
_lock = threading.Lock()
_current = None


class Vocabulary:
    def __init__(self, frequencies, token, build_seconds=0.0):
        self.token, self.build_seconds, self.built_at = token, build_seconds, time.monotonic()
        self.frequencies = frequencies
        self.sorted = sorted(frequencies)
        self.by_letter = {}
        for word, _count in frequencies.most_common():
            self.by_letter.setdefault(word[:1], []).append(word)

    @classmethod
    def build(cls, token):
        """Each indexed word with the number of resources using it; the vocabulary files' words too."""
        started = time.monotonic()
        frequencies = Counter()
        for text in SearchEntry.objects.values_list("text", flat=True).iterator(chunk_size=2000):
            frequencies.update(set(words(text)))
        frequencies.update(base_lexicon().words() - frequencies.keys())
        return cls(frequencies, token, time.monotonic() - started)

    def may_rebuild(self):
        return time.monotonic() - self.built_at >= REBUILD_FACTOR * self.build_seconds

    def knows(self, word):
        return word in self.frequencies

    def closest(self, word):
        """The most used known word within one typo (two for longer words), or None. The first
        letter is kept: people rarely mistype it, and it keeps the candidates few."""
        allowed = 1 if len(word) <= 5 else 2
        candidates = self.by_letter.get(word[:1], [])
        found = process.extractOne(word, candidates, scorer=DamerauLevenshtein.distance, score_cutoff=allowed)
        return found[0] if found else None

    def completions(self, prefix, limit):
        """Known words that start with `prefix` (not the prefix itself), alphabetically."""
        start = bisect.bisect_right(self.sorted, prefix)
        found = []
        for word in self.sorted[start:]:
            if not word.startswith(prefix) or len(found) == limit:
                break
            found.append(word)
        return found


def current():
    """This process's vocabulary, rebuilt when the index changed, within the rebuilding budget."""
    global _current
    token, _version = SearchIndexState.current()
    vocabulary = _current
    if vocabulary is not None and (vocabulary.token == token or not vocabulary.may_rebuild()):
        return vocabulary
    with _lock:
        if _current is vocabulary:  # nobody rebuilt it while this thread waited
            _current = Vocabulary.build(token)
        return _current
