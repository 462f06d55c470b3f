"""Every casework URL × every role: clinicians and superusers get the page; anonymous visitors are
sent to sign in; directory editors and partner departments get 403 and never a byte of the record.
Refused attempts are on the audit trail."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from portal.staff.testing import refused_by_wagtail
from referrals.models import FollowUpContact, FollowUpRequest, Person, Referral, ReferralResource
from resources.factories import ResourcePageFactory
from resources.models import Community

pytestmark = pytest.mark.django_db

PRIVATE_NAME = "Zebulon"  # a name that must never reach anyone but a clinician


@pytest.fixture
def records(clinician):
    place = Community.objects.get(slug="birmingham")
    service = ResourcePageFactory(title="Family Crisis Line")
    request = FollowUpRequest.objects.create(
        relationship="family",
        name=f"{PRIVATE_NAME} Senior",
        phone="+12485550123",
        message=f"{PRIVATE_NAME} needs help.",
        consent=True,
        person=PRIVATE_NAME,
        community=place,
        resource=service,
    )
    person = Person.objects.create(
        first_name=PRIVATE_NAME, last_name="Quill", phone="+12485550199", community=place
    )
    referral = Referral.objects.create(
        person=person, community=place, concern="distress", assigned_to=clinician
    )
    contact = FollowUpContact.objects.create(
        referral=referral, outcome="reached", notes=f"Spoke with {PRIVATE_NAME}."
    )
    link = ReferralResource.objects.create(referral=referral, resource=service)
    return {
        "follow_up_inbox": request,
        "casework_people": person,
        "casework_referrals": referral,
        "casework_contacts": contact,
        "casework_links": link,
    }


OBJECT_VIEWS = ["inspect", "edit", "delete", "history", "history_results", "usage"]
LIST_VIEWS = ["index", "index_results", "add"]


def urls(records):
    starts = {  # adding starts from the record it belongs to
        "casework_referrals": f"?person={records['casework_people'].pk}",
        "casework_contacts": f"?referral={records['casework_referrals'].pk}",
        "casework_links": f"?referral={records['casework_referrals'].pk}",
    }
    for namespace, record in records.items():
        for view in LIST_VIEWS:
            yield (
                f"{namespace}:{view}",
                reverse(f"{namespace}:{view}") + (starts.get(namespace, "") if view == "add" else ""),
            )
        for view in OBJECT_VIEWS:
            yield f"{namespace}:{view}", reverse(f"{namespace}:{view}", args=[record.pk])
        yield f"{namespace}:index export", reverse(f"{namespace}:index") + "?export=csv"
    yield "triage", reverse("follow_up_inbox:triage", args=[records["follow_up_inbox"].pk])


def expected(role, name):
    if role == "anonymous":
        return "login"
    if role in ("editor", "partner"):
        return 403
    if role == "clinician" and (name.endswith(":delete") or name == "follow_up_inbox:add"):
        return 403  # deleting is for superusers only; requests come from the public form only
    return 200


@pytest.mark.parametrize("role", ["anonymous", "editor", "partner", "clinician", "admin_user"])
def test_every_casework_url_for_every_role(role, records, client, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    outcomes = {}
    for name, url in urls(records):
        response = client.get(url)
        body = response.content.decode()
        outcome = response.status_code
        if response.status_code == 302 and "/admin/login/" in response["Location"]:
            outcome = "login"
        outcomes[name] = outcome
        if expected(role, name) != 200:
            assert PRIVATE_NAME not in body and "Quill" not in body, f"{name} showed personal data to {role}"
    wrong = {name: got for name, got in outcomes.items() if got != expected(role, name)}
    assert not wrong, f"{role}: {wrong}"


def test_an_export_is_never_a_spreadsheet(records, client, clinician):
    client.force_login(clinician)
    for namespace in records:
        response = client.get(reverse(f"{namespace}:index") + "?export=csv")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_a_refused_attempt_is_recorded_on_the_record(records, client, editor):
    client.force_login(editor)
    referral = records["casework_referrals"]
    client.get(reverse("casework_referrals:inspect", args=[referral.pk]))
    client.get(reverse("casework_people:index"))
    refused = ModelLogEntry.objects.filter(action="referrals.refused", user=editor)
    assert {entry.label for entry in refused} == {referral.reference, editor.username}


@pytest.mark.parametrize("role", ["editor", "partner"])
def test_the_site_history_report_shows_no_casework(records, client, clinician, request, role):
    client.force_login(clinician)
    client.get(reverse("casework_referrals:inspect", args=[records["casework_referrals"].pk]))
    client.force_login(request.getfixturevalue(role))
    response = client.get("/admin/reports/site-history/")
    body = response.content.decode()
    assert response.status_code in (200, 302, 403)
    assert records["casework_referrals"].reference not in body and PRIVATE_NAME not in body


def test_the_menu_shows_casework_only_to_clinicians(records, client, clinician, editor):
    client.force_login(clinician)
    assert "Casework" in client.get("/admin/").content.decode()
    client.force_login(editor)
    assert "Casework" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("role", ["editor", "partner"])
def test_the_directory_chooser_is_the_clinicians(role, client, request):
    from resources.factories import ResourcePageFactory

    draft = ResourcePageFactory(title="Secret Draft Service", live=False)
    client.force_login(request.getfixturevalue(role))
    for url in (
        "/admin/casework/directory-chooser/",
        f"/admin/casework/directory-chooser/chosen/{draft.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 403 and "Secret Draft" not in response.content.decode()


def test_the_chooser_never_chooses_an_unpublished_service(client, clinician):
    from resources.factories import ResourcePageFactory

    draft = ResourcePageFactory(title="Secret Draft Service", live=False)
    client.force_login(clinician)
    response = client.get(f"/admin/casework/directory-chooser/chosen/{draft.pk}/")
    assert response.status_code == 404 and "Secret Draft" not in response.content.decode()


def test_deleting_a_person_with_referrals_is_refused_plainly(records, client, admin_user):
    client.force_login(admin_user)
    person = records["casework_people"]
    response = client.post(reverse("casework_people:delete", args=[person.pk]))
    assert response.status_code == 409 and Person.objects.filter(pk=person.pk).exists()


REPORTS = {
    "/admin/reports/monthly-activity/": {"clinician", "admin_user", "partner"},
    "/admin/reports/re-verify/": {"clinician", "admin_user", "editor"},
    "/admin/reports/outcomes-per-service/": {"clinician", "admin_user"},
}


@pytest.mark.parametrize("role", ["anonymous", "editor", "partner", "clinician", "admin_user"])
def test_every_report_and_its_exports_for_every_role(role, records, client, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    for url, allowed in REPORTS.items():
        for suffix in ("", "?export=csv", "?export=xlsx"):
            response = client.get(url + suffix)
            if role == "anonymous":
                assert response.status_code == 302 and "/admin/login/" in response["Location"], url
            else:
                assert response.status_code == (200 if role in allowed else 403), (url, suffix)
            if response.status_code == 200 and not suffix:
                body = response.content.decode()
                assert PRIVATE_NAME not in body and records["casework_referrals"].reference not in body


@pytest.mark.parametrize("role", ["anonymous", "editor", "partner"])
def test_handouts_printable_reports_results_and_partner_access_for_other_roles(
    role, records, client, request
):
    """The rest of the back office's URLs: only the roles named may open them, and never see a name."""
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    place = records["casework_people"].community
    allowed = {
        reverse("casework_referrals:handout", args=[records["casework_referrals"].pk]): set(),
        f"/admin/reports/monthly-activity/print/{place.pk}/": set(),  # no partner is tied to it
        "/admin/reports/monthly-activity/results/": {"partner"},
        "/admin/reports/re-verify/results/": {"editor"},
        "/admin/reports/outcomes-per-service/results/": set(),
        "/admin/partner-access/": set(),
    }
    for url, roles in allowed.items():
        response = client.get(url)
        body = response.content.decode()
        if role == "anonymous":
            assert response.status_code == 302 and "/admin/login/" in response["Location"], url
        elif role in roles:
            assert response.status_code == 200, url
        elif url == "/admin/partner-access/":  # a Wagtail viewset
            assert refused_by_wagtail(response), url
        else:
            assert response.status_code == 403 and "Not available to your account" in body, url
        assert PRIVATE_NAME not in body and records["casework_referrals"].reference not in body
