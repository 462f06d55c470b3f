"""The activity report as the views show it: completed months read from kept counts, the rest counted.

Counting a year of casework takes most of a second (bench/reports.py: 60,000 referrals, 200,000
contacts); reading twelve kept months per community takes one query. A month is kept once it ended
more than an hour ago, so a save still in flight at midnight lands before its month is kept; later
months are always counted afresh.

Never stale, by two rules:

- A writer forgets. Saving or deleting a referral, contact, service link or follow-up request
  forgets every kept month from the earliest month it touches, before or after the change (a
  referral added to March can make a later one a repeat encounter; a contact made today changes the
  delay to first contact of the month its referral was opened). It does so after its write, in its
  own transaction: first it counts the generation up, then it deletes the kept months. (What a
  record was before an update is read before the write, a new or deleted record needs no reading.)
- A reader keeps only what no writer touched. It notes the generation before it counts, and keeps
  its counts only if the generation is unchanged, checked while holding that row's lock. A writer
  that changed the data while the reader counted has either counted the generation up already (the
  reader keeps nothing) or will, after the reader commits, and then delete what the reader kept.

Writes that bypass signals (`QuerySet.update()`, bulk inserts, raw SQL) must call `forget_from()`
themselves if they change what the report counts; the purge does not (it changes no count).
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from referrals.models import (
    ActivityGeneration,
    ActivityMonth,
    FollowUpContact,
    FollowUpRequest,
    Referral,
    ReferralResource,
)
from referrals.reports.activity import DEFINITIONS as VERSION
from referrals.reports.activity import Month, activity, month_of, months_between, next_month

SETTLED_AFTER = datetime.timedelta(hours=1)

# The dates that place a record in the report's months; contacts and links also count in the month
# their referral was opened (the delays to first contact and to connection).
REPORTED_DATES = {
    Referral: ("occurred_at", "closed_at"),
    FollowUpContact: ("contacted_at",),
    ReferralResource: ("status_date",),
    FollowUpRequest: ("created_at",),
}
OF_A_REFERRAL = (FollowUpContact, ReferralResource)


def activity_report(communities, start, end):
    """The same Months as `activity.monthly_activity`, completed months read from kept counts."""
    communities = list(communities)
    with timezone.override(ZoneInfo(settings.TIME_ZONE)):
        first, after = start.replace(day=1), next_month(end)
        counted_from = max(first, min(after, first_unsettled_month()))
        generation = current_generation()
        months = kept_months(communities, first, counted_from)
        missing = [
            month
            for month in months_between(first, counted_from - datetime.timedelta(days=1))
            if any((community.pk, month) not in months for community in communities)
        ]
        if missing:
            counted = activity(communities, missing[0], counted_from)
            keep(counted, generation)
            months.update(by_key(counted))
        if counted_from < after:
            months.update(by_key(activity(communities, counted_from, after)))
    return sorted(months.values(), key=lambda row: (row.community.name, row.month))


def by_key(rows):
    return {(row.community.pk, row.month): row for row in rows}


def first_unsettled_month():
    """The first month not kept: the current one, or the one that ended less than an hour ago."""
    return month_of(timezone.now() - SETTLED_AFTER)


def current_generation():
    return ActivityGeneration.objects.get_or_create(pk=1)[0].value


def kept_months(communities, first, after):
    by_pk = {community.pk: community for community in communities}
    rows = ActivityMonth.objects.filter(
        community__in=communities, month__gte=first, month__lt=after, definitions=VERSION
    ).values_list("community_id", "month", "values")
    return {(pk, month): Month(by_pk[pk], month, values) for pk, month, values in rows}


def keep(months, generation):
    """Keep counts made at `generation`, unless a writer has counted it up since; returns whether
    they were kept. The UPDATE locks the generation's row until the inserts commit."""
    with transaction.atomic():
        if not ActivityGeneration.objects.filter(pk=1, value=generation).update(value=F("value")):
            return False
        ActivityMonth.objects.filter(
            community__in={row.community.pk for row in months},
            month__in={row.month for row in months},
        ).exclude(definitions=VERSION).delete()
        kept = [
            ActivityMonth(community=row.community, month=row.month, values=row.values, definitions=VERSION)
            for row in months
        ]
        # A conflict is the same counts, kept by another reader at the same generation.
        ActivityMonth.objects.bulk_create(kept, ignore_conflicts=True)
    return True


def forget_from(month):
    """Forget kept months from `month` on (all of them when None): the generation first, so a reader
    counting meanwhile keeps nothing, then the rows."""
    with timezone.override(ZoneInfo(settings.TIME_ZONE)):
        if month is not None and month >= first_unsettled_month():
            return
    with transaction.atomic():
        if not ActivityGeneration.objects.filter(pk=1).update(value=F("value") + 1):
            ActivityGeneration.objects.get_or_create(pk=1, defaults={"value": 1})
        kept = ActivityMonth.objects.all()
        (kept if month is None else kept.filter(month__gte=month)).delete()


def earliest_month(instance, stored):
    """The earliest month a record counts in, as written now and as it was stored before (`stored`:
    its dates and referral before an update). Read after the write: on SQLite a transaction that
    reads before it writes fails if another process writes in between."""
    model = type(instance)
    fields = REPORTED_DATES[model]
    moments = [getattr(instance, name) for name in fields] + [stored.get(name) for name in fields]
    if model in OF_A_REFERRAL:
        referral_ids = {instance.referral_id, stored.get("referral_id")} - {None}
        moments += Referral.objects.filter(pk__in=referral_ids).values_list("occurred_at", flat=True)
    with timezone.override(ZoneInfo(settings.TIME_ZONE)):
        months = [month_of(moment) for moment in moments if moment is not None]
    return min(months, default=None)


def note_stored(sender, instance, **kwargs):
    """Before an update: where the record counted until now (a new record counted nowhere)."""
    extra = ("referral_id",) if sender in OF_A_REFERRAL else ()
    rows = sender.objects.filter(pk=instance.pk) if instance.pk is not None else sender.objects.none()
    instance.activity_stored = rows.values(*REPORTED_DATES[sender], *extra).first() or {}


def forget_touched_months(sender, instance, **kwargs):
    """After a save or a delete (a deleted record's values are as it was loaded)."""
    month = earliest_month(instance, getattr(instance, "activity_stored", {}))
    if month is not None:
        forget_from(month)


def connect():
    for model in REPORTED_DATES:
        name = model.__name__
        pre_save.connect(note_stored, sender=model, dispatch_uid=f"activity-note-{name}")
        post_save.connect(forget_touched_months, sender=model, dispatch_uid=f"activity-saved-{name}")
        post_delete.connect(forget_touched_months, sender=model, dispatch_uid=f"activity-deleted-{name}")
