"""Finding people without their names in plain text: staff search by name, and the likely matches
offered when someone is entered, each with the reasons it matched.

Candidates come from the database by keyed digests (the same phone, email or date of birth, or name
words); only those few are decrypted and compared, with `rapidfuzz` for typing mistakes and the
`nicknames` dataset for Bob and Robert.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from rapidfuzz.distance import JaroWinkler

from referrals.lookup_keys import formal_names, name_words, sound, word_digests
from referrals.models import Person, PersonNameKey

SIMILAR_FIRST = 0.88  # Jaro-Winkler: Jonathon/Jonathan 0.97, Katelyn/Kaitlyn 0.90, Mark/Mike 0.73
SIMILAR_LAST = 0.90  # Thompson/Thomson 0.98, Gonzales/Gonzalez 0.95, Miller/Mills 0.87
CANDIDATES = 50


def find_by_name(text):
    """People whose every typed word is a word of their name, a nickname of it, or sounds like it."""
    words = name_words(text)
    if not words:
        return Person.objects.none()
    people = Person.objects.all()
    for word in words:
        holders = PersonNameKey.objects.filter(digest__in=word_digests(word)).values("person")
        people = people.filter(pk__in=holders)
    return people


@dataclass
class Match:
    person: Person
    reasons: list = field(default_factory=list)
    likely: bool = False  # False: only shares a phone or email (a household), shown apart


def likely_matches(candidate):
    """People who may be `candidate` (an unsaved or saved Person), likely ones first."""
    keys = candidate.lookup_fields()
    wanted = Q()
    for name in ("phone_key", "email_key", "birth_key"):
        if keys[name]:
            wanted |= Q(**{name: keys[name]})
    if not wanted:
        return []
    found = Person.objects.filter(wanted).exclude(pk=candidate.pk).order_by("-created_at")[:CANDIDATES]
    matches = [compare(candidate, keys, other) for other in found]
    matches = [match for match in matches if match.reasons]
    return sorted(matches, key=lambda match: not match.likely)


def compare(candidate, keys, other):
    match = Match(other)
    same = {name: bool(keys[name]) and keys[name] == getattr(other, name) for name in keys}
    names = name_relation(candidate, other)
    if same["phone_key"]:
        match.reasons.append("same phone number")
    if same["email_key"]:
        match.reasons.append("same email address")
    if same["birth_key"] and names:
        match.reasons.append("same date of birth")
    if names and match.reasons:
        match.reasons.append(names)
    born_apart = candidate.date_of_birth and other.date_of_birth and not same["birth_key"]
    match.likely = bool(names) and (same["birth_key"] or not born_apart) and bool(match.reasons)
    return match


def name_relation(a, b):
    """Why two people's names may be one person's ("" if they do not look alike)."""
    first_a, last_a = name_words(a.first_name), name_words(a.last_name)
    first_b, last_b = name_words(b.first_name), name_words(b.last_name)
    if not (first_a or last_a) or not (first_b or last_b):
        return ""
    if words_alike(first_a, first_b, SIMILAR_FIRST) and words_alike(last_a, last_b, SIMILAR_LAST):
        exact = first_a == first_b and last_a == last_b
        return "same name" if exact else "similar name"
    if words_alike(first_a, last_b, SIMILAR_FIRST) and words_alike(last_a, first_b, SIMILAR_LAST):
        return "first and last name swapped"
    return ""


def words_alike(words_a, words_b, threshold):
    """Any word of one alike any word of the other; an unknown part does not count against."""
    if not words_a or not words_b:
        return True
    return any(word_alike(x, y, threshold) for x in words_a for y in words_b)


def word_alike(x, y, threshold):
    if x == y:
        return True
    if len(x) == 1 or len(y) == 1:  # an initial
        return x[0] == y[0]
    if x in formal_names(y) or y in formal_names(x) or formal_names(x) & formal_names(y):
        return True
    return sound(x) == sound(y) or JaroWinkler.similarity(x, y) >= threshold
