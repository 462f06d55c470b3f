"""What a resident asked, understood before any backend sees it.

"my husband is hearing things" becomes one term, read as the directory's words (psychiatric,
crisis …), a crisis of kind "psychosis", and no typo; "counselor who speaks arabic" becomes a
counseling term and an Arabic term that a resource offering Arabic satisfies even if its text
never says so, with Arabic offered as a filter. Backends rank resources by the weight of the terms
they cover, so one word the directory does not use never empties the page.
"""

import re
from dataclasses import dataclass

from search.query import Term
from search.question import crisis_model, spelling
from search.question.crisis import crisis_kinds
from search.question.lexicon import base_lexicon
from search.question.words import words

MAX_WORDS = 40
MAX_TERMS = 12
KNOWN_NEED = 2.0  # the weight of a need the vocabulary files know ("booze"); a plain word weighs 1
IN_PASSING = 0.5  # the weight of a filter value named in passing ("arabic", "free"): a boost, no more
NEGATIONS = frozenset(["not", "no", "without", "never", "don't", "dont", "isn't", "isnt", "non"])
AGE = re.compile(r"\b(\d{1,3}) ?(?:years?|yrs?|y/?o|yo)(?: old)?\b|\bage[sd]? (\d{1,3})\b")
OLDER = re.compile(r"\b(?:is|i'?m|i am|he'?s|she'?s|turned|turning) (\d{2,3})\b")


@dataclass(frozen=True)
class Question:
    """`crisis`: the kinds of crisis the phrase list finds (crisis services then come first);
    `possible_crisis`: the learned model's second opinion, for questions the list does not know
    (the crisis lines are shown above the results; the ranking is left to the words)."""

    terms: tuple[Term, ...] = ()
    crisis: tuple[str, ...] = ()
    cues: tuple[tuple[str, str], ...] = ()
    corrected: str = ""
    possible_crisis: bool = False


class NoVocabulary:
    """For callers without an index: knows no words, corrects nothing."""

    def knows(self, word):
        return False

    def closest(self, word):
        return None


def understand(text, vocabulary=None, lexicon=None):
    """The Question in `text`: terms, crisis kinds, filter cues and a spelling correction."""
    vocabulary = vocabulary or NoVocabulary()
    lexicon = lexicon or base_lexicon()
    typed = words(text)[:MAX_WORDS]
    crisis = crisis_kinds(typed)  # numbers count here: "took 20 pills"
    possible = bool(crisis) or crisis_model.says_crisis(text)
    tokens = [token for token in typed if not token.isdigit()]
    corrected, changed = spelling.correct(tokens, vocabulary)
    terms = terms_of(corrected, lexicon)
    named = {cue for term in terms for cue in term.cues}
    terms = (*terms, *(term for term in age_terms(text, lexicon) if not set(term.cues) <= named))[:MAX_TERMS]
    cues = tuple(dict.fromkeys(cue for term in terms for cue in term.cues))
    return Question(terms, crisis, cues, " ".join(corrected) if changed else "", possible)


def age_terms(text, lexicon):
    """A term for an age said in numbers ("my 15 yr old", "im 16", "mom is 75"), read as the words for its
    age group would be: "15" as "teen", "75" as "senior"."""
    found = AGE.search(text.casefold()) or OLDER.search(text.casefold())
    if not found:
        return ()
    age = int(next(group for group in found.groups() if group))
    said = "teen" if age < 18 else "senior" if age >= 60 else ""
    entry, _end = lexicon.longest_at([said], 0) if said else (None, 0)
    return (Term(tuple(entry.alternatives), tuple(entry.cues), IN_PASSING),) if entry else ()


def terms_of(tokens, lexicon):
    """The question's terms, longest known phrases first. Filler is left out, repeats are merged
    (two words naming the same filter value are one term), and a term right after a negation
    ("not a therapist") is dropped."""
    terms, position, negated = [], 0, False
    while position < len(tokens):
        entry, end = lexicon.longest_at(tokens, position)
        phrase = " ".join(tokens[position:end])
        position = end
        if entry is None and phrase in NEGATIONS:
            negated = True
        elif entry is not None and not (entry.alternatives or entry.cues):
            continue  # filler keeps a negation waiting: "not a therapist"
        elif negated:
            negated = False
        elif entry is None:
            if Term((phrase,)) not in terms:
                terms.append(Term((phrase,)))
        else:
            alternatives = tuple(dict.fromkeys([phrase, *entry.alternatives]))
            term = Term(alternatives, tuple(entry.cues), KNOWN_NEED if entry.synonyms else IN_PASSING)
            if not any(same_meaning(term, other) for other in terms):
                terms.append(term)
    return tuple(terms)


def same_meaning(term, other):
    """Two words of one synonym or cue line ("kids", "children") are one term, however many."""
    if not term.cues or term.cues != other.cues:
        return False
    return set(term.alternatives) <= set(other.alternatives) | set(term.alternatives[:1])
