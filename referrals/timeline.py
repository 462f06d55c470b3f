"""One person's history across all their referrals, newest first: each referral opened and
closed, every follow-up contact and every directory service linked. Three queries, whatever the
number of referrals."""

from dataclasses import dataclass
from datetime import datetime, time

from django.utils import timezone
from django.utils.formats import date_format

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
    contacts = FollowUpContact.objects.filter(referral__in=referrals)
    links = ReferralResource.objects.filter(referral__in=referrals)
    events = [
        *(event for referral in referrals.values() for event in referral_events(referral)),
        *(contact_event(contact, referrals[contact.referral_id]) for contact in contacts),
        *(link_event(link, referrals[link.referral_id]) for link in links),
    ]
    return sorted(events, key=lambda event: event.when, reverse=True)


def referral_events(referral):
    """Its opening, and its closing once closed."""
    title = f"{referral.get_source_display()} — {referral.get_concern_display()}"
    yield Event(
        referral.occurred_at, "opened", referral, title, referral.community.name, referral.concern_notes
    )
    if referral.closed_at:
        closed = f"Closed: {referral.get_status_display()}"
        yield Event(referral.closed_at, "closed", referral, closed, referral.get_outcome_display())


def contact_event(contact, referral):
    detail = f"{contact.get_method_display()} with {contact.get_with_whom_display().lower()}"
    if contact.next_due:
        detail += f"; next follow-up {date_format(contact.next_due, 'M j, Y')}"
    title = f"Contact: {contact.get_outcome_display()}"
    return Event(contact.contacted_at, "contact", referral, title, detail, contact.notes)


def link_event(link, referral):
    """A linked service, at noon of its status date (links carry a date, not a time)."""
    when = timezone.make_aware(datetime.combine(link.status_date, time(12)))
    return Event(
        when, "service", referral, f"Service {link.get_status_display().lower()}", link.resource_title
    )
