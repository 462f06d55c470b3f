"""Reference codes: how every back-office record is named, in lists, titles and the audit log.

Wagtail's audit log keeps each logged object's label for good, so records are called by a code,
never by a person's name. No 0/O or 1/I/L, so a code read out over the phone is not misheard.
"""

import secrets

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def random_code(length):
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_reference():
    """A follow-up request's code, given to the person who sent it: 31^10 ≈ 8·10^14, not guessable."""
    code = random_code(10)
    return f"{code[:5]}-{code[5:]}"


def staff_code(prefix):
    """A back-office code such as R-4K7M-2QXP: 31^8 ≈ 8.5·10^11, so even at a million records a
    repeat is a one-in-a-million event, and the column's unique constraint refuses it."""
    code = random_code(8)
    return f"{prefix}-{code[:4]}-{code[4:]}"


def person_code():
    return staff_code("P")


def referral_code():
    return staff_code("R")


def contact_code():
    return staff_code("C")


def link_code():
    return staff_code("L")
