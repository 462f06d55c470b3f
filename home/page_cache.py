"""The anonymous page cache: public pages answered from the configured cache, never stale.

Residents' pages change only when the public content does (an editor publishes, moves or deletes a
page, edits a snippet or a setting shown on pages, an import runs), so an anonymous GET is answered
from the cache under the current *generation*: a random token kept in the same cache. Every such
change replaces the token once its transaction commits, so the next request on every worker looks
under a key nobody has filled yet and renders afresh. The token is read before the page is rendered:
a page rendered from data a change has just replaced is stored under the old token and never served.
A random token rather than a counter, so a token evicted or lost with Redis can never come back to a
number whose pages are still kept.

Never cached: signed-in people (any session cookie), the follow-up form and its answers, the admin
(previews included), documents, anything but a 200 without cookies. Search results and the saved list
are cached here though they tell browsers `no-store`: that is about a shared device, not this server.

Django's cache middleware keys by the full URL and the response's Vary headers and forgets only by
timeout or by clearing the whole cache (rate limits with it); wagtail-cache 3.0 requires Wagtail < 8.
"""

import bisect
import hashlib
import threading
import uuid
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.cache import patch_response_headers, patch_vary_headers, set_response_etag
from django.utils.http import http_date
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.models import CrisisLineSettings
from resources import hours
from resources.models import Category, Community, Language, Organization, Population, ServiceSchedule
from search.models import SearchIndexState

GENERATION_KEY = "page-cache:generation"
NEVER_CACHED = ("/admin/", "/request-follow-up/", "/documents/")
KEPT_SECONDS = 3600  # at most; a key is asked for only within its generation and its stretch
WEEK = 7 * hours.MINUTES_PER_DAY
HIT_HEADER = "X-Page-Cache"  # "hit" or "miss", for the tests and the benchmark


class CacheUnavailable(Exception):
    """The cache answered nothing (Redis down: portal.cache reads as misses); pages are rendered."""


def generation():
    """The current token, making one if the cache has none (first start, or Redis lost it)."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(GENERATION_KEY)
    if token is None:
        raise CacheUnavailable
    return token


def forget_every_page(**_signal_arguments):
    """A new token now, and another once the change is committed: a page rendered in between, from
    the data as it was before the change, is stored under the second-last token and never served.
    Usable as a signal receiver.

    The token at the commit is written once however many changes the transaction made: an import
    publishing 500 services sends about 600 signals, and a Redis write (0.24 ms) for each of their
    commit callbacks made 1,202 writes where 603 do. The first callback to run writes it; the
    others find it done. A rolled-back transaction leaves the write due, for the
    next commit to make.
    """
    new_generation()
    _commit.due = True
    transaction.on_commit(new_generation_at_commit)


def new_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


_commit = threading.local()  # .due: a new token is owed at the next commit on this thread


def new_generation_at_commit():
    if getattr(_commit, "due", False):
        _commit.due = False
        new_generation()


def cache_key(request, token):
    """The page's key: the token, the stretch of the week we are in (see `open_now_stretch`), host and
    path, and the query string with its parameters sorted (the same search in another order is one
    page)."""
    query = urlencode(sorted(parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)))
    address = f"{request.get_host()}{request.path}?{query}"
    stretch = open_now_stretch(token)
    return f"page-cache:{token}:{stretch}:{hashlib.sha256(address.encode()).hexdigest()}"


_minutes_read = (None, [])  # (token, opening and closing minutes read under it)


def open_now_stretch(token):
    """Which stretch of this week we are in, between two moments at which some service opens or
    closes. Pages say what is open now (badges, the "Open now" filter), so a page is kept for its
    stretch only: a few stretches a day rather than one a minute. The moments come from the schedules,
    read by each process once per generation (schedules change only by publishing or importing, which
    replace the token): kept in memory beside the token they were read under, a cache round trip less
    on every request."""
    global _minutes_read  # one tuple, replaced whole
    read_under, minutes = _minutes_read
    if read_under != token:
        minutes = opening_and_closing_minutes()
        _minutes_read = (token, minutes)
    moment = hours.now()  # the clock that says what is open now
    year, week, _ = timezone.localtime(moment).isocalendar()
    return f"{year}w{week}s{bisect.bisect_right(minutes, hours.minute_of_week(moment))}"


def opening_and_closing_minutes():
    """The minutes of the week (Monday 00:00 = 0, local time) at which any service opens or closes."""
    rows = ServiceSchedule.objects.only("weekday", "open_24_hours", "opens_at", "closes_at")
    complete = (row for row in rows if row.open_24_hours or (row.opens_at and row.closes_at))
    return sorted({minute % WEEK for row in complete for minute in hours.week_minutes(row)})


def may_use_cache(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(NEVER_CACHED)
    )


def may_keep(response):
    return response.status_code == 200 and not response.cookies and not response.streaming


class AnonymousPageCacheMiddleware:
    """Answers anonymous GETs of public pages from the cache, and keeps what it renders for them.

    Placed before the session middleware (nothing about a visitor is read to answer from the cache)
    and after the security middleware, so security headers are set on every answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE or not may_use_cache(request):
            return self.get_response(request)
        try:
            key = cache_key(request, generation())
        except (CacheUnavailable, DatabaseError):
            return self.get_response(request)  # served as without the cache
        response = cache.get(key)
        if response is not None:
            response[HIT_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if may_keep(response):
            label_for_revalidation(response)
            cache.set(key, response, KEPT_SECONDS)
        response[HIT_HEADER] = "miss"
        return response


def label_for_revalidation(response):
    """ETag and Last-Modified, so a browser may ask again and get a 304 (Django's ConditionalGet
    middleware answers it, from the cached copy); pages with no Cache-Control of their own say
    browsers must ask each time, and vary on the cookie (a signed-in editor's page is another)."""
    set_response_etag(response)
    response.setdefault("Last-Modified", http_date())
    if "Cache-Control" not in response:
        patch_response_headers(response, cache_timeout=0)
    patch_vary_headers(response, ["Cookie"])


def connect():
    """Forget every page on each change residents could see: Wagtail's publish, unpublish and move
    signals and page deletions (not draft saves), the snippets and settings shown on pages, view
    restrictions, and every write to the search tables (imports included: they bypass the others)."""
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_every_page, dispatch_uid=f"page-cache-{id(signal)}")
    post_delete.connect(forget_deleted_page, dispatch_uid="page-cache-page-deleted")
    shown = (Organization, Category, Community, Language, Population, CrisisLineSettings, Site)
    for model in (*shown, PageViewRestriction, SearchIndexState):
        post_save.connect(forget_every_page, sender=model, dispatch_uid=f"page-cache-{model.__name__}-saved")
        post_delete.connect(forget_every_page, sender=model, dispatch_uid=f"page-cache-{model.__name__}-gone")


def forget_deleted_page(sender, instance, **_signal_arguments):
    if isinstance(instance, Page):
        forget_every_page()
