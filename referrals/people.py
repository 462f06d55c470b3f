"""Finding people without their names in plain text: staff search by name, and the likely matches
offered when someone is entered, each with the reasons it matched.

Candidates come from the database by keyed digests (the same phone, email or date of birth, or name
words); only those few are decrypted and compared, with `rapidfuzz` for typing mistakes and the
`nicknames` dataset for Bob and Robert.

Measured on hand-labelled pairs of people by `bench/matching.py` (and `referrals/tests/test_matching.py`):
a date of birth with day and month swapped (3 April written 4 March) is looked up too; a married or
changed last name counts when the first name, the date of birth and a phone or email all agree; a
name written in parts or joined (Ji-woo, Jiwoo) is compared both ways; and the masculine and feminine
forms of one name (Daniel/Danielle, Eric/Erica, Mario/Maria), which twins, siblings and spouses share a
phone or a birthday under, are not taken for a typing mistake.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from rapidfuzz.distance import JaroWinkler

from referrals.lookup_keys import birth_key, formal_names, name_words, sound, word_digests
from referrals.models import Person, PersonNameKey

SIMILAR_FIRST = 0.88  # Jaro-Winkler: Jonathon/Jonathan 0.97, Katelyn/Kaitlyn 0.90, Mark/Mike 0.73
SIMILAR_LAST = 0.90  # Thompson/Thomson 0.98, Gonzales/Gonzalez 0.95, Miller/Mills 0.87
CANDIDATES = 50
DIGESTS = ("phone_key", "email_key", "birth_key")
# The longer name is the shorter one with one of these endings: another person's name, not a typo.
OTHER_GENDER_ENDINGS = ("a", "le", "ine", "ina", "ette")  # Eric/Erica, Daniel/Danielle, Paul/Pauline


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


def people_found(text):
    """The people a list search names, by code or by name, worked out first (two index look-ups) so
    that the list's own query filters on a plain list of ids: an OR of a subquery with other columns
    leaves PostgreSQL no index to combine, and it scans every row."""
    by_code = Person.objects.filter(reference=text.strip().upper()).values_list("pk", flat=True)
    return {*find_by_name(text).values_list("pk", flat=True), *by_code}


@dataclass
class Match:
    person: Person
    reasons: list = field(default_factory=list)
    likely: bool = False  # False: only shares a phone or email (a household), shown apart


def likely_matches(candidate):
    """People who may be `candidate` (an unsaved or saved Person), likely ones first."""
    keys = candidate.lookup_fields()
    keys["swapped_birth_key"] = birth_key(day_month_swapped(candidate.date_of_birth))
    wanted = Q()
    for name in DIGESTS:
        if keys[name]:
            wanted |= Q(**{name: keys[name]})
    if keys["swapped_birth_key"]:
        wanted |= Q(birth_key=keys["swapped_birth_key"])
    if not wanted:
        return []
    found = Person.objects.filter(wanted).exclude(pk=candidate.pk).order_by("-created_at")[:CANDIDATES]
    matches = [compare(candidate, keys, other) for other in found]
    matches = [match for match in matches if match.reasons]
    return sorted(matches, key=lambda match: not match.likely)


def day_month_swapped(date):
    """The date with day and month swapped (1990-04-03 → 1990-03-04), as US and European writing
    mix them up; None when that is no other date (day above 12, or day and month alike)."""
    if date is None or date.day > 12 or date.day == date.month:
        return None
    return date.replace(month=date.day, day=date.month)


def compare(candidate, keys, other):
    match = Match(other)
    same = {name: bool(keys[name]) and keys[name] == getattr(other, name) for name in DIGESTS}
    born = ""
    if same["birth_key"]:
        born = "same date of birth"
    elif keys["swapped_birth_key"] and keys["swapped_birth_key"] == other.birth_key:
        born = "same date of birth, day and month swapped"
    names = name_relation(candidate, other)
    reached = same["phone_key"] or same["email_key"]
    if not names and born and reached and first_names_alike(candidate, other):
        # Married or changed: first name, birthday and contact agree. Twins differ in first name.
        names = "same first name, another last name"
    if same["phone_key"]:
        match.reasons.append("same phone number")
    if same["email_key"]:
        match.reasons.append("same email address")
    if born and names:
        match.reasons.append(born)
    if names and match.reasons:
        match.reasons.append(names)
    born_apart = candidate.date_of_birth and other.date_of_birth and not born
    match.likely = bool(names) and not born_apart and bool(match.reasons)
    return match


def name_words_joined(text):
    """A name's words, and all of them joined when there are several: Ji-woo → ji, woo, jiwoo."""
    words = name_words(text)
    return [*words, "".join(words)] if len(words) > 1 else words


def name_relation(a, b):
    """Why two people's names may be one person's ("" if they do not look alike)."""
    first_a, last_a = name_words_joined(a.first_name), name_words_joined(a.last_name)
    first_b, last_b = name_words_joined(b.first_name), name_words_joined(b.last_name)
    if not (first_a or last_a) or not (first_b or last_b):
        return ""
    if words_alike(first_a, first_b, SIMILAR_FIRST) and words_alike(last_a, last_b, SIMILAR_LAST):
        exact = first_a == first_b and last_a == last_b
        return "same name" if exact else "similar name"
    if words_alike(first_a, last_b, SIMILAR_FIRST) and words_alike(last_a, first_b, SIMILAR_LAST):
        return "first and last name swapped"
    return ""


def first_names_alike(a, b):
    """Both first names known and alike (an unknown one does not count for)."""
    first_a, first_b = name_words_joined(a.first_name), name_words_joined(b.first_name)
    return bool(first_a and first_b) and words_alike(first_a, first_b, SIMILAR_FIRST)


def words_alike(words_a, words_b, threshold):
    """Any word of one alike any word of the other; an unknown part does not count against."""
    if not words_a or not words_b:
        return True
    return any(word_alike(x, y, threshold) for x in words_a for y in words_b)


def word_alike(x, y, threshold):
    if x == y:
        return True
    if other_gender_forms(x, y):
        return False
    if len(x) == 1 or len(y) == 1:  # an initial
        return x[0] == y[0]
    if x in formal_names(y) or y in formal_names(x) or formal_names(x) & formal_names(y):
        return True
    return sound(x) == sound(y) or JaroWinkler.similarity(x, y) >= threshold


def other_gender_forms(x, y):
    """The masculine and feminine forms of one name: Daniel/Danielle, Eric/Erica, Mario/Maria."""
    short, long = sorted((x, y), key=len)
    if len(short) < 4:  # Ann/Anna, Jo/Joa: too short to tell
        return False
    if any(long == short + ending for ending in OTHER_GENDER_ENDINGS):
        return True
    return len(x) == len(y) and x[:-1] == y[:-1] and {x[-1], y[-1]} == {"a", "o"}
