"""Retention: the personal data of casework closed longer ago than the retention period is removed,
and the anonymous records stay, so last year's reports still add up after a purge.

- a closed referral loses its notes about the concern and its incident number; its contacts lose
  their notes; its dates, community, source, disposition, status, outcome and linked services stay;
- a person added before the period with no referral left that is open, recent or kept loses names,
  birth date and age, contact details and preferences, and look-up digests (the row stays, so repeat
  encounters still count);
- a request sent before the period loses everything its sender typed, unless the referral it
  became is kept.

Each step is one UPDATE (no row is loaded or decrypted), each record purged gets an audit entry with
its code only, and a record purged before is skipped, so running it again changes nothing. Saving a
record again (a referral reopened, a person's name typed in again) marks it unpurged, so personal
data entered after a purge is purged in its turn.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from referrals import audit
from referrals.models import CLOSED, FollowUpContact, FollowUpRequest, Person, PersonNameKey, Referral

BATCH = 2000


@dataclass
class Purged:
    referrals: int = 0
    contacts: int = 0
    people: int = 0
    requests: int = 0


def purge(older_than_days, dry_run=False, user=None):
    """Remove what is past the period; returns the counts (what would be removed, with dry_run)."""
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    past = Q(status__in=CLOSED, closed_at__lt=cutoff, purged_at=None)
    with transaction.atomic():
        # Locked until the purge commits: a referral reopened meanwhile waits, then is seen open.
        referral_ids = list(Referral.objects.select_for_update().filter(past).values_list("pk", flat=True))
        people = people_to_purge(referral_ids, cutoff)
        requests = requests_to_purge(referral_ids, cutoff)
        counts = Purged(
            referrals=len(referral_ids),
            contacts=FollowUpContact.objects.filter(referral__in=referral_ids).count(),
            people=people.count(),
            requests=requests.count(),
        )
        if dry_run:
            return counts
        now = timezone.now()
        person_ids, request_ids = (
            list(people.values_list("pk", flat=True)),
            list(requests.values_list("pk", flat=True)),
        )
        for ids in batches(referral_ids):
            Referral.objects.filter(past, pk__in=ids).update(
                concern_notes="", incident_number="", purged_at=now
            )
            FollowUpContact.objects.filter(referral__in=ids).update(notes="")
        purge_people(person_ids, now)
        for ids in batches(request_ids):
            FollowUpRequest.objects.filter(pk__in=ids).update(
                name="", phone="", email="", person="", message="", phone_key="", email_key="", purged_at=now
            )
        for model, ids in ((Referral, referral_ids), (Person, person_ids), (FollowUpRequest, request_ids)):
            for chunk in batches(ids):
                audit.record(
                    user, model.objects.filter(pk__in=chunk).only("pk", "reference"), "referrals.purged"
                )
    return counts


def people_to_purge(purged_referral_ids, cutoff):
    """People with a referral purged now, or added before the period, and no referral left that is
    open, recent or kept."""
    kept = Referral.objects.filter(person=OuterRef("pk"), purged_at=None).exclude(pk__in=purged_referral_ids)
    purged_now = Referral.objects.filter(person=OuterRef("pk"), pk__in=purged_referral_ids)
    due = Q(created_at__lt=cutoff) | Q(Exists(purged_now))
    return Person.objects.filter(due, purged_at=None).exclude(Exists(kept))


def requests_to_purge(purged_referral_ids, cutoff):
    """Requests sent before the period, unless the referral they became is kept."""
    kept = Q(referral__isnull=False, referral__purged_at=None) & ~Q(referral__in=purged_referral_ids)
    return FollowUpRequest.objects.filter(created_at__lt=cutoff, purged_at=None).exclude(kept)


def purge_people(ids, now):
    """Each UPDATE repeats the condition (no referral left unpurged: the ones purged now are marked
    already), so someone given a new referral meanwhile stays."""
    kept = Referral.objects.filter(person=OuterRef("pk"), purged_at=None)
    for chunk in batches(ids):
        chosen = Person.objects.filter(pk__in=chunk, purged_at=None).exclude(Exists(kept))
        PersonNameKey.objects.filter(person__in=chosen).delete()
        chosen.update(
            first_name="", last_name="", date_of_birth=None, age_estimate=None, phone="", email="",
            preferred_language=None, community=None, voicemail_ok=None, text_ok=None, best_time="any",
            do_not_call=False, phone_key="", email_key="", birth_key="", purged_at=now,
        )  # fmt: skip


def batches(ids):
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]
