""" "Open now": weekly wall-clock hours checked against an instant in the site's time zone.

Schedules hold local times, so the instant is converted with the IANA zone rules (zoneinfo):
that keeps answers right across midnight and on the days daylight saving starts and ends.
The Python check (`is_open_at`, for a page) and the minute ranges of a week (`week_minutes`, for the
search indexes) encode one rule; a test compares them every half hour across weeks.
"""

import datetime

from django.db import models
from django.utils import timezone

MIDNIGHT = datetime.time(0, 0)


class Weekday(models.IntegerChoices):
    """Days as Python numbers them (`datetime.weekday()`): Monday is 0."""

    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


def now():
    return timezone.now()


def local_weekday_and_time(moment):
    """The weekday (Monday = 0) and naive wall-clock time of an aware instant, in the site's zone."""
    local = timezone.localtime(moment)
    return local.weekday(), local.time().replace(tzinfo=None)


def is_open_at(schedules, moment):
    weekday, local_time = local_weekday_and_time(moment)
    return any(row.weekday == weekday and row.is_open_at(local_time) for row in schedules)


def weekly_hours(schedules):
    """Seven (day name, [opening labels]) pairs, Monday first, for an hours table."""
    days = {day: [] for day in Weekday}
    for row in sorted(schedules, key=lambda row: (row.weekday, row.opens_at or MIDNIGHT)):
        days[row.weekday].append(row.hours_label())
    return [(day.label, openings) for day, openings in days.items()]


MINUTES_PER_DAY = 24 * 60


def week_minutes(row):
    """An opening as (start, end) minutes since Monday 00:00, end exclusive: the form search
    indexes hold hours in, so "open now" is a range lookup there. Same rule as `is_open_at`."""
    day_start = row.weekday * MINUTES_PER_DAY
    if row.open_24_hours:
        return day_start, day_start + MINUTES_PER_DAY
    opens = row.opens_at.hour * 60 + row.opens_at.minute
    closes = row.closes_at.hour * 60 + row.closes_at.minute or MINUTES_PER_DAY
    return day_start + opens, day_start + closes


def minute_of_week(moment):
    """Minutes since Monday 00:00 of an aware instant, in the site's zone."""
    weekday, local_time = local_weekday_and_time(moment)
    return weekday * MINUTES_PER_DAY + local_time.hour * 60 + local_time.minute


def is_open_during(ranges, minute):
    """Whether a minute of the week falls in one of the (start, end) ranges of `week_minutes`."""
    return any(start <= minute < end for start, end in ranges)
