"""The follow-up form when something it relies on fails: the database, Redis, the mail server, or
the worker handling the request. A request is stored whole or not at all, and the sender is told
which."""

import html
import logging
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.tests.faults import SilentServer, closed_port, unreachable_database
from referrals.models import FollowUpRequest

from .conftest import FORM_URL

pytestmark = pytest.mark.django_db
PRIVATE = ("Dana", "555", "brother", "127.0.0.1")


def test_with_the_database_down_the_form_says_not_saved_and_keeps_the_words(client, post, valid, caplog):
    client.get(FORM_URL)  # the form was loaded before the database went away
    with unreachable_database(), caplog.at_level(logging.ERROR):
        response = post(valid)
    assert response.status_code == 503
    page = response.content.decode()
    assert "Your request was not saved" in page and "nothing was sent" in page
    assert "hard night" in page and "Dana Example" in page and "248-555-0123" in page
    assert 'href="tel:911"' in page and 'href="tel:988"' in page and "data-quick-exit" in page
    assert "could not be stored: OperationalError" in caplog.text
    assert not any(private in caplog.text for private in PRIVATE)
    assert FollowUpRequest.objects.count() == 0

    # The database is back: "Send it again" sends exactly what was typed.
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))
    again = {name: html.unescape(value) for name, value in hidden.items() if name != "csrfmiddlewaretoken"}
    assert again == valid
    assert post(again).status_code == 302
    assert FollowUpRequest.objects.get().message == valid["message"]


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailSafeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }


def test_with_redis_down_requests_are_stored_and_the_limit_fails_open(
    redis_down, post, valid, settings, caplog
):
    settings.FOLLOW_UP_RATE = "1/h"
    with caplog.at_level(logging.WARNING):
        for number in range(3):
            assert post({**valid, "phone": f"248-555-01{number:02d}"}).status_code == 302
    assert FollowUpRequest.objects.count() == 3
    assert "rate limit is not applied: the cache is unavailable" in caplog.text
    assert "Cache unavailable, carrying on without it (add: ConnectionError)" in caplog.text
    assert not any(private in caplog.text for private in PRIVATE)


@pytest.fixture
def clinician_email(clinician):
    clinician.email = "clinician@example.org"
    clinician.save()


def run_due_tasks():
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def queued_retry():
    retry = DBTaskResult.objects.get(status="READY")
    return retry.args_kwargs["args"][0], retry.run_after - timezone.now()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_mail_server_down_requests_are_kept_and_the_notification_retried(
    post, valid, settings, mailoutbox, clinician_email, caplog
):
    """Django's own SMTP backend against a port that refuses, then a server that never answers."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 0.5
    with caplog.at_level(logging.WARNING):
        assert post(valid).status_code == 302
        run_due_tasks()
    assert FollowUpRequest.objects.get().notified_at is None
    assert "notification failed (attempt 1): ConnectionRefusedError" in caplog.text
    attempt, wait = queued_retry()
    assert attempt == 2 and 0 < wait.total_seconds() <= settings.FOLLOW_UP_NOTIFY_RETRY_SECONDS

    with SilentServer() as hung:
        settings.EMAIL_PORT = hung.port
        started = time.monotonic()
        run_due_tasks()
        assert time.monotonic() - started < 5
    attempt, wait = queued_retry()
    assert attempt == 3 and wait.total_seconds() > settings.FOLLOW_UP_NOTIFY_RETRY_SECONDS  # growing pauses
    assert FollowUpRequest.objects.get().notified_at is None and mailoutbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    run_due_tasks()
    assert len(mailoutbox) == 1 and FollowUpRequest.objects.get().notified_at is not None
    assert not any(private in caplog.text for private in PRIVATE)


def database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    login = urllib.parse.quote(db["USER"]) + (
        f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    )
    return f"postgres://{login}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


GUNICORN = ["--workers", "1", "--timeout", "60", "--no-control-socket"]


class Site:
    """gunicorn with one worker on a loopback port, serving slow_wsgi against the test database."""

    def __init__(self, tmp_path):
        self.port = closed_port()
        self.pause = tmp_path / "pause-once"
        self.pause.touch()
        env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
        env.update(
            DJANGO_SETTINGS_MODULE="portal.settings.test",
            DATABASE_URL=database_url(),
            PAUSE_ONCE=str(self.pause),
        )
        command = [sys.executable, "-m", "gunicorn", "referrals.tests.slow_wsgi:application", *GUNICORN]
        command += ["--bind", f"127.0.0.1:{self.port}"]
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command
            command,
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        self.lines = queue.Queue()
        threading.Thread(target=self.read, daemon=True).start()
        self.browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def read(self):
        for line in self.process.stdout:
            self.lines.put(line)

    def url(self):
        return f"http://127.0.0.1:{self.port}{FORM_URL}"

    def form_token(self, within=30):
        deadline = time.monotonic() + within
        while True:
            try:
                page = self.browser.open(self.url(), timeout=5).read().decode()
                return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def send(self, data, outcome):
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.form_token()}).encode()
        try:
            outcome.append(self.browser.open(self.url(), body, timeout=40).status)
        except OSError as error:
            outcome.append(error)

    def paused_worker(self, sender, outcome, within=40):
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            assert sender.is_alive(), f"The request ended before its row was written: {outcome}"
            try:
                return int(self.lines.get(timeout=0.2))
            except queue.Empty:
                continue
        pytest.fail("The request was not written in time.")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process.stdout.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("database_file")
def test_a_worker_killed_mid_request_leaves_no_half_written_request(valid, tmp_path):
    site = Site(tmp_path)
    try:
        outcome = []
        sender = threading.Thread(target=site.send, args=(valid, outcome))
        sender.start()
        worker = site.paused_worker(sender, outcome)  # the row is written, the transaction still open
        os.kill(worker, signal.SIGKILL)
        sender.join(timeout=10)
        assert outcome and isinstance(outcome[0], OSError)  # the sender saw no confirmation
        assert FollowUpRequest.objects.count() == 0

        # gunicorn replaces the worker, and the next request is stored whole.
        second = []
        site.send({**valid, "message": "Sending again after the page failed."}, second)
        assert second == [200]
        assert FollowUpRequest.objects.get().message == "Sending again after the page failed."
    finally:
        site.stop()
    assert not Path(site.pause).exists()
