"""gunicorn's settings for the portal (read from this directory whenever gunicorn starts here).

The access log names each request by its method and path only: no query string (a resident's search,
an admin search term), no referrer (the page before, with its query), no user agent. Paths carry no
personal data: the thank-you page's receipt is encrypted (referrals/receipts.py).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG")  # a file, or "-" for standard output; unset: off
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
