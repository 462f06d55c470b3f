"""Retention: the personal data of casework closed longer ago than the retention period is removed,
and the anonymous records stay, so last year's reports still add up after a purge.

- a closed referral loses its notes about the concern and its incident number; its contacts lose
  their notes; its dates, community, source, disposition, status, outcome and linked services stay;
- a person whose referrals are all closed and purged loses names, birth date, contact details and
  look-up digests (the row stays, so repeat encounters still count);
- a triaged request (closed, duplicate or spam) loses everything its sender typed.

Each step is one UPDATE (no row is loaded or decrypted), each record purged gets an audit entry
with its code only, and a record purged before is skipped, so running it again changes nothing.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from referrals import audit
from referrals.models import CLOSED, FollowUpContact, FollowUpRequest, Person, PersonNameKey, Referral
from referrals.triage import TRIAGED

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
    referrals = Referral.objects.filter(status__in=CLOSED, closed_at__lt=cutoff, purged_at=None)
    requests = FollowUpRequest.objects.filter(status__in=TRIAGED, created_at__lt=cutoff, purged_at=None)
    with transaction.atomic():
        referral_ids = list(referrals.values_list("pk", flat=True))
        contacts = FollowUpContact.objects.filter(referral__in=referral_ids)
        counts = Purged(referrals=len(referral_ids), contacts=contacts.count(), requests=requests.count())
        people = people_to_purge(referral_ids)
        counts.people = len(people)
        if dry_run:
            return counts
        now = timezone.now()
        for ids in batches(referral_ids):
            Referral.objects.filter(pk__in=ids).update(concern_notes="", incident_number="", purged_at=now)
            FollowUpContact.objects.filter(referral__in=ids).update(notes="")
        purge_people(people, now)
        request_ids = list(requests.values_list("pk", flat=True))
        for ids in batches(request_ids):
            FollowUpRequest.objects.filter(pk__in=ids).update(
                name="", phone="", email="", person="", message="", phone_key="", email_key="", purged_at=now
            )
        for model, ids in ((Referral, referral_ids), (Person, people), (FollowUpRequest, request_ids)):
            for chunk in batches(ids):
                audit.record(
                    user, model.objects.filter(pk__in=chunk).only("pk", "reference"), "referrals.purged"
                )
    return counts


def people_to_purge(purged_referral_ids):
    """People with a referral purged now and none left that is open or still within the period."""
    touched = Person.objects.filter(referrals__in=purged_referral_ids, purged_at=None).distinct()
    keeping = Referral.objects.exclude(pk__in=purged_referral_ids).filter(purged_at=None)
    return list(touched.exclude(pk__in=keeping.values("person")).values_list("pk", flat=True))


def purge_people(ids, now):
    for chunk in batches(ids):
        PersonNameKey.objects.filter(person__in=chunk).delete()
        Person.objects.filter(pk__in=chunk).update(
            first_name="", last_name="", date_of_birth=None, phone="", email="",
            phone_key="", email_key="", birth_key="", purged_at=now,
        )  # fmt: skip


def batches(ids):
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]
