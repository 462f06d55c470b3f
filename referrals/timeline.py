"""One person's history across all their referrals, newest first: each referral opened and
closed, every follow-up contact and every directory service linked. Three queries, whatever the
number of referrals."""

from dataclasses import dataclass
from datetime import datetime, time

from django.utils import timezone

from referrals.models import FollowUpContact, Referral, ReferralResource


@dataclass
class Event:
    when: datetime
    kind: str  # "opened", "closed", "contact", "service"
    referral: Referral
    title: str
    detail: str = ""
    notes: str = ""


def timeline(person):
    referrals = {r.pk: r for r in Referral.objects.filter(person=person).select_related("community")}
    events = []
    for referral in referrals.values():
        events.append(
            Event(
                referral.occurred_at,
                "opened",
                referral,
                f"{referral.get_source_display()} — {referral.get_concern_display()}",
                referral.community.name,
                referral.concern_notes,
            )
        )
        if referral.closed_at:
            events.append(
                Event(
                    referral.closed_at,
                    "closed",
                    referral,
                    f"Closed: {referral.get_status_display()}",
                    referral.get_outcome_display(),
                )
            )
    contacts = FollowUpContact.objects.filter(referral__in=referrals).select_related("by")
    for contact in contacts:
        detail = f"{contact.get_method_display()} with {contact.get_with_whom_display().lower()}"
        if contact.next_due:
            detail += f"; next follow-up {contact.next_due:%b %-d, %Y}"
        events.append(
            Event(
                contact.contacted_at,
                "contact",
                referrals[contact.referral_id],
                f"Contact: {contact.get_outcome_display()}",
                detail,
                contact.notes,
            )
        )
    for link in ReferralResource.objects.filter(referral__in=referrals):
        when = timezone.make_aware(datetime.combine(link.status_date, time(12)))
        events.append(
            Event(
                when,
                "service",
                referrals[link.referral_id],
                f"Service {link.get_status_display().lower()}",
                link.resource_title,
            )
        )
    return sorted(events, key=lambda event: event.when, reverse=True)
