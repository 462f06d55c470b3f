"""Keeping an accepted follow-up request: stored whole in one transaction, or not at all.

A request is committed before the thank-you page shows its reference code; the clinicians'
notification is queued only after that commit, so a mail server that is down can delay an
email but never lose or block a request. Every send is its own request: a send from a contact seen
recently only points at the latest earlier request, and its sender sees only their own code.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from referrals.models import FollowUpRequest, RequestStatus

REPEAT_WINDOW = datetime.timedelta(days=30)


def accept(form):
    """Store a valid form as a new request. Bot submissions (honeypot filled) are kept as spam and
    notify nobody. Returns the stored request."""
    request = form.save(commit=False)
    if form.is_bot:
        request.status = RequestStatus.SPAM
        request.save()
        return request
    with transaction.atomic():
        request.possible_repeat_of = latest_from_same_contact(request)
        request.save()
        transaction.on_commit(notify_clinicians)
    return request


def latest_from_same_contact(request):
    """The latest request in the past month with the same phone or email, for the clinician to see."""
    keys = request.lookup_fields()
    same = Q(phone_key=keys["phone_key"]) if keys["phone_key"] else Q(pk__in=[])
    if keys["email_key"]:
        same |= Q(email_key=keys["email_key"])
    recent = FollowUpRequest.objects.filter(same, created_at__gte=timezone.now() - REPEAT_WINDOW)
    return recent.exclude(status=RequestStatus.SPAM).order_by("-created_at").first()


def notify_clinicians():
    from referrals.tasks import send_notification

    send_notification.enqueue()
