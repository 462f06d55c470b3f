"""Text that would run as a spreadsheet formula, typed into the public form and the directory, comes out
of every export as plain text."""

import csv
import io

import pytest
from openpyxl import load_workbook

from referrals.models import FollowUpRequest, Referral, ReferralResource
from resources.factories import ResourcePageFactory
from resources.models import Community

pytestmark = pytest.mark.django_db
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORTS = [
    "/admin/reports/monthly-activity/",
    "/admin/reports/re-verify/",
    "/admin/reports/outcomes-per-service/",
]


def cells(response, export_format):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        return [cell for row in csv.reader(io.StringIO(content.decode())) for cell in row]
    book = load_workbook(io.BytesIO(content))
    return [cell for row in book.active.iter_rows(values_only=True) for cell in row if cell is not None]


def test_every_export_neutralises_formulas(client, clinician):
    place = Community.objects.get(slug="birmingham")
    place.name = "=Birmingham"  # an editor's slip, or worse
    place.save()
    client.post("/request-follow-up/", {
        "relationship": "family", "name": "=cmd|' /C calc'!A0", "phone": "248-555-0123", "email": "",
        "best_time": "evening", "community": "birmingham", "person": "@Marc", "website": "",
        "message": "+SUM(1,2) please call him", "consent": "on",
    })  # fmt: skip
    request = FollowUpRequest.objects.get()
    client.force_login(clinician)
    client.post(f"/admin/follow-up-requests/triage/{request.pk}/", {
        "decision": "referral", "person": "new", "first_name": '=HYPERLINK("http://x")', "last_name": "",
        "community": place.pk, "concern": "distress", "risk": "low",
    })  # fmt: skip
    referral = Referral.objects.get()
    service = ResourcePageFactory(title="-2+3 Help Line")
    ReferralResource.objects.create(referral=referral, resource=service, status="not-reached")
    checked = 0
    for url in EXPORTS:
        for export_format in ("csv", "xlsx"):
            response = client.get(f"{url}?export={export_format}")
            assert response.status_code == 200, url
            found = cells(response, export_format)
            assert found, url
            dangerous = [cell for cell in found if isinstance(cell, str) and cell.startswith(FORMULA_STARTS)]
            assert not dangerous, (url, export_format, dangerous)
            checked += 1
    assert checked == 6
    casework_list = client.get("/admin/casework/referrals/?export=csv")
    assert casework_list["Content-Type"].startswith("text/html")  # casework lists have no export at all
