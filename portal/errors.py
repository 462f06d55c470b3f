"""Error pages: the 503 for a database that cannot be reached, rendered without context as
Django's own 500 view renders templates/500.html, and the site's answer to a failed CSRF check."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 60


def csrf_failure(request, reason=""):
    """An expired or missing form token anywhere on the site (CSRF_FAILURE_VIEW): the view's own
    answer when it has one (its `csrf_failure` attribute: the follow-up form comes back with what
    was typed), else a plain page. The token is checked after the URL is resolved, so the view is
    known here."""
    match = request.resolver_match
    own_answer = getattr(match.func, "csrf_failure", None) if match else None
    if own_answer and request.method == "POST":
        return own_answer(request)
    return render(request, "403_csrf.html", status=403)


def unavailable(html):
    """A 503 that nobody caches, for a page made without the database."""
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """The database cannot be reached (down, restarting, connection lost): public pages and the
    admin answer a static 503 that still shows the crisis numbers, instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UNAVAILABLE):
            return None
        return database_unavailable(exception)


UNAVAILABLE = (OperationalError, InterfaceError)


def database_unavailable(exception):
    """The static 503; also for middleware that needs the database before any view runs."""
    # Only the kind of error: a database's message can quote a row.
    logger.error("Database unavailable, answered 503: %s", type(exception).__name__)
    return unavailable(loader.get_template("503.html").render())
