import pytest
from django.core.exceptions import ValidationError

from resources.validators import format_phone, phone_href, validate_phone, validate_zip


@pytest.mark.parametrize("value", ["48326", "48326-1234"])
def test_zip_accepts_us_formats(value):
    validate_zip(value)


@pytest.mark.parametrize("value", ["", "4832", "483266", "48326-12", "ABCDE", "48326 1234", " 48326"])
def test_zip_rejects_everything_else(value):
    with pytest.raises(ValidationError, match="US ZIP code"):
        validate_zip(value)


@pytest.mark.parametrize("value", ["248-555-0123", "(248) 555-0199", "+1 248 555 0100", "988", "211", "911"])
def test_phone_accepts_us_numbers_and_short_lines(value):
    validate_phone(value)


@pytest.mark.parametrize(
    "value", ["+44 1234 234567", "+44 20 7946 0958", "+1 519 255 6000", "+52 55 1234 5678"]
)
def test_phone_accepts_numbers_abroad_with_their_country_code(value):
    """A directory lists lines across the border and abroad (the HSDS examples' +44 1234 234567)."""
    validate_phone(value)


@pytest.mark.parametrize(
    "value", ["555-0123", "123-456-7890", "12", "9881", "call us", "+44 123", "020 7946 0958"]
)
def test_phone_rejects_incomplete_numbers_and_foreign_ones_without_their_country_code(value):
    with pytest.raises(ValidationError, match="US phone number"):
        validate_phone(value)


@pytest.mark.parametrize("value", ["4832０", "４８３２６", "٤٨٣٢٦", "48326-１２３４", "48326\n"])
def test_zip_takes_ascii_digits_only(value):
    with pytest.raises(ValidationError, match="US ZIP code"):
        validate_zip(value)


@pytest.mark.parametrize("value", ["９８８", "9８８", "²¹¹"])
def test_short_lines_take_ascii_digits_only(value):
    with pytest.raises(ValidationError, match="US phone number"):
        validate_phone(value)


def test_phone_formats_for_reading_and_dialing():
    assert format_phone("248.555.0123") == "(248) 555-0123"
    assert phone_href("(248) 555-0123") == "+12485550123"
    assert format_phone("988") == "988"
    assert phone_href("988") == "988"
    assert format_phone("+44 1234 234567") == "+44 1234 234567"
    assert phone_href("+44 1234 234567") == "+441234234567"
    assert format_phone("+1 519 255 6000") == "+1 519-255-6000"  # Windsor, Ontario: across the river
