"""The clinician's dashboard panel and daily reminder: counts and codes, never a name."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from referrals.models import FollowUpContact, FollowUpRequest, Person, Referral
from referrals.tasks import send_daily_reminders
from resources.models import Community

pytestmark = pytest.mark.django_db
PRIVATE_NAME = "Zebulon"


@pytest.fixture
def workload_of(clinician, django_user_model):
    place = Community.objects.get(slug="birmingham")
    clinician.email = "clinician@example.org"
    clinician.save()
    colleague = django_user_model.objects.create_user("colleague", email="colleague@example.org")
    colleague.groups.add(*clinician.groups.all())
    person = Person.objects.create(first_name=PRIVATE_NAME, community=place)
    today = timezone.localdate()
    made = {}
    for name, due, owner in [
        ("late", today - datetime.timedelta(days=2), clinician),
        ("today", today, clinician),
        ("later", today + datetime.timedelta(days=3), clinician),
        ("theirs", today - datetime.timedelta(days=1), colleague),
    ]:
        referral = Referral.objects.create(
            person=person, community=place, concern="distress", assigned_to=owner
        )
        FollowUpContact.objects.create(
            referral=referral,
            outcome="no-answer",
            next_due=due,
            contacted_at=timezone.now() - datetime.timedelta(days=5),
        )
        made[name] = referral
    FollowUpRequest.objects.create(
        relationship="self", name=PRIVATE_NAME, phone="+12485550100", message="hi", consent=True
    )
    return made


def test_the_dashboard_shows_my_overdue_and_due_today_and_new_requests(client, clinician, workload_of):
    client.force_login(clinician)
    page = client.get("/admin/").content.decode()
    assert "My overdue follow-ups" in page and workload_of["late"].reference in page
    assert workload_of["today"].reference in page and "New follow-up requests" in page
    assert workload_of["theirs"].reference not in page and workload_of["later"].reference not in page
    assert PRIVATE_NAME not in page


def test_editors_see_no_casework_panel(client, editor, workload_of):
    client.force_login(editor)
    assert "My overdue follow-ups" not in client.get("/admin/").content.decode()


def test_the_daily_reminder_has_counts_and_a_link_only(workload_of):
    call_command("send_follow_up_reminders", stdout=io.StringIO())
    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert set(by_address) == {"clinician@example.org", "colleague@example.org"}
    mine = by_address["clinician@example.org"]
    assert "overdue: 1" in mine and "due today: 1" in mine and "requests (for everyone): 1" in mine
    assert "/admin/" in mine
    for body in by_address.values():
        assert PRIVATE_NAME not in body and "R-" not in body


def test_no_email_when_nothing_is_waiting(clinician):
    clinician.email = "clinician@example.org"
    clinician.save()
    assert send_daily_reminders.call() == 0 and not mail.outbox
