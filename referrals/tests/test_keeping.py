"""Accepted means kept: one transaction, and notifications that carry no personal data."""

import logging

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from referrals.models import FollowUpRequest

pytestmark = pytest.mark.django_db

FAILING_MAIL = "referrals.tests.mail_backends.UnreachableServerBackend"
LOCMEM_MAIL = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def clinicians(clinician, django_user_model):
    clinician.email = "clinician@example.org"
    clinician.save()
    return [clinician]


def test_a_failure_after_validation_stores_nothing_and_keeps_the_words(post, valid, monkeypatch, caplog):
    def broken(callback):
        raise DatabaseError("connection lost")

    monkeypatch.setattr("referrals.submissions.transaction.on_commit", broken)
    response = post(valid)
    assert response.status_code == 503
    assert "was not saved" in response.content.decode() and "hard night" in response.content.decode()
    assert FollowUpRequest.objects.count() == 0
    assert "could not be stored: DatabaseError" in caplog.text
    assert "Dana" not in caplog.text and "brother" not in caplog.text


def test_clinicians_get_an_email_without_personal_data(
    post, valid, mailoutbox, clinicians, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(valid)
    (email,) = mailoutbox
    assert email.to == ["clinician@example.org"]
    stored = FollowUpRequest.objects.get()
    text = email.subject + email.body
    for private in ("Dana", "555", "brother", "Birmingham", stored.reference, "J."):
        assert private not in text
    assert "/admin/follow-up-requests/" in email.body
    assert stored.notified_at is not None


def test_configured_addresses_replace_the_group(
    post, valid, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.FOLLOW_UP_NOTIFY_EMAILS = ["intake@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        post(valid)
    assert mailoutbox[0].to == ["intake@example.org"]


def test_a_mail_server_that_is_down_keeps_the_request_and_the_next_one_retries(
    post, valid, settings, mailoutbox, clinicians, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING_MAIL
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        assert post(valid).status_code == 302
    assert FollowUpRequest.objects.get().notified_at is None
    assert "notification failed" in caplog.text and "Dana" not in caplog.text and "555" not in caplog.text

    settings.EMAIL_BACKEND = LOCMEM_MAIL
    with django_capture_on_commit_callbacks(execute=True):
        post({**valid, "phone": "248-555-0177"})
    (email,) = mailoutbox
    assert email.subject == "2 follow-up requests are waiting"
    assert not FollowUpRequest.objects.filter(notified_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_database_queue_a_failed_notification_is_retried_later(
    post, valid, settings, mailoutbox, clinicians
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = FAILING_MAIL
    assert post(valid).status_code == 302
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert FollowUpRequest.objects.get().notified_at is None and mailoutbox == []
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now() and retry.args_kwargs["args"] == [2]

    settings.EMAIL_BACKEND = LOCMEM_MAIL  # the mail server is back, and the retry is due
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert len(mailoutbox) == 1 and FollowUpRequest.objects.get().notified_at is not None
