"""Field validators for directory data, with messages an editor can act on."""

import functools
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

# ASCII digits only: `\d` would also match other scripts' digits (４８３２６), which a ZIP lookup
# cannot read. Used with fullmatch, so a trailing newline is not part of a valid value either.
ZIP_PATTERN = re.compile(r"[0-9]{5}(-[0-9]{4})?")
# Three-digit public service numbers (211, 311, 911, 988 …) are real lines but not E.164 numbers.
SHORT_CODE_PATTERN = re.compile(r"[2-9][0-9]{2}")

latitude_validators = [
    MinValueValidator(-90, "Latitude must be between -90 and 90."),
    MaxValueValidator(90, "Latitude must be between -90 and 90."),
]
longitude_validators = [
    MinValueValidator(-180, "Longitude must be between -180 and 180."),
    MaxValueValidator(180, "Longitude must be between -180 and 180."),
]
age_validators = [
    MinValueValidator(0, "Age cannot be negative."),
    MaxValueValidator(120, "Enter an age of 120 or less."),
]


def validate_zip(value):
    if not ZIP_PATTERN.fullmatch(value or ""):
        raise ValidationError(
            "Enter a US ZIP code: five digits, or ZIP+4 such as 48326-1234.", code="invalid_zip"
        )


@functools.lru_cache(maxsize=4096)
def parse_phone(value, abroad=False):
    """A `phonenumbers.PhoneNumber` for a valid US number, else None. With `abroad`, any valid
    number: North American ones as dialled here, others written with + and their country code (the
    official HSDS examples' +44 1234 234567), for a directory that lists lines across the border
    and abroad; a family's or a person's phone stays local. Cached: a number is parsed to validate,
    format and link it, and an import checks thousands (read-only results)."""
    try:
        number = phonenumbers.parse(value, "US")
    except phonenumbers.NumberParseException:
        return None
    if abroad:
        return number if phonenumbers.is_valid_number(number) else None
    return number if phonenumbers.is_valid_number_for_region(number, "US") else None


def validate_phone(value):
    digits = re.sub(r"[^0-9]", "", value or "")
    if SHORT_CODE_PATTERN.fullmatch(digits) and len(value.strip()) == 3:
        return
    if parse_phone(value, abroad=True) is None:
        raise ValidationError(
            "Enter a US phone number with area code, such as 248-555-0123, a three-digit line such "
            "as 988, or a number in another country starting with + and its country code.",
            code="invalid_phone",
        )


def local_phone(value):
    """A family's or a person's phone as E.164 (+12485550123), "" when left empty; a ValidationError
    for anything but a valid US number (the clinician calls them back from here)."""
    value = (value or "").strip()
    if not value:
        return ""
    number = parse_phone(value)
    if number is None:
        raise ValidationError("Enter a US phone number with area code, such as 248-555-0123.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(value):
    """The number as residents read it: (248) 555-0123, +44 1234 234567 abroad, or 988."""
    number = parse_phone(value, abroad=True)
    if number is None:
        return value.strip()
    style = phonenumbers.PhoneNumberFormat
    us = phonenumbers.region_code_for_number(number) == "US"
    return phonenumbers.format_number(number, style.NATIONAL if us else style.INTERNATIONAL)


def phone_href(value):
    """A dialable URI target: +12485550123, +441234234567, or 988 for short codes."""
    number = parse_phone(value, abroad=True)
    if number is None:
        return re.sub(r"[^0-9]", "", value or "")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
