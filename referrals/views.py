"""The public follow-up request: the form (kept through an expired token too) and the thank-you page.

Every refusal (invalid field, rate limit, expired form) shows the form again with what the person
typed, a plain reason, and the crisis numbers; database trouble shows what they typed on a page
made without the database, saying it was not saved.
"""

import logging
import math

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django_ratelimit.core import get_usage

from portal.client_address import ratelimit_key
from portal.errors import unavailable
from referrals.forms import FollowUpRequestForm
from referrals.receipts import receipt_for, reference_from
from referrals.submissions import accept

logger = logging.getLogger(__name__)
TEMPLATE = "referrals/request_form.html"
RECEIPT_MAX_AGE = 60 * 60
SHOWN_WHEN_NOT_SAVED = ("name", "phone", "email", "person", "message")


@never_cache
def request_follow_up(request):
    if request.method != "POST":
        form = FollowUpRequestForm(initial={"resource": request.GET.get("resource", "")})
        return render(request, TEMPLATE, {"form": form})
    try:
        return receive(request)
    except DatabaseError as error:
        # Only the kind of error: a database's message can quote the row, and so personal data.
        logger.error("A follow-up request could not be stored: %s", type(error).__name__)
        return not_saved(request)


def receive(request):
    form = FollowUpRequestForm(request.POST)
    if limited := rate_limited(request, count=False, form=form):
        return limited
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form}, status=400)
    if limited := rate_limited(request, count=True, form=form):
        return limited
    stored = accept(form)
    return redirect(reverse("follow_up_received", args=[receipt_for(stored.reference)]))


def not_saved(request):
    """What was typed, on a page made without the database (which may be what failed), with a
    button to send it again. It never shows a reference code: nothing was stored."""
    fields = FollowUpRequestForm.base_fields
    typed = [(name, request.POST[name]) for name in fields if name in request.POST]
    shown = [(fields[name].label, value) for name, value in typed if name in SHOWN_WHEN_NOT_SAVED and value]
    context = {"typed": typed, "shown": shown, "csrf_token": get_token(request)}
    return unavailable(render_to_string("referrals/not_saved.html", context))


def rate_limited(request, count, form=None):
    """A 429 response when this address has used up its sends, else None. Only sends that pass
    validation count, so correcting mistakes never uses up a person's allowance. Without the cache
    the limit fails open (RATELIMIT_FAIL_OPEN): a request is never refused because Redis is down."""
    usage = get_usage(
        request,
        group="follow-up",
        key=ratelimit_key,
        rate=settings.FOLLOW_UP_RATE,
        method="POST",
        increment=count,
    )
    if usage is None:
        logger.warning("The follow-up rate limit is not applied: the cache is unavailable.")
        return None
    if not usage["should_limit"]:
        return None
    form = form or FollowUpRequestForm(request.POST)
    context = {"form": form, "limited": True, "retry_minutes": max(1, math.ceil(usage["time_left"] / 60))}
    response = render(request, TEMPLATE, context, status=429)
    response["Retry-After"] = str(usage["time_left"])
    return response


@never_cache
def follow_up_received(request, receipt):
    """The thank-you page; the encrypted receipt shows the code only to the person who sent it."""
    reference = reference_from(receipt, max_age=RECEIPT_MAX_AGE)
    if reference is None:
        raise Http404("This confirmation link has expired.")
    return render(request, "referrals/received.html", {"reference": reference})


def form_after_csrf_failure(request):
    """An expired or missing form token on a send: the form comes back with what was typed
    (`portal.errors.csrf_failure` asks the view for this)."""
    form = FollowUpRequestForm(request.POST)
    form.is_valid()  # shows field messages too, so one more send can succeed
    return render(request, TEMPLATE, {"form": form, "expired": True}, status=403)


request_follow_up.csrf_failure = form_after_csrf_failure
