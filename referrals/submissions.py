"""Keeping an accepted follow-up request: stored whole in one transaction, or not at all.

A request is committed before the thank-you page shows its reference code; the clinicians'
notification is queued only after that commit, so a mail server that is down can delay an
email but never lose or block a request.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from referrals.models import FollowUpRequest, RequestStatus

MERGE_WINDOW = datetime.timedelta(minutes=10)
MESSAGE_LIMIT = FollowUpRequest._meta.get_field("message").max_length


def contact_key(phone, email):
    """A keyed digest of the contact, for finding repeats without another copy of the number."""
    contact = f"phone:{phone}" if phone else f"email:{email}"
    return salted_hmac("referrals.contact", contact, algorithm="sha256").hexdigest()


def accept(form):
    """Store a valid form: merged into a request from the same contact in the last ten minutes,
    else a new one. Bot submissions (honeypot filled) are kept as spam and notify nobody.
    Returns the stored request."""
    now = timezone.now()
    request = form.save(commit=False)
    request.contact_key = contact_key(request.phone, request.email)
    request.window = int(now.timestamp()) // int(MERGE_WINDOW.total_seconds())
    if form.is_bot:
        request.status = RequestStatus.SPAM
        request.save()
        return request
    try:
        return store(request, now)
    except IntegrityError:
        # A simultaneous first submission from the same contact won the race: merge into it.
        return store(request, now)


def store(request, now):
    with transaction.atomic():
        earlier = earlier_request(request.contact_key, now)
        if earlier is None:
            request.save()
            transaction.on_commit(notify_clinicians)
            return request
        merge(earlier, request)
        return earlier


def earlier_request(key, now):
    """The first request from this contact in the merge window, locked until the merge is saved."""
    recent = FollowUpRequest.objects.select_for_update().filter(
        contact_key=key, created_at__gte=now - MERGE_WINDOW
    )
    return recent.exclude(status=RequestStatus.SPAM).order_by("created_at").first()


def merge(earlier, later):
    """Fold a repeat into the first request: its count, any new words, newer details."""
    addition = later.message.strip()
    if addition and addition not in earlier.message:
        combined = f"{earlier.message}\n\n[Added {timezone.localtime():%H:%M}] {addition}"
        if len(combined) <= MESSAGE_LIMIT:
            earlier.message = combined
    for field in ("phone", "email", "person"):
        if getattr(later, field) and not getattr(earlier, field):
            setattr(earlier, field, getattr(later, field))
    earlier.submissions += 1
    earlier.save()


def notify_clinicians():
    from referrals.tasks import send_notification

    send_notification.enqueue()
