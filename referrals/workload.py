"""A clinician's workload in counts: what the dashboard panels and the daily reminder show.

Counts and codes only: the dashboard lists reference codes, the email carries numbers and a link.
"""

from dataclasses import dataclass

from django.utils import timezone

from referrals.models import CLOSED, FollowUpRequest, Referral, RequestStatus

SHOWN = 5


@dataclass
class Workload:
    new_requests: int
    overdue: int
    due_today: int

    @property
    def is_empty(self):
        return not (self.new_requests or self.overdue or self.due_today)


def open_referrals(user):
    return Referral.objects.filter(assigned_to=user).exclude(status__in=CLOSED)


def overdue(user):
    return open_referrals(user).filter(next_contact_due__lt=timezone.localdate()).order_by("next_contact_due")


def due_today(user):
    return open_referrals(user).filter(next_contact_due=timezone.localdate()).order_by("reference")


def new_requests():
    return FollowUpRequest.objects.filter(status=RequestStatus.NEW).order_by("created_at")


def workload(user):
    return Workload(new_requests().count(), overdue(user).count(), due_today(user).count())
