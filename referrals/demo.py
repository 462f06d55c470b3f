"""Fictional casework for the demo: people (some met more than once), a year of referrals from each
partner community, services linked in every status, follow-up contacts (some overdue, some due
today) and follow-up requests in every state, so the dashboard and reports have shape.

Everything is invented: names are common first and last names paired at random, phone numbers are
in the 555-01xx range reserved for fiction. Deterministic (a fixed seed), and skipped when any
person exists already, so running `load_demo` again changes nothing.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from referrals.models import (
    CLOSED,
    Concern,
    ContactOutcome,
    Disposition,
    FollowUpContact,
    FollowUpRequest,
    LinkStatus,
    Method,
    Outcome,
    PartnerMembership,
    Person,
    Referral,
    ReferralResource,
    RequestStatus,
    Risk,
    Source,
    Status,
    WithWhom,
)
from resources.models import Community, ResourcePage

FIRST = [
    "Marcus",
    "Dana",
    "Luis",
    "Aaliyah",
    "Robert",
    "Grace",
    "Hassan",
    "Mei",
    "Tyrone",
    "Emily",
    "Omar",
    "Sofia",
    "Jamal",
    "Linda",
    "Andre",
    "Priya",
    "Kevin",
    "Maria",
    "Darnell",
    "Hannah",
    "Victor",
    "Nadia",
    "Carl",
    "Bianca",
    "Frank",
    "Yusuf",
    "Irene",
    "Trevor",
    "Layla",
    "Walter",
]
LAST = [
    "Reed",
    "Alvarez",
    "Kowalski",
    "Haddad",
    "Nguyen",
    "Johnson",
    "Okafor",
    "Brennan",
    "Patel",
    "Sandoval",
    "Whitaker",
    "Chen",
    "Dubois",
    "Mitchell",
    "Yilmaz",
    "Foster",
    "Greene",
    "Lindqvist",
    "Moreno",
    "Shah",
]
POLICE = {
    "auburn-hills": "Auburn Hills PD",
    "birmingham": "Birmingham PD",
    "bloomfield-township": "Bloomfield Twp PD",
}
PEOPLE, REFERRALS = 40, 96


def load_demo_casework(clinician_username="clinician", partner_username="partner"):
    """Create the demo casework unless there is some already, and tie the demo partner account to
    Birmingham's counts. Returns the number of referrals made."""
    partner = get_user_model().objects.filter(username=partner_username).first()
    birmingham = Community.objects.filter(slug="birmingham").first()
    if partner and birmingham:
        PartnerMembership.objects.get_or_create(user=partner, community=birmingham)
    if Person.objects.exists():
        return 0
    clinician = get_user_model().objects.filter(username=clinician_username).first()
    partners = list(Community.objects.filter(is_partner=True).order_by("name"))
    services = list(ResourcePage.objects.live().public().order_by("title")[:40])
    if not partners or not services:
        return 0
    rng = random.Random(2026)  # noqa: S311 (invented demo data, not a secret)
    with transaction.atomic():
        people = [make_person(rng, number, partners) for number in range(PEOPLE)]
        referrals = [
            make_referral(rng, number, people, partners, services, clinician) for number in range(REFERRALS)
        ]
        make_requests(rng, people, partners, services, referrals)
        fail_twice(services[1], referrals[-3:-1])
    return len(referrals)


def fail_twice(service, referrals):
    """Two recent referrals could not use one service, so it shows in the editors' report of entries
    to re-verify."""
    today = timezone.localdate()
    for referral, status, days_ago in zip(
        referrals, (LinkStatus.NOT_REACHED, LinkStatus.NO_CAPACITY), (12, 3), strict=True
    ):
        ReferralResource.objects.update_or_create(
            referral=referral, resource=service,
            defaults={"status": status, "status_date": today - datetime.timedelta(days=days_ago)},
        )  # fmt: skip


def make_person(rng, number, partners):
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 58))
    knows_birth = rng.random() < 0.8
    return Person.objects.create(
        first_name=FIRST[number % len(FIRST)],
        last_name=LAST[(number * 7) % len(LAST)],
        date_of_birth=born if knows_birth else None,
        age_estimate=None if knows_birth else rng.randrange(18, 80),
        phone=f"+1248555{100 + number:04d}" if rng.random() < 0.85 else "",
        email=f"person{number}@example.org" if rng.random() < 0.3 else "",
        community=rng.choice(partners),
        voicemail_ok=rng.choice([True, False, None]),
        text_ok=rng.choice([True, False, None]),
        do_not_call=rng.random() < 0.05,
    )


