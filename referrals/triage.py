"""Triage of a follow-up request, each decision in one transaction and on the audit trail.

- `take_on`: a referral for a new or an existing person; the requester stays on the request, which
  the referral points back to as its origin; the service the request came from is linked as
  suggested; the request is closed.
- `mark_duplicate`: of another request or of a referral.
- `mark_spam`.
"""

from django.db import transaction
from wagtail.log_actions import log

from referrals import audit
from referrals.models import (
    FollowUpRequest,
    LinkStatus,
    Person,
    Referral,
    ReferralResource,
    RequestStatus,
    Source,
)
from referrals.people import find_by_name, likely_matches
from resources.models import ResourcePage

TRIAGED = (RequestStatus.CLOSED, RequestStatus.DUPLICATE, RequestStatus.SPAM)


def subject_from(request):
    """An unsaved Person from what the request says about whom it concerns."""
    if request.relationship == "self":
        first, _, last = request.name.strip().partition(" ")
        return Person(
            first_name=first,
            last_name=last,
            phone=request.phone,
            email=request.email,
            community=request.community,
        )
    first, _, last = request.person.strip().partition(" ")
    return Person(first_name=first, last_name=last, community=request.community)


def candidates(request, limit=8):
    """People the request may be about, with why: matches on the person's own details, people
    reached at the requester's phone or email, and people with the name the requester gave."""
    subject = subject_from(request)
    found = {
        match.person.pk: (match.person, match.reasons) for match in likely_matches(subject) if match.likely
    }
    contact = Person(phone=request.phone, email=request.email)
    for match in likely_matches(contact):
        found.setdefault(match.person.pk, (match.person, [*match.reasons, "the requester's contact details"]))
    if request.person.strip():
        for person in find_by_name(request.person)[:limit]:
            found.setdefault(person.pk, (person, ["name given in the request"]))
    return list(found.values())[:limit]


@transaction.atomic
def take_on(request, user, *, person=None, new_person=None, **referral_fields):
    """A referral from the request; `person` (existing) or `new_person` (unsaved Person)."""
    request = lock_untriaged(request)
    if person is None:
        new_person.created_by = user
        new_person.save()
        log(new_person, "wagtail.create", user=user)
        person = new_person
    referral = Referral.objects.create(
        person=person,
        source=Source.FAMILY_REQUEST,
        origin_request=request,
        assigned_to=user,
        **referral_fields,
    )
    log(referral, "wagtail.create", user=user)
    if request.resource_id and ResourcePage.objects.live().public().filter(pk=request.resource_id).exists():
        link = ReferralResource.objects.create(
            referral=referral, resource_id=request.resource_id, status=LinkStatus.SUGGESTED
        )
        log(link, "wagtail.create", user=user)
    close(request, user, RequestStatus.CLOSED, decision="referral", referral=referral.reference)
    audit.record(user, [referral], "referrals.triage", request=request.reference)
    return referral


@transaction.atomic
def mark_duplicate(request, user, of):
    """`of` is another FollowUpRequest or a Referral."""
    request = lock_untriaged(request)
    if isinstance(of, Referral):
        request.duplicate_of_referral = of
    else:
        request.duplicate_of = of
    close(request, user, RequestStatus.DUPLICATE, decision="duplicate", of=of.reference)


@transaction.atomic
def mark_spam(request, user):
    request = lock_untriaged(request)
    close(request, user, RequestStatus.SPAM, decision="spam")


def lock_untriaged(request):
    """The request, locked until the decision commits; refused if someone decided first."""
    locked = FollowUpRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status in TRIAGED or Referral.objects.filter(origin_request=locked).exists():
        raise AlreadyTriaged(locked)
    return locked


def close(request, user, status, **data):
    request.status = status
    request.save()
    audit.record(user, [request], "referrals.triage", **data)


class AlreadyTriaged(Exception):
    def __init__(self, request):
        super().__init__(f"{request.reference} was triaged already")
        self.request = request
