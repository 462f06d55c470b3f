"""The program's reports in the admin (Reports menu), each with CSV and XLSX export: monthly activity
per partner community, entries to re-verify (for directory editors) and referral outcomes per service.

Clinicians and superusers see every partner community; a partner department's account sees only the
communities it is tied to, with counts of 1 to 4 shown as "fewer than 5" (and no median built on
fewer than five referrals), so no single person's crisis can be picked out of a small town's row.
"""

import datetime

import django_filters
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from portal.spreadsheets import SafeSpreadsheetExportMixin
from referrals.access import is_clinician, refuse
from referrals.models import LinkStatus, PartnerMembership, Referral
from referrals.reports.activity import COUNTS, MEASURES, MEDIANS
from referrals.reports.charts import bar_chart
from referrals.reports.directory import outcomes_per_service, stale_entries
from referrals.reports.kept import activity_report
from resources.models import Community

PARTNERS = "Partner viewers"
FEWER_THAN_FIVE = "fewer than 5"
NOT_SHOWN = "not shown"
DISPOSITIONS = [name for name, _ in COUNTS if name.startswith("disposition_")]
EARLIEST = datetime.date(2000, 1, 1)
MAX_MONTHS = 60
SMALLEST_SHOWN = 5


def is_partner(user):
    return user.is_active and user.groups.filter(name=PARTNERS).exists()


def communities_for(user):
    """The communities whose counts this user may see: all partners for clinicians, else their own."""
    partners = Community.objects.filter(is_partner=True).order_by("name")
    if is_clinician(user):
        return partners
    if is_partner(user):
        return Community.objects.filter(
            pk__in=PartnerMembership.objects.filter(user=user).values("community")
        )
    return Community.objects.none()


def may_see_reports(user):
    return is_clinician(user) or is_partner(user)


class PeriodFilterSet(WagtailFilterSet):
    occurred_at = django_filters.DateFromToRangeFilter(label="Months", widget=DateRangePickerWidget)

    class Meta:
        model = Referral
        fields = []


def suppressed(month):
    """A partner's view of a month: small counts hidden, medians only over five or more referrals,
    and no hidden count that can be worked out from the ones shown (see `dispositions_exposed`)."""
    exposed = dispositions_exposed(month.values)
    for name, _ in COUNTS:
        if 0 < month.values[name] < SMALLEST_SHOWN:
            month.values[name] = FEWER_THAN_FIVE
    for name in DISPOSITIONS if exposed else ():
        month.values[name] = NOT_SHOWN
    for name, _ in MEDIANS:
        if month.values[f"{name}_of"] < SMALLEST_SHOWN:
            month.values[name] = None
    return month


def dispositions_exposed(values):
    """Whether a hidden disposition count could be narrowed down from the others. The dispositions
    shown and those hidden (1 to 4 each) add up, with referrals of another or no disposition, to the
    referrals opened: what the shown ones leave over is shared by the hidden ones. Unless it leaves
    each hidden one room to be anything from 1 to 4, it gives them away (8 opened, 7 resolved on
    scene and one petition "fewer than 5": the petition is 1), so all dispositions are not shown."""
    hidden = [name for name in DISPOSITIONS if 0 < values[name] < SMALLEST_SHOWN]
    if not hidden:
        return False
    opened = values["opened"] if values["opened"] >= SMALLEST_SHOWN else SMALLEST_SHOWN - 1  # at most
    left = opened - sum(values[name] for name in DISPOSITIONS if name not in hidden)
    return left - (len(hidden) - 1) < SMALLEST_SHOWN - 1  # the most one hidden count can be


