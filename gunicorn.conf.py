"""gunicorn's settings for the portal (read from this directory whenever gunicorn starts here).

The access log names each request by its method and path only: no query string (a resident's search,
an admin search term), no referrer (the page before, with its query), no user agent. Paths carry no
personal data: the thank-you page's receipt is encrypted (referrals/receipts.py).
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG")  # a file, or "-" for standard output; unset: off
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


def post_worker_init(worker):
    """Move everything the worker holds after loading the portal (modules, models, URL patterns and
    views, settings) out of the garbage collector's sight: a full collection then walks only what
    requests create, instead of also the 220,000 objects (counted after start-up) that live as long
    as the worker. `bench/pages.py` measures the uncached pages with and without it in one run (its
    last lines); the README gives the numbers. GC_FREEZE=false turns it off.
    """
    if os.environ.get("GC_FREEZE", "true").lower() == "false":
        return
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 -- the views and the admin, as the first request would load them
    gc.freeze()
