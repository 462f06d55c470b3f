""" "Open now": weekly wall-clock hours checked against an instant in the site's time zone.

Schedules hold local times, so the instant is converted with the IANA zone rules (zoneinfo):
that keeps answers right across midnight and on the days daylight saving starts and ends.
The Python check (`is_open_at`) and the SQL filter (`open_schedule_q`) encode one rule.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

MIDNIGHT = datetime.time(0, 0)


def now():
    return timezone.now()


def local_weekday_and_time(moment):
    """The weekday (Monday = 0) and naive wall-clock time of an aware instant, in the site's zone."""
    local = timezone.localtime(moment)
    return local.weekday(), local.time().replace(tzinfo=None)


def is_open_at(schedules, moment):
    weekday, local_time = local_weekday_and_time(moment)
    return any(row.weekday == weekday and row.is_open_at(local_time) for row in schedules)


def open_schedule_q(weekday, local_time):
    """Schedule rows covering `local_time` on `weekday`; a closing time of 00:00 means midnight."""
    closes_later = Q(closes_at__gt=local_time) | Q(closes_at=MIDNIGHT)
    within_hours = Q(opens_at__lte=local_time) & closes_later
    return Q(weekday=weekday) & (Q(open_24_hours=True) | within_hours)


def weekly_hours(schedules):
    """Seven (day name, [opening labels]) pairs, Monday first, for an hours table."""
    from resources.models.details import Weekday

    days = {day: [] for day in Weekday}
    for row in sorted(schedules, key=lambda row: (row.weekday, row.opens_at or MIDNIGHT)):
        days[row.weekday].append(row.hours_label())
    return [(day.label, openings) for day, openings in days.items()]
