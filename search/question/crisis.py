"""Recognising a question that may come from someone in crisis now (`data/crisis.txt`).

Matching is by phrase, not by single words, so "suicide loss support group" is told apart from
"I want to kill myself", and "suicidal years ago" from "suicidal again". Phrases are compiled to
regular expressions over the question's words; word classes ({self}, {pills} …) keep the list
short. One typo is forgiven in a listed word of four letters or more when the first letter is right
and what was typed is not an English word itself: "sucidal" and "overdosse" are read as meant, while
"homeless" is never taken for "hopeless". Words are not compared by stem: a stemmer makes "suicide"
(a topic) and "suicidal" (a state) one word, so the file lists the forms it means.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from search.question.lexicon import data_lines, phrases
from search.question.spelling import is_ordinary

GAP = r"(?: \S+){0,4}"
NUMBER = r"\d+"
CLASS = re.compile(r"^\{(\w+)\}$")
SHARED_KINDS = ("calm", "past", "now", "ignore")


@dataclass(frozen=True)
class Rule:
    kind: str
    topic: bool
    patterns: tuple  # all must match somewhere ("A & B")

    def matches(self, text):
        return all(pattern.search(text) for pattern in self.patterns)


@dataclass(frozen=True)
class CrisisPhrases:
    rules: tuple
    calm: re.Pattern
    past: re.Pattern
    now: re.Pattern
    ignore: re.Pattern
    words: dict  # first letter -> the words the file uses, for forgiving typos


def word_regex(word, classes):
    found = CLASS.match(word)
    if not found:
        return re.escape(word)
    alternatives = sorted(classes[found.group(1)], key=len, reverse=True)
    return "(?:" + "|".join(" ".join(map(re.escape, phrase.split())) for phrase in alternatives) + ")"


def phrase_regex(phrase, classes):
    """A phrase as a regular expression over space-separated words: "..." is a gap, "$" the end."""
    parts = []
    for item in phrase.split():
        if item == "...":
            parts.append(GAP)
        elif item == "#":
            parts.append(" " + NUMBER)
        elif item == "$":
            parts.append("$")
        else:
            parts.append(" " + word_regex(item, classes))
    return "".join(parts).removeprefix(" ")


def any_of(regexes):
    return re.compile("(?:^| )(?:" + "|".join(regexes or ["(?!)"]) + ")(?= |$)")


def split_phrases(listed):
    """Phrases of a line, keeping the file's own syntax ({class}, "...", "$")."""
    return [" ".join(part.split()) for part in listed.split(",") if part.strip()]


@lru_cache(maxsize=1)
def crisis_phrases():
    classes, lines = {}, []
    for line in data_lines("crisis.txt"):
        name, _, listed = line.partition(":")
        if name.startswith("{"):
            classes[name.strip("{}")] = phrases(listed)
        else:
            lines.append((name.strip(), split_phrases(listed)))
    rules, shared = [], {kind: [] for kind in SHARED_KINDS}
    for name, listed in lines:
        if name in shared:
            shared[name] += [phrase_regex(phrase, classes) for phrase in listed]
            continue
        kind, _, topic = name.partition(" ")
        for phrase in listed:
            parts = [any_of([phrase_regex(part, classes)]) for part in phrase.split("&")]
            rules.append(Rule(kind, bool(topic), tuple(parts)))
    # Typos are forgiven towards the words of crisis phrases only, not of the context lists
    # ("las" is not a typo of "last").
    phrase_words = {w for name, listed in lines if name not in shared for p in listed for w in p.split()}
    class_words = {w for alternatives in classes.values() for p in alternatives for w in p.split()}
    words = {}
    for word in sorted(phrase_words | class_words):
        if word.isalpha() and len(word) >= 4:
            words.setdefault(word[0], []).append(word)
    return CrisisPhrases(tuple(rules), *(any_of(shared[kind]) for kind in SHARED_KINDS), words)


def as_meant(token, known):
    """The listed word a token is a typo of, or the token itself."""
    if len(token) < 3 or not token.isalpha() or is_ordinary(token):
        return token
    candidates = known.get(token[0], [])
    if token in candidates:
        return token
    found = process.extractOne(token, candidates, scorer=DamerauLevenshtein.distance, score_cutoff=1)
    return found[0] if found else token


def crisis_kinds(tokens):
    """The kinds of crisis a question expresses ("suicide", "overdose" …), in file order; () if none."""
    listed = crisis_phrases()
    text = " ".join(as_meant(token, listed.words) for token in tokens)
    text = " ".join(listed.ignore.sub(" ", text).split())
    calm = bool(listed.calm.search(text))
    history = bool(listed.past.search(text)) and not listed.now.search(text)
    kinds = [
        rule.kind for rule in listed.rules if rule.matches(text) and not (history or (rule.topic and calm))
    ]
    return tuple(dict.fromkeys(kinds))
