"""Look-up digests (blind indexes) of personal values, so exact look-ups need no plain text.

Each value is normalised the way people write it differently (248-555-0123 and (248) 555 0123,
upper and lower case, Bob and Robert) and then digested with the key ring's HMAC key.
"""

import functools
import re

import jellyfish
from anyascii import anyascii
from nicknames import NickNamer

from referrals.encryption import blind_index
from resources.validators import parse_phone

WORD = re.compile(r"[a-z]+")


def normal_phone(value):
    number = parse_phone(value or "")
    if number is None:
        return re.sub(r"[^0-9]", "", value or "")
    return f"+{number.country_code}{number.national_number}"


def phone_key(value):
    return blind_index("phone", normal_phone(value))


def email_key(value):
    return blind_index("email", (value or "").strip().casefold())


def birth_key(date):
    return blind_index("birth", date.isoformat()) if date else ""


def name_words(*parts):
    """Lower-case ASCII words of a name: "O'Brien-Núñez" → obrien, nunez."""
    text = anyascii(" ".join(part or "" for part in parts)).casefold().replace("'", "")
    return WORD.findall(text)


@functools.cache
def nicknamer():
    return NickNamer()


def formal_names(word):
    """The formal names a nickname stands for (bob → robert), from the `nicknames` dataset."""
    return nicknamer().canonicals_of(word)


def sound(word):
    return jellyfish.metaphone(word) if len(word) > 1 else word


def word_digests(word):
    """What a name word can be found by: itself, its formal names, and its sound."""
    digests = {blind_index("name", word), blind_index("sound", sound(word))}
    digests.update(blind_index("name", formal) for formal in formal_names(word))
    return digests


def name_keys(first_name, last_name):
    """All digests stored for a person's name."""
    return set().union(*(word_digests(word) for word in name_words(first_name, last_name)))
