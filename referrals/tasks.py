"""Telling the clinicians that follow-up requests are waiting, and each morning what is due,
without any personal data.

One email covers every request not yet announced, so a notification that failed (mail server
down) is retried: later by the task queue where it can defer tasks, and in any case with the next
request's notification.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from referrals.models import FollowUpRequest, RequestStatus
from referrals.workload import workload

logger = logging.getLogger(__name__)
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def recipients():
    """The configured list, else every active member of the Clinicians group with an address."""
    if settings.FOLLOW_UP_NOTIFY_EMAILS:
        return list(settings.FOLLOW_UP_NOTIFY_EMAILS)
    clinicians = get_user_model().objects.filter(groups__name="Clinicians", is_active=True).exclude(email="")
    return sorted(set(clinicians.values_list("email", flat=True)))


@task()
def send_notification(attempt=1):
    waiting = list(
        FollowUpRequest.objects.filter(notified_at__isnull=True)
        .exclude(status=RequestStatus.SPAM)
        .values_list("pk", flat=True)
    )
    to = recipients()
    if not waiting or not to:
        return 0
    inbox = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("follow_up_inbox:index")
    body = render_to_string("referrals/notification.txt", {"count": len(waiting), "inbox": inbox})
    subject = (
        "A follow-up request is waiting"
        if len(waiting) == 1
        else f"{len(waiting)} follow-up requests are waiting"
    )
    try:
        mail.send_mail(subject, body, None, to)
    except MAIL_ERRORS as error:
        logger.warning("Follow-up notification failed (attempt %s): %s", attempt, type(error).__name__)
        retry_later(attempt)
        return 0
    FollowUpRequest.objects.filter(pk__in=waiting).update(notified_at=timezone.now())
    return len(waiting)


def retry_later(attempt):
    """Backs off 1, 2, 4 … minutes where the task queue can run a task later (the database queue in
    production); otherwise the next request's notification carries this one."""
    backend = send_notification.get_backend()
    if attempt >= settings.FOLLOW_UP_NOTIFY_ATTEMPTS or not backend.supports_defer:
        return
    delay = datetime.timedelta(seconds=settings.FOLLOW_UP_NOTIFY_RETRY_SECONDS * 2 ** (attempt - 1))
    send_notification.using(run_after=timezone.now() + delay).enqueue(attempt + 1)


@task()
def send_daily_reminders():
    """One email per clinician with work waiting: counts and a link to the dashboard, nothing else.
    Returns how many were sent."""
    dashboard = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home")
    clinicians = get_user_model().objects.filter(groups__name="Clinicians", is_active=True).exclude(email="")
    sent = 0
    for clinician in clinicians.order_by("pk"):
        work = workload(clinician)
        if work.is_empty:
            continue
        body = render_to_string("referrals/reminder.txt", {"work": work, "dashboard": dashboard})
        try:
            mail.send_mail("Your follow-ups today", body, None, [clinician.email])
        except MAIL_ERRORS as error:
            logger.warning("A daily reminder failed for user %s: %s", clinician.pk, type(error).__name__)
            continue
        sent += 1
    return sent
