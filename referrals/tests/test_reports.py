"""The monthly activity report: what it counts, who sees which community, small counts hidden from
partners, safe exports, and a query count that does not grow with the data."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from portal.staff.testing import refused_by_wagtail
from referrals.models import (
    FollowUpContact,
    FollowUpRequest,
    PartnerMembership,
    Person,
    Referral,
    ReferralResource,
)
from referrals.reports.activity import COUNTS, MEASURES, MEDIANS, Month, monthly_activity
from referrals.reports.kept import forget_from
from referrals.reports.views import DISPOSITIONS, suppressed, total
from resources.factories import ResourcePageFactory
from resources.models import Community

pytestmark = pytest.mark.django_db
URL = "/admin/reports/monthly-activity/"


def moment(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture
def towns():
    return Community.objects.get(slug="birmingham"), Community.objects.get(slug="auburn-hills")


@pytest.fixture
def activity(towns):
    """October 2026 in Birmingham: 6 referrals (5 co-response calls, one repeat person), contacts
    and a connection; one referral in Auburn Hills."""
    birmingham, auburn = towns
    service = ResourcePageFactory(title="Family Crisis Line")
    person = Person.objects.create(first_name="Dana")
    made = []
    for day in range(1, 7):
        referral = Referral.objects.create(
            person=person if day <= 2 else Person.objects.create(first_name=f"P{day}"),
            community=birmingham,
            occurred_at=moment(2026, 10, day),
            source="co-response" if day <= 5 else "walk-in",
            concern="distress",
            disposition="er-diversion" if day <= 3 else "resolved",
        )
        FollowUpContact.objects.create(
            referral=referral, outcome="reached", contacted_at=moment(2026, 10, day + 2)
        )
        made.append(referral)
    ReferralResource.objects.create(referral=made[0], resource=service, status="connected",
                                    status_date=datetime.date(2026, 10, 11))  # fmt: skip
    made[5].status, made[5].outcome = "unable-to-reach", "not-reached"
    made[5].save()
    Referral.objects.filter(pk=made[5].pk).update(closed_at=moment(2026, 10, 20))
    Referral.objects.create(person=Person.objects.create(first_name="Sam"), community=auburn,
                            occurred_at=moment(2026, 10, 3), concern="housing")  # fmt: skip
    FollowUpRequest.objects.create(relationship="family", name="Ann", phone="+12485550100", message="Call.",
                                   consent=True, community=birmingham)  # fmt: skip
    FollowUpRequest.objects.filter(community=birmingham).update(created_at=moment(2026, 10, 9))
    return made


def october(rows, community):
    return next(row for row in rows if row.community == community and row.month == datetime.date(2026, 10, 1))


def test_the_counts_of_a_month(activity, towns):
    birmingham, auburn = towns
    rows = monthly_activity([birmingham, auburn], datetime.date(2026, 9, 1), datetime.date(2026, 10, 31))
    assert len(rows) == 4  # two towns × two months, empty months included
    values = october(rows, birmingham).values
    assert (values["opened"], values["co_response_calls"], values["repeat"], values["requests"]) == (
        6,
        5,
        1,
        1,
    )
    assert (values["disposition_er-diversion"], values["disposition_resolved"]) == (3, 3)
    assert (values["contacts"], values["connected"], values["closed"], values["unable_to_reach"]) == (
        6,
        1,
        1,
        1,
    )
    assert values["days_to_first_contact"] == 2.0 and values["days_to_connection"] == 10
    assert october(rows, auburn).values["opened"] == 1


def test_partners_see_their_own_community_with_small_counts_hidden(activity, towns, client, partner):
    birmingham, auburn = towns
    PartnerMembership.objects.create(user=partner, community=auburn)
    client.force_login(partner)
    page = client.get(URL + "?occurred_at_after=2026-10-01&occurred_at_before=2026-10-31").content.decode()
    assert "Auburn Hills" in page and "Birmingham" not in page and "fewer than 5" in page
    for person_data in ("Sam", "Dana", activity[0].reference):
        assert person_data not in page


def test_clinicians_see_every_partner_community_with_real_counts(activity, client, clinician):
    client.force_login(clinician)
    page = client.get(URL + "?occurred_at_after=2026-10-01&occurred_at_before=2026-10-31").content.decode()
    assert "Birmingham" in page and "Auburn Hills" in page and "fewer than 5" not in page


def test_a_partner_without_a_community_sees_nothing_and_others_are_refused(client, partner, editor):
    client.force_login(partner)
    assert "Birmingham" not in client.get(URL).content.decode()
    client.force_login(editor)
    assert client.get(URL).status_code == 403
    client.logout()
    assert "/admin/login/" in client.get(URL)["Location"]


def test_exports_are_safe_in_both_formats(activity, towns, client, clinician):
    birmingham, _ = towns
    birmingham.name = '=HYPERLINK("http://example.com")'
    birmingham.save()
    client.force_login(clinician)
    query = "?occurred_at_after=2026-10-01&occurred_at_before=2026-10-31&export="
    text = b"".join(client.get(URL + query + "csv").streaming_content).decode()
    names = [row["Community"] for row in csv.DictReader(io.StringIO(text))]
    assert all(not name.startswith("=") for name in names) and "'=HYPERLINK" in text
    book = load_workbook(io.BytesIO(b"".join(client.get(URL + query + "xlsx").streaming_content)))
    cells = [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert all(not str(cell).startswith("=") for cell in cells)


def test_the_report_takes_the_same_queries_for_more_data(activity, towns, client, clinician):
    """Counted afresh (nothing kept) and read from kept months, each the same for more data."""
    client.force_login(clinician)
    query = "?occurred_at_after=2026-01-01&occurred_at_before=2026-12-31"

    def queries():
        forget_from(None)
        with CaptureQueriesContext(connection) as counted:
            client.get(URL + query)
        with CaptureQueriesContext(connection) as read:
            client.get(URL + query)
        return len(counted), len(read)

    few = queries()
    birmingham, _ = towns
    for day in range(1, 25):
        referral = Referral.objects.create(person=Person.objects.create(first_name="X"), community=birmingham,
                                           occurred_at=moment(2026, 3, day), concern="other")  # fmt: skip
        FollowUpContact.objects.create(
            referral=referral, outcome="reached", contacted_at=moment(2026, 3, day + 1)
        )
    assert queries() == few
    assert few[1] < few[0]  # kept months are read, not counted


def test_a_printable_page_per_community_with_a_chart_per_measure(
    activity, towns, client, clinician, partner, editor
):
    birmingham, auburn = towns
    period = "?occurred_at_after=2026-09-01&occurred_at_before=2026-10-31"
    client.force_login(clinician)
    listing = client.get(URL + period).content.decode()
    url = f"/admin/reports/monthly-activity/print/{birmingham.pk}/{period}"
    assert url.replace("&", "&amp;") in listing
    page = client.get(url).content.decode()
    assert page.count("<svg") == len(MEASURES) and "Oct" in page
    assert "Referrals opened: <strong>6</strong>" in page
    assert "<script" not in page and "http" not in page.replace("http://www.w3.org", "")

    PartnerMembership.objects.create(user=partner, community=auburn)
    client.force_login(partner)
    own = client.get(f"/admin/reports/monthly-activity/print/{auburn.pk}/{period}")
    assert own.status_code == 200 and "&lt;5" in own.content.decode()
    assert client.get(f"/admin/reports/monthly-activity/print/{birmingham.pk}/{period}").status_code == 403
    client.force_login(editor)
    assert client.get(f"/admin/reports/monthly-activity/print/{auburn.pk}/{period}").status_code == 403


def test_superusers_tie_a_partner_account_to_its_community(client, admin_user, partner, clinician, towns):
    birmingham, _ = towns
    client.force_login(admin_user)
    response = client.post("/admin/partner-access/new/", {"user": partner.pk, "community": birmingham.pk})
    assert response.status_code == 302 and PartnerMembership.objects.filter(
        user=partner, community=birmingham
    )
    for someone in (clinician, partner):
        client.force_login(someone)
        assert refused_by_wagtail(client.get("/admin/partner-access/"))


def test_whole_months_only_so_days_cannot_be_read_off(activity, towns, client, partner):
    _, auburn = towns
    PartnerMembership.objects.create(user=partner, community=auburn)
    client.force_login(partner)
    whole = client.get(URL + "?occurred_at_after=2026-10-01&occurred_at_before=2026-10-31&export=csv")
    part = client.get(URL + "?occurred_at_after=2026-10-01&occurred_at_before=2026-10-02&export=csv")
    assert b"".join(whole.streaming_content) == b"".join(part.streaming_content)
    this_month = client.get(URL + "?export=csv")
    assert timezone.localdate().strftime("%Y-%m") not in b"".join(this_month.streaming_content).decode()


def test_months_are_the_programs_whatever_zone_the_viewer_chose(towns):
    birmingham, _ = towns
    late = Referral.objects.create(person=Person.objects.create(first_name="Q"), community=birmingham,
                                   occurred_at=moment(2026, 10, 31, 22), concern="other")  # fmt: skip
    assert late.occurred_at.astimezone(datetime.UTC).month == 11
    for zone in ("UTC", "Pacific/Kiritimati", "America/Detroit"):
        with timezone.override(zone):
            rows = monthly_activity([birmingham], datetime.date(2026, 10, 1), datetime.date(2026, 11, 30))
        assert [row.values["opened"] for row in rows] == [1, 0], zone


def test_partners_get_no_median_over_fewer_than_five(activity, towns, client, partner):
    birmingham, _ = towns
    PartnerMembership.objects.create(user=partner, community=birmingham)
    client.force_login(partner)
    text = b"".join(client.get(URL + "?occurred_at_after=2026-10-01&occurred_at_before=2026-10-31&export=csv")
                    .streaming_content).decode()  # fmt: skip
    (october_row,) = [row for row in csv.DictReader(io.StringIO(text)) if row["Month"].startswith("2026-10")]
    assert october_row["Median days from call to first follow-up"] == "2.0"  # six referrals had a contact
    assert october_row["Median days to connection"] == ""  # one connection only: not shown


@pytest.mark.parametrize("query", ["?occurred_at_after=0001-01-01&occurred_at_before=9999-12-31",
                                   "?occurred_at_after=2026-12-31&occurred_at_before=2026-01-01",
                                   "?occurred_at_after=banana"])  # fmt: skip
def test_odd_ranges_are_answered_not_500(activity, client, clinician, query):
    client.force_login(clinician)
    assert client.get(URL + query).status_code == 200


def partner_view(opened, **dispositions):
    values = {name: 0 for name, _ in COUNTS} | {f"{name}_of": 0 for name, _ in MEDIANS}
    values.update(opened=opened, **{f"disposition_{name}": count for name, count in dispositions.items()})
    return suppressed(Month(None, datetime.date(2026, 10, 1), values)).values


def test_connected_to_a_service_in_or_outside_the_directory(activity, towns):
    """Closed as connected to services with no directory service marked connected (a service outside
    the directory): counted in the month closed; with one, once, in the month of the connection."""
    birmingham, _ = towns
    outside, inside = activity[1], activity[0]  # the first has a directory service connected
    for referral in (outside, inside):
        referral.status, referral.outcome = "completed", "connected"
        referral.save()
        Referral.objects.filter(pk=referral.pk).update(closed_at=moment(2026, 10, 25))
    values = october(monthly_activity([birmingham], datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)),
                     birmingham).values  # fmt: skip
    assert values["connected"] == 2 and values["days_to_connection"] == 10  # the median: directory only


def test_a_hidden_disposition_cannot_be_worked_out_from_the_others():
    # 8 opened, 7 resolved on scene: the one petition would be plain from 8 - 7
    given_away = partner_view(8, resolved=7, petition=1)
    assert {given_away[name] for name in DISPOSITIONS} == {"not shown"}
    assert given_away["opened"] == 8
    # 12 opened, 5 resolved: the petition could be 1 to 4 (the rest may have another disposition)
    kept_hidden = partner_view(12, resolved=5, petition=1)
    assert kept_hidden["disposition_resolved"] == 5 and kept_hidden["disposition_petition"] == "fewer than 5"
    assert kept_hidden["disposition_arrest"] == 0
    # four dispositions "fewer than 5" of "fewer than 5" opened: each would have to be 1
    four_of_four = partner_view(4, resolved=1, petition=1, arrest=1, **{"er-diversion": 1})
    assert {four_of_four[name] for name in DISPOSITIONS} == {"not shown"}
    one_of_few = partner_view(3, resolved=3)
    assert one_of_few["disposition_resolved"] == "fewer than 5" and one_of_few["opened"] == "fewer than 5"
    # two hidden sharing 7 left over: each could still be anything from 1 to 4 (with 4, at most 3)
    assert partner_view(12, resolved=5, petition=3, arrest=4)["disposition_arrest"] == "fewer than 5"
    assert partner_view(9, resolved=5, petition=1, arrest=2)["disposition_arrest"] == "not shown"  # 4 left


def test_a_total_over_months_not_shown_is_a_lower_bound():
    assert total([7, "fewer than 5", 0]) == "at least 8"
    assert total([7, "not shown", 5]) == "at least 12"
    assert total([7, 0, 5]) == 12
