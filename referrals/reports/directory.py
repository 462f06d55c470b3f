"""What referrals teach the directory: entries to re-verify, and outcomes per service.

An entry is flagged when two referrals could not reach it, or found it full ("could not contact",
"no capacity"), within 60 days of each other since it was last verified. The flag is worked out
from the referrals each time, so marking the entry verified (its "last verified on" date) clears it
and nothing has to be kept in step. Counts and dates only: no person, code or note.
"""

import datetime
import itertools

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.formats import date_format

from referrals.models import LinkStatus, ReferralResource
from resources.models import ResourcePage

PROBLEMS = (LinkStatus.NOT_REACHED, LinkStatus.NO_CAPACITY)
WINDOW = datetime.timedelta(days=60)
VERIFY_EVERY = datetime.timedelta(days=365)


def flags():
    """{page id: why} for every live entry that failed twice within 60 days since last verified."""
    problems = (
        ReferralResource.objects.filter(status__in=PROBLEMS, resource__live=True)
        .values_list("resource_id", "status", "status_date", "resource__last_verified_on")
        .order_by("resource_id", "status_date")
    )
    by_page = {}
    for page_id, status, day, verified_on in problems:
        if verified_on is None or day > verified_on:
            by_page.setdefault(page_id, []).append((day, status))
    found = {}
    for page_id, outcomes in by_page.items():
        for (first_day, first), (second_day, second) in itertools.pairwise(outcomes):
            if second_day - first_day <= WINDOW:
                found[page_id] = (
                    f"{LinkStatus(first).label} on {date_format(first_day, 'M j, Y')} and "
                    f"{LinkStatus(second).label.lower()} on {date_format(second_day, 'M j, Y')}"
                )
    return found


def stale_entries():
    """Live entries not verified in a year, or flagged by referrals, each with why, flagged first."""
    flagged = flags()
    year_ago = timezone.localdate() - VERIFY_EVERY
    pages = ResourcePage.objects.live().filter(
        Q(pk__in=flagged) | Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=year_ago)
    )
    rows = []
    for page in pages.only("pk", "title", "last_verified_on").order_by("title"):
        reasons = []
        if page.pk in flagged:
            reasons.append(f"Referrals could not use it: {flagged[page.pk]}")
        if page.last_verified_on is None or page.last_verified_on < year_ago:
            reasons.append("Not verified in the past 12 months")
        rows.append({"page": page, "flagged": page.pk in flagged, "why": "; ".join(reasons)})
    return sorted(rows, key=lambda row: not row["flagged"])


def outcomes_per_service():
    """How referrals to each service went: counts per link status, busiest first (one row per
    service, even when two share a title)."""
    counts = {status.value: Count("pk", filter=Q(status=status)) for status in LinkStatus}
    rows = (
        ReferralResource.objects.values("resource_id")
        .annotate(total=Count("pk"), resource_title=Max("resource_title"), **counts)
        .order_by("-total", "resource_title")
    )
    return list(rows)
