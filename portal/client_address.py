"""The address a request really came from, given how many proxies we trust in front of the site.

Each proxy appends the address it was connected from to X-Forwarded-For, so with N trusted
proxies the client is the N-th entry from the right; anything further left was written by the
client and proves nothing. With no trusted proxies the header is ignored entirely.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) < trusted:
        return remote  # not through all our proxies: only the connection itself is known
    candidate = forwarded[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def ratelimit_key(group, request):
    """django-ratelimit's `key` callable: one bucket per client address."""
    return client_address(request)
