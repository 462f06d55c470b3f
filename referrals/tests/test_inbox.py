"""The admin inbox: Clinicians only; spam hidden unless asked for."""

import pytest

from referrals.models import FollowUpRequest, RequestStatus

pytestmark = pytest.mark.django_db
INBOX = "/admin/follow-up-requests/"


@pytest.fixture
def requests_in_inbox():
    def make(status, phone):
        return FollowUpRequest.objects.create(
            relationship="friend",
            name="Sam",
            phone=phone,
            message="Please call.",
            consent=True,
            status=status,
        )

    return make(RequestStatus.NEW, "+12485550101"), make(RequestStatus.SPAM, "+12485550102")


def test_clinicians_see_requests_but_not_spam_by_default(client, clinician, requests_in_inbox):
    real, spam = requests_in_inbox
    client.force_login(clinician)
    page = client.get(INBOX).content.decode()
    assert real.reference in page and spam.reference not in page
    assert spam.reference in client.get(INBOX, {"status": "spam"}).content.decode()
    assert "Follow-up requests" in client.get("/admin/").content.decode()


def test_clinicians_can_open_and_triage_a_request(client, clinician, requests_in_inbox):
    real, _spam = requests_in_inbox
    client.force_login(clinician)
    assert "Please call." in client.get(f"{INBOX}inspect/{real.pk}/").content.decode()
    opened = {"loaded_version": real.updated_at.isoformat()}  # what the edit form carries
    response = client.post(f"{INBOX}edit/{real.pk}/", {"status": "in-progress", **opened})
    assert response.status_code == 302
    real.refresh_from_db()
    assert real.status == "in-progress" and real.name == "Sam"


def test_only_triage_closes_a_request_and_a_triaged_one_is_not_reopened(client, clinician, requests_in_inbox):
    real, spam = requests_in_inbox
    client.force_login(clinician)
    response = client.post(
        f"{INBOX}edit/{real.pk}/", {"status": "closed", "loaded_version": real.updated_at.isoformat()}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    client.post(f"{INBOX}edit/{spam.pk}/", {"status": "new", "loaded_version": spam.updated_at.isoformat()})
    spam.refresh_from_db()
    real.refresh_from_db()
    assert (real.status, spam.status) == ("new", "spam")


@pytest.mark.parametrize("role", ["editor", "partner"])
def test_no_one_else_can_open_the_inbox(client, request, role, requests_in_inbox):
    real, _spam = requests_in_inbox
    client.force_login(request.getfixturevalue(role))
    for url in (INBOX, f"{INBOX}inspect/{real.pk}/", f"{INBOX}edit/{real.pk}/"):
        response = client.get(url)
        assert response.status_code == 403 and real.reference not in response.content.decode()
    assert "Follow-up requests" not in client.get("/admin/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, requests_in_inbox):
    response = client.get(INBOX)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
