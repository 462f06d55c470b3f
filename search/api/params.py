"""Query parameters of the HSDS API, checked: a bad value is a 400 that names the parameter."""

import datetime
import re
import uuid

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

PER_PAGE_DEFAULT = 50
PER_PAGE_MAX = 200
# ASCII digits: isdigit() also passes ² (which int() refuses) and int() reads ５; and at most 20 of
# them, far beyond any bound here, so int() never meets the thousands of digits it refuses.
DIGITS = re.compile(r"[0-9]{1,20}")


class BadParameter(Exception):
    def __init__(self, name, message):
        super().__init__(message)
        self.name, self.message = name, message


def integer(request, name, default, low, high):
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    if not DIGITS.fullmatch(raw) or not low <= int(raw) <= high:
        raise BadParameter(name, f"{name} must be a whole number from {low} to {high}.")
    return int(raw)


def boolean(request, name):
    raw = request.GET.get(name, "").lower()
    if raw in ("", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise BadParameter(name, f"{name} must be true or false.")


def identifier(request, name):
    raw = request.GET.get(name, "")
    if raw == "":
        return None
    try:
        return uuid.UUID(raw)
    except ValueError as error:
        raise BadParameter(name, f"{name} must be a UUID.") from error


def moment(request, name):
    """An ISO 8601 date or date-time; a date means its start in the site's time zone."""
    raw = request.GET.get(name, "")
    if raw == "":
        return None
    try:
        value = parse_datetime(raw) or parse_date(raw)
    except ValueError:
        value = None
    if value is None:
        raise BadParameter(name, f"{name} must be an ISO 8601 date or date-time, e.g. 2026-01-31.")
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time())
    value = value if timezone.is_aware(value) else timezone.make_aware(value)
    try:
        # Databases compare in UTC: 0001-01-01T00:00:00+01:00 is a day before year 1 there, and
        # converting it raises OverflowError (SQLite's adapter, or reading it back from PostgreSQL).
        return value.astimezone(datetime.UTC)
    except OverflowError as error:
        raise BadParameter(
            name, f"{name} is out of range: it must fall within the years 1 to 9999 in UTC."
        ) from error


def paging(request):
    page = integer(request, "page", 1, 1, 1_000_000)
    per_page = integer(request, "per_page", PER_PAGE_DEFAULT, 1, PER_PAGE_MAX)
    return page, per_page
