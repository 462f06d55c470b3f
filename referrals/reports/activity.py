"""Monthly activity per partner community: what the municipalities that share the clinician pay for.

Counts only — no names, codes or free text. Months are calendar months in the program's time zone.
Six queries whatever the period: referrals opened (with their first contact, first connection and
whether the person had been met before), referrals closed, follow-up requests, contacts, and
connections (a directory service marked connected, or a referral closed as connected to services
outside the directory); medians are taken in Python from the opened referrals' dates.

Referrals connected to a service count in the month of their first connection to a directory
service, or, with none, in the month they were closed as "Connected to services". The median days
to connection is taken over directory connections only (they have a date).
"""

import datetime
import statistics
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from referrals.models import (
    Disposition,
    FollowUpContact,
    FollowUpRequest,
    LinkStatus,
    Outcome,
    Referral,
    ReferralResource,
    RequestStatus,
    Source,
    Status,
)

COUNTS = [
    ("co_response_calls", "Co-response calls"),
    ("requests", "Follow-up requests"),
    ("opened", "Referrals opened"),
    ("closed", "Referrals closed"),
    ("contacts", "Follow-up contacts made"),
    *((f"disposition_{choice.value}", choice.label) for choice in Disposition if choice != Disposition.OTHER),
    ("connected", "Referrals connected to a service"),
    ("unable_to_reach", "Unable to reach"),
    ("repeat", "Repeat encounters"),
]
MEDIANS = [
    ("days_to_first_contact", "Median days from call to first follow-up"),
    ("days_to_connection", "Median days to connection"),
]
MEASURES = COUNTS + MEDIANS
DEFINITIONS = 2  # count up when a measure's meaning changes: months kept under older ones are recounted


@dataclass
class Month:
    community: object
    month: datetime.date
    values: dict = field(default_factory=dict)


def month_of(moment):
    """The first day of the month a moment (in the current time zone) or a date falls in."""
    day = timezone.localdate(moment) if isinstance(moment, datetime.datetime) else moment
    return day.replace(day=1)


def months_between(start, end):
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def monthly_activity(communities, start, end):
    """A Month per community and whole calendar month, from the month of `start` to the month of
    `end`, in the program's time zone whoever asks (an admin user may choose another zone)."""
    with timezone.override(ZoneInfo(settings.TIME_ZONE)):
        return activity(list(communities), start.replace(day=1), next_month(end))


def next_month(day):
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def activity(communities, first, after):
    start, end = first, after - datetime.timedelta(days=1)
    since = timezone.make_aware(datetime.datetime.combine(first, datetime.time()))
    until = timezone.make_aware(datetime.datetime.combine(after, datetime.time()))
    table = {
        (community.pk, month): Month(community, month, {name: 0 for name, _ in COUNTS})
        for community in communities
        for month in months_between(start, end)
    }
    delays = {key: {"days_to_first_contact": [], "days_to_connection": []} for key in table}
    add_opened(table, delays, communities, since, until)
    closed = Referral.objects.filter(closed_at__gte=since, closed_at__lt=until)
    outcomes = {"closed": Q(), "unable_to_reach": Q(status=Status.UNABLE_TO_REACH)}
    add_grouped(table, closed, "closed_at", "community", outcomes, communities)
    requests = FollowUpRequest.objects.exclude(status=RequestStatus.SPAM)
    requests = requests.filter(created_at__gte=since, created_at__lt=until)
    add_grouped(table, requests, "created_at", "community", {"requests": Q()}, communities)
    contacts = FollowUpContact.objects.filter(contacted_at__gte=since, contacted_at__lt=until)
    add_grouped(table, contacts, "contacted_at", "referral__community", {"contacts": Q()}, communities)
    add_connected(table, communities, start.replace(day=1), end)
    for key, month in table.items():
        for name, values in delays[key].items():
            month.values[name] = round(statistics.median(values), 1) if values else None
            month.values[f"{name}_of"] = len(values)  # how many referrals the median is taken over
    return sorted(table.values(), key=lambda row: (row.community.name, row.month))


