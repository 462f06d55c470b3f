"""The site for the killed-worker test, with one deliberately slow step: once a follow-up request's
row is saved, and before the request's transaction ends, the worker prints its process id and
waits, so the test can kill it there. Only the first save waits: the file named by PAUSE_ONCE
says it is still to come.
"""

import os
import time

from django.core.wsgi import get_wsgi_application
from django.db.models.signals import post_save

application = get_wsgi_application()
PAUSE_SECONDS = 30  # the test kills the worker long before; this only bounds a test gone wrong


def pause_once(sender, **kwargs):
    if os.path.exists(os.environ["PAUSE_ONCE"]):
        os.remove(os.environ["PAUSE_ONCE"])
        print(os.getpid(), flush=True)  # noqa: T201 - the test reads it
        time.sleep(PAUSE_SECONDS)


post_save.connect(pause_once, sender="referrals.FollowUpRequest")
