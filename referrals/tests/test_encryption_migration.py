"""Requests stored before encryption are sealed by the migration that introduced it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from referrals.lookup_keys import phone_key
from referrals.models import FollowUpRequest

BEFORE = [("referrals", "0002_clinician_permissions")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_plain_requests_are_encrypted_and_given_lookup_digests():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("referrals")
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    OldRequest = old_apps.get_model("referrals", "FollowUpRequest")
    old = OldRequest.objects.create(
        relationship="family",
        name="Dana Example",
        phone="+12485550123",
        email="",
        person="J.",
        message="He had a hard night.",
        consent=True,
        contact_key="x",
        window=1,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, message, email FROM referrals_followuprequest WHERE id = %s", [old.pk])
        name, message, email = cursor.fetchone()
    assert name.startswith("v1:") and message.startswith("v1:") and email == ""
    request = FollowUpRequest.objects.get(pk=old.pk)
    assert (request.name, request.message, request.phone) == (
        "Dana Example",
        "He had a hard night.",
        "+12485550123",
    )
    assert request.phone_key == phone_key("248-555-0123") and request.email_key == ""