def add_opened(table, delays, communities, since, until):
    """One row per referral opened: a subquery per referral finds its first contact and connection
    through the referral's index, where joining every contact would read them all."""
    earlier = Referral.objects.filter(person=OuterRef("person"), occurred_at__lt=OuterRef("occurred_at"))
    contacts = FollowUpContact.objects.filter(referral=OuterRef("pk")).order_by("contacted_at")
    connections = ReferralResource.objects.filter(referral=OuterRef("pk"), status=LinkStatus.CONNECTED)
    opened = (
        Referral.objects.filter(community__in=communities, occurred_at__gte=since, occurred_at__lt=until)
        .order_by()
        .annotate(
            first_contact=Subquery(contacts.values("contacted_at")[:1]),
            connected_on=Subquery(connections.order_by("status_date").values("status_date")[:1]),
            is_repeat=Exists(earlier),
        )
        .values_list(
            "community_id",
            "occurred_at",
            "source",
            "disposition",
            "first_contact",
            "connected_on",
            "is_repeat",
        )
    )
    for community_id, occurred_at, source, disposition, first_contact, connected_on, is_repeat in opened:
        key = (community_id, month_of(occurred_at))
        values = table[key].values
        values["opened"] += 1
        values["co_response_calls"] += source == Source.CO_RESPONSE
        values["repeat"] += is_repeat
        if f"disposition_{disposition}" in values:
            values[f"disposition_{disposition}"] += 1
        if first_contact:
            delays[key]["days_to_first_contact"].append(days(occurred_at, first_contact))
        if connected_on:
            delays[key]["days_to_connection"].append((connected_on - timezone.localdate(occurred_at)).days)


def add_grouped(table, queryset, moment, community, measures, communities):
    """Counts grouped by community and month in the database."""
    rows = (
        queryset.filter(**{f"{community}__in": communities})
        .annotate(month=TruncMonth(moment))
        .values(community, "month")
        .annotate(**{name: Count("pk", filter=condition) for name, condition in measures.items()})
    )
    for row in rows:
        key = (
            row[community],
            row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"],
        )
        if key in table:
            for name in measures:
                table[key].values[name] += row[name]


def add_connected(table, communities, start, end):
    """Referrals connected to a service, in the month of their first connection: the connections in
    the period with none earlier on the same referral (one per referral: distinct, in case two
    services connected the same day)."""
    connected = ReferralResource.objects.filter(status=LinkStatus.CONNECTED)
    earlier = connected.filter(referral=OuterRef("referral"), status_date__lt=OuterRef("status_date"))
    firsts = (
        connected.filter(referral__community__in=communities, status_date__gte=start, status_date__lte=end)
        .exclude(Exists(earlier))
        .annotate(month=TruncMonth("status_date"))
        .values("referral__community_id", "month")
        .annotate(referrals=Count("referral", distinct=True))
    )
    for row in firsts:
        key = (row["referral__community_id"], row["month"])
        if key in table:
            table[key].values["connected"] += row["referrals"]
    add_connected_elsewhere(table, communities, start, end, connected)


def add_connected_elsewhere(table, communities, start, end, connected):
    """Referrals closed as connected to services without a directory service marked connected (a
    service outside the directory), in the month they were closed."""
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time()))
    until = timezone.make_aware(datetime.datetime.combine(next_month(end), datetime.time()))
    closed = Referral.objects.filter(
        outcome=Outcome.CONNECTED, closed_at__gte=since, closed_at__lt=until, community__in=communities
    ).exclude(Exists(connected.filter(referral=OuterRef("pk"))))
    add_grouped(table, closed, "closed_at", "community", {"connected": Q()}, communities)


def days(since, until):
    return round((until - since).total_seconds() / 86400, 1)