def make_referral(rng, number, people, partners, services, clinician):
    person = people[number % PEOPLE] if number < PEOPLE else rng.choice(people[:15])  # the first 15 come back
    occurred = timezone.now() - datetime.timedelta(days=rng.randrange(0, 365), hours=rng.randrange(0, 24))
    status = rng.choices(list(Status), weights=[1, 2, 4, 6, 2, 1, 1])[0]
    closed = status in CLOSED
    community = person.community or rng.choice(partners)
    referral = Referral.objects.create(
        person=person,
        source=rng.choices(list(Source), weights=[6, 2, 1, 2, 1])[0],
        police_department=POLICE.get(community.slug, ""),
        incident_number=f"{community.slug[:2].upper()}-{number:05d}",
        community=community,
        occurred_at=occurred,
        concern=rng.choice(list(Concern)),
        risk=rng.choice(list(Risk)),
        disposition=rng.choice(list(Disposition)),
        status=status,
        assigned_to=clinician,
        outcome=rng.choice(list(Outcome)) if closed else "",
        consent_to_share=(consent := rng.random() < 0.7),
        consent_date=occurred.date() if consent else None,
    )
    for service in rng.sample(services, rng.randrange(0, 4)):
        ReferralResource.objects.create(
            referral=referral,
            resource=service,
            status=rng.choice(list(LinkStatus)),
            status_date=min(
                (occurred + datetime.timedelta(days=rng.randrange(0, 10))).date(), timezone.localdate()
            ),
        )
    add_contacts(rng, referral, occurred, closed)
    return referral


def add_contacts(rng, referral, occurred, closed):
    """A few contacts after the encounter; an open referral's last one sets the next due date:
    past for some (overdue), today for some, ahead for the rest."""
    when = occurred
    count = rng.randrange(1, 5)
    today = timezone.localdate()
    for index in range(count):
        when = min(
            when + datetime.timedelta(days=rng.randrange(1, 9)), timezone.now() - datetime.timedelta(hours=1)
        )
        last = index == count - 1
        next_due = None
        if last and not closed:
            next_due = max(today + datetime.timedelta(days=rng.choice([-6, -2, 0, 0, 3, 7])), when.date())
        elif not last:
            next_due = (when + datetime.timedelta(days=7)).date()
        FollowUpContact.objects.create(
            referral=referral,
            contacted_at=when,
            method=rng.choice(list(Method)),
            with_whom=rng.choice(list(WithWhom)),
            outcome=rng.choice(list(ContactOutcome)),
            next_due=next_due,
            notes=rng.choice(
                [
                    "",
                    "Talked through the plan.",
                    "Family says things are calmer.",
                    "Left a message with the time of the group.",
                ]
            ),
        )


def make_requests(rng, people, partners, services, referrals):
    """Requests in every state; the first new one names a person already known (offered as a match
    at triage), the second comes from a contact seen before (a possible repeat)."""
    known = people[0]
    plans = [
        (RequestStatus.NEW, f"{known.first_name} {known.last_name}"),
        (RequestStatus.NEW, ""),
        (RequestStatus.NEW, "Jo"),
        (RequestStatus.IN_PROGRESS, "my dad"),
        (RequestStatus.CLOSED, ""),
        (RequestStatus.DUPLICATE, ""),
        (RequestStatus.SPAM, ""),
    ]
    for number, (status, about) in enumerate(plans):
        request = FollowUpRequest.objects.create(
            relationship="family" if about else "self",
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            phone=f"+1248555{190 + (number if number > 1 else 0):04d}",
            email="",
            best_time="evening",
            community=rng.choice(partners),
            person=about,
            message="Police came to the house last night. Please call about counselling for him.",
            resource=rng.choice(services),
            consent=True,
            status=status,
        )
        if number == 1:
            request.possible_repeat_of = FollowUpRequest.objects.order_by("pk").first()
            request.save()
        if status == RequestStatus.CLOSED:
            taken_on = referrals[-1]
            taken_on.origin_request = request
            taken_on.source = Source.FAMILY_REQUEST
            taken_on.save()
        if status == RequestStatus.DUPLICATE:
            request.duplicate_of = FollowUpRequest.objects.order_by("pk").first()
            request.save()
