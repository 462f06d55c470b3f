"""Open now: wall-clock hours in America/Detroit, across midnight and daylight-saving changes."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from resources import hours
from resources.factories import ResourcePageFactory
from resources.models import ServiceSchedule, Weekday

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
DETROIT = ZoneInfo("America/Detroit")


def t(hour, minute=0):
    return datetime.time(hour, minute)


def at(year, month, day, hour, minute=0, tz=DETROIT):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=tz)


def schedule(weekday, opens=None, closes=None, all_day=False):
    return ServiceSchedule(weekday=weekday, opens_at=opens, closes_at=closes, open_24_hours=all_day)


# Friday 2026-11-27 20:00 to Saturday 02:00, entered as two rows.
LATE_NIGHT = [schedule(Weekday.FRIDAY, t(20), t(0)), schedule(Weekday.SATURDAY, t(0), t(2))]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(2026, 11, 27, 19, 59), False),
        (at(2026, 11, 27, 20, 0), True),
        (at(2026, 11, 27, 23, 59), True),
        (at(2026, 11, 28, 0, 0), True),
        (at(2026, 11, 28, 1, 59), True),
        (at(2026, 11, 28, 2, 0), False),
        (at(2026, 11, 29, 0, 30), False),  # Sunday: no opening
    ],
)
def test_hours_run_across_midnight(moment, expected):
    assert hours.is_open_at(LATE_NIGHT, moment) is expected


def test_instant_is_read_in_site_time_zone_not_utc():
    # Saturday 03:30 UTC is Friday 22:30 in Detroit (EST, UTC-5): open.
    assert hours.is_open_at(LATE_NIGHT, datetime.datetime(2026, 11, 28, 3, 30, tzinfo=UTC))
    # Friday 22:30 UTC is Friday 17:30 in Detroit: not yet open.
    assert not hours.is_open_at(LATE_NIGHT, datetime.datetime(2026, 11, 27, 22, 30, tzinfo=UTC))


def test_spring_forward_uses_daylight_time():
    # Sunday 2026-03-08: clocks jump from 02:00 EST to 03:00 EDT.
    early = [schedule(Weekday.SUNDAY, t(3), t(4))]
    assert hours.is_open_at(early, datetime.datetime(2026, 3, 8, 7, 30, tzinfo=UTC))  # 03:30 EDT
    # The same UTC instant one week earlier is 02:30 EST: closed.
    assert not hours.is_open_at(early, datetime.datetime(2026, 3, 1, 7, 30, tzinfo=UTC))


def test_fall_back_hour_is_open_both_times():
    # Sunday 2026-11-01: 01:00-02:00 happens twice, first EDT (UTC-4) then EST (UTC-5).
    night = [schedule(Weekday.SUNDAY, t(1), t(2))]
    assert hours.is_open_at(night, datetime.datetime(2026, 11, 1, 5, 30, tzinfo=UTC))  # 01:30 EDT
    assert hours.is_open_at(night, datetime.datetime(2026, 11, 1, 6, 30, tzinfo=UTC))  # 01:30 EST
    assert not hours.is_open_at(night, datetime.datetime(2026, 11, 1, 7, 30, tzinfo=UTC))  # 02:30 EST


def test_open_24_hours_row_covers_the_whole_day_only():
    monday = [schedule(Weekday.MONDAY, all_day=True)]
    assert hours.is_open_at(monday, at(2026, 11, 30, 0, 0))
    assert hours.is_open_at(monday, at(2026, 11, 30, 23, 59))
    assert not hours.is_open_at(monday, at(2026, 12, 1, 0, 0))


def test_24_7_service_is_always_open_without_schedules():
    page = ResourcePageFactory(is_24_7=True)
    assert page.is_open_at(at(2026, 12, 25, 3, 0))


@pytest.mark.parametrize(
    "week_of", [(2026, 11, 23), (2026, 10, 26), (2026, 3, 2)]
)  # plain, fall back, spring
def test_week_minute_ranges_agree_with_python_every_half_hour_for_a_week(week_of):
    """The search indexes answer "open now" from minute ranges (`week_minutes`); pages from rows."""
    late = ResourcePageFactory(schedules=LATE_NIGHT)
    office = ResourcePageFactory(schedules=[schedule(day, t(9), t(17)) for day in range(5)])
    sunday = ResourcePageFactory(schedules=[schedule(Weekday.SUNDAY, all_day=True)])
    ranges = {
        page.pk: [hours.week_minutes(row) for row in page.schedules.all()] for page in (late, office, sunday)
    }
    start = at(*week_of, 0, 0)
    for step in range(8 * 48):
        moment = start + datetime.timedelta(minutes=30 * step)
        minute = hours.minute_of_week(moment)
        in_ranges = {pk for pk, found in ranges.items() if hours.is_open_during(found, minute)}
        in_python = {page.pk for page in (late, office, sunday) if page.is_open_at(moment)}
        assert in_ranges == in_python, moment


def test_weekly_hours_lists_every_day_in_order():
    rows = hours.weekly_hours(
        [schedule(Weekday.TUESDAY, t(13), t(17)), schedule(Weekday.TUESDAY, t(9), t(12))]
    )
    assert [day for day, _ in rows][:2] == ["Monday", "Tuesday"]
    assert rows[0] == ("Monday", [])
    assert rows[1] == ("Tuesday", ["9 a.m. – 12 p.m.", "1 p.m. – 5 p.m."])
