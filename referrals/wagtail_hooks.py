from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from referrals.dashboard import add_casework_panel
from referrals.reports.views import (
    ActivityReportView,
    ServiceOutcomesReportView,
    StaleEntriesReportView,
    activity_print,
    is_clinician,
    may_see_directory_reports,
    may_see_reports,
)
from referrals.viewsets import viewsets


@hooks.register("register_admin_viewset")
def register_casework():
    return viewsets()


hooks.register("construct_homepage_panels", add_casework_panel)


@hooks.register("insert_global_admin_css")
def casework_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/casework-admin.css"))


REPORTS = [
    # address, URL name, view, menu label, icon, who sees it
    ("monthly-activity", "casework_activity", ActivityReportView, "Monthly activity", "table",
     may_see_reports),
    ("re-verify", "directory_stale", StaleEntriesReportView, "Entries to re-verify", "warning",
     may_see_directory_reports),
    ("outcomes-per-service", "service_outcomes", ServiceOutcomesReportView, "Outcomes per service", "table",
     is_clinician),
]  # fmt: skip


@hooks.register("register_admin_urls")
def register_report_urls():
    urls = []
    for address, name, view, *_ in REPORTS:
        results = view.as_view(results_only=True)
        urls += [
            path(f"reports/{address}/", view.as_view(), name=name),
            path(f"reports/{address}/results/", results, name=f"{name}_results"),
        ]
    urls.append(
        path(
            "reports/monthly-activity/print/<int:community_id>/",
            activity_print,
            name="casework_activity_print",
        )
    )
    return urls


def register_report_menu_item(name, label, icon, may_see):
    """A Reports menu item shown only to those who may open the report."""

    class ReportMenuItem(MenuItem):
        def is_shown(self, request):
            return may_see(request.user)

    hooks.register("register_reports_menu_item", lambda: ReportMenuItem(label, reverse(name), icon_name=icon))


for _, report_name, _, report_label, report_icon, report_audience in REPORTS:
    register_report_menu_item(report_name, report_label, report_icon, report_audience)
