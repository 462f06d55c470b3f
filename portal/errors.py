"""Error pages. The 500 and 503 pages are rendered without any context: they must work with the
database down."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 60


def server_error(request):
    return HttpResponseServerError(loader.get_template("500.html").render())


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
