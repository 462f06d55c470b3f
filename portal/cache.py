"""Django's Redis cache, made to carry on when Redis cannot answer.

Everything the site keeps in the cache can be worked out again (Wagtail's site root paths) or can
do without it for a while (the follow-up form's rate limit fails open: a family's request matters
more than a spam burst), so a Redis that is down or hanging makes every read a miss and every write
a no-op, with a warning in the log, instead of an error page. Short socket timeouts keep a hanging
server from holding a request; OPTIONS can set others.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
TIMEOUTS = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, {**params, "OPTIONS": {**TIMEOUTS, **params.get("OPTIONS", {})}})

    def attempt(self, operation, fallback, *args):
        try:
            return getattr(super(), operation)(*args)
        except RedisError as error:
            # The kind of error only: keys can be derived from a visitor's address.
            logger.warning(
                "Cache unavailable, carrying on without it (%s: %s)", operation, type(error).__name__
            )
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self.attempt("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.attempt("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self.attempt("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self.attempt("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self.attempt("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        count = self.attempt("incr", None, key, delta, version)
        if count is None:
            # What a cache says of a key it does not hold; django-ratelimit then fails open.
            raise ValueError("The cache is unavailable.")
        return count

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        self.attempt("delete_many", None, keys, version)

    def clear(self):
        return self.attempt("clear", False)
