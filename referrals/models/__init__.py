"""The back office's records. All hold personal data: staff-only, encrypted, never indexed or logged,
named by reference codes (see `codes`)."""

from referrals.models.casework import (  # noqa: F401
    CLOSED,
    Concern,
    ContactOutcome,
    Disposition,
    FollowUpContact,
    LinkStatus,
    Method,
    Outcome,
    Referral,
    ReferralResource,
    Risk,
    Source,
    Status,
    WithWhom,
)
from referrals.models.codes import new_reference  # noqa: F401
from referrals.models.partners import PartnerMembership  # noqa: F401
from referrals.models.people import Person, PersonNameKey  # noqa: F401
from referrals.models.reports import ActivityGeneration, ActivityMonth  # noqa: F401
from referrals.models.requests import BestTime, FollowUpRequest, Relationship, RequestStatus  # noqa: F401