def period(filters, user):
    """Whole months: those asked for in the filter form, by default the last twelve, at most
    MAX_MONTHS. A partner sees completed months only, so counts cannot be read off day by day."""
    today = timezone.localdate()
    last = today if is_clinician(user) else today.replace(day=1) - datetime.timedelta(days=1)
    start = (last.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
    end = last
    chosen = filters.form.cleaned_data.get("occurred_at") if filters and filters.is_valid() else None
    if chosen and chosen.start:
        start = chosen.start.date()
    if chosen and chosen.stop:
        end = (chosen.stop - datetime.timedelta(microseconds=1)).date()
    start, end = sorted((max(start, EARLIEST), min(end, last)))
    earliest_allowed = (end.replace(day=1) - datetime.timedelta(days=31 * (MAX_MONTHS - 1))).replace(day=1)
    return max(start, earliest_allowed).replace(day=1), end


def visible_activity(user, communities, start, end):
    """The counts this user may see: exact for clinicians, small ones hidden for partners."""
    rows = activity_report(communities, start, end)
    return rows if is_clinician(user) else [suppressed(row) for row in rows]


class ActivityReportView(SafeSpreadsheetExportMixin, ReportView):
    page_title = "Monthly activity"
    header_icon = "table"
    template_name = "referrals/reports/activity.html"
    index_url_name = "casework_activity"
    index_results_url_name = "casework_activity_results"
    filterset_class = PeriodFilterSet
    paginate_by = None
    export_filename = "monthly-activity"
    list_export = ["community.name", "month", *(name for name, _ in MEASURES)]
    export_headings = {"community.name": "Community", "month": "Month", **dict(MEASURES)}

    def dispatch(self, request, *args, **kwargs):
        if not may_see_reports(request.user):
            return refuse(request, None, None)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def columns(self):
        return [
            Column("community", label="Community", accessor=lambda month: month.community.name),
            Column("month", label="Month", accessor=lambda month: month.month.strftime("%B %Y")),
            *(
                Column(name, label=label, accessor=lambda month, name=name: month.values[name])
                for name, label in MEASURES
            ),
        ]

    def to_row_dict(self, item):
        measures = {name: item.values[name] for name, _ in MEASURES}
        return {"community.name": item.community.name, "month": item.month, **measures}

    def get_queryset(self):
        start, end = period(self.filters, self.request.user)
        return visible_activity(self.request.user, communities_for(self.request.user), start, end)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        query = self.request.GET.urlencode()
        context["printable"] = [
            (
                community,
                reverse("casework_activity_print", args=[community.pk]) + (f"?{query}" if query else ""),
            )
            for community in communities_for(self.request.user)
        ]
        context["small_counts_hidden"] = not is_clinician(self.request.user)
        return context

    def filter_queryset(self, queryset):
        return queryset  # the period is applied when the counts are made


EDITORS = "Directory editors"


def may_see_directory_reports(user):
    return is_clinician(user) or (user.is_active and user.groups.filter(name=EDITORS).exists())


def edit_url(row):
    return reverse("wagtailadmin_pages:edit", args=[row["page"].pk])


class StaleEntriesReportView(SafeSpreadsheetExportMixin, ReportView):
    """For directory editors: entries to re-verify, flagged ones first, each with why."""

    page_title = "Entries to re-verify"
    header_icon = "warning"
    index_url_name = "directory_stale"
    index_results_url_name = "directory_stale_results"
    paginate_by = None
    export_filename = "entries-to-re-verify"
    list_export = ["page.title", "page.last_verified_on", "why"]
    export_headings = {"page.title": "Service", "page.last_verified_on": "Last verified", "why": "Why"}

    def dispatch(self, request, *args, **kwargs):
        if not may_see_directory_reports(request.user):
            return refuse(request, None, None)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def columns(self):
        return [
            TitleColumn("title", label="Service", accessor=lambda row: row["page"].title, get_url=edit_url),
            Column(
                "verified",
                label="Last verified",
                accessor=lambda row: row["page"].last_verified_on or "never",
            ),
            Column("why", label="Why", accessor=lambda row: row["why"]),
        ]

    def get_queryset(self):
        return stale_entries()

    def to_row_dict(self, item):
        return {"page.title": item["page"].title, "page.last_verified_on": item["page"].last_verified_on,
                "why": item["why"]}  # fmt: skip


class ServiceOutcomesReportView(SafeSpreadsheetExportMixin, ReportView):
    """For the health network: how referrals to each service went, without people's data."""

    page_title = "Referral outcomes per service"
    header_icon = "table"
    index_url_name = "service_outcomes"
    index_results_url_name = "service_outcomes_results"
    paginate_by = None
    export_filename = "referral-outcomes-per-service"
    list_export = ["resource_title", "total", *(status.value for status in LinkStatus)]
    export_headings = {
        "resource_title": "Service",
        "total": "Referrals",
        **{s.value: s.label for s in LinkStatus},
    }

    def dispatch(self, request, *args, **kwargs):
        if not is_clinician(request.user):
            return refuse(request, None, None)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def columns(self):
        return [
            Column("resource_title", label="Service", accessor=lambda row: row["resource_title"]),
            Column("total", label="Referrals", accessor=lambda row: row["total"]),
            *(Column(s.value, label=s.label, accessor=lambda row, s=s: row[s.value]) for s in LinkStatus),
        ]

    def get_queryset(self):
        return outcomes_per_service()

    def to_row_dict(self, item):
        return {field: item[field] for field in self.list_export}


def activity_print(request, community_id):
    """One community's activity on one printable page, a small chart per measure, for a council
    meeting."""
    if not may_see_reports(request.user):
        return refuse(request, None, None)
    community = communities_for(request.user).filter(pk=community_id).first()
    if community is None:
        return refuse(request, None, None)
    start, end = period(PeriodFilterSet(data=request.GET, request=request), request.user)
    months = visible_activity(request.user, [community], start, end)
    charts = [
        (label, bar_chart(label, [(month.month.strftime("%b"), month.values[name]) for month in months]),
         total(month.values[name] for month in months) if (name, label) in COUNTS else None)
        for name, label in MEASURES
    ]  # fmt: skip
    context = {"community": community, "start": start, "end": end, "charts": charts}
    return TemplateResponse(request, "referrals/reports/activity_print.html", context)


def total(values):
    """A period's total. Where months were hidden from a partner, only a lower bound is given (each
    month "fewer than 5" had at least one, one "not shown" perhaps none), so the hidden months
    cannot be worked out from the total."""
    values = list(values)
    known = sum(value for value in values if isinstance(value, int))
    hidden = values.count(FEWER_THAN_FIVE)
    return f"at least {known + hidden}" if hidden or NOT_SHOWN in values else known
