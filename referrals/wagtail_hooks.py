from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from referrals.dashboard import add_casework_panel
from referrals.reports.views import ActivityReportView, may_see_reports
from referrals.viewsets import viewsets


@hooks.register("register_admin_viewset")
def register_casework():
    return viewsets()


hooks.register("construct_homepage_panels", add_casework_panel)


@hooks.register("insert_global_admin_css")
def casework_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/casework-admin.css"))


@hooks.register("register_admin_urls")
def register_report_urls():
    view = ActivityReportView.as_view()
    results = ActivityReportView.as_view(results_only=True)
    return [
        path("reports/monthly-activity/", view, name="casework_activity"),
        path("reports/monthly-activity/results/", results, name="casework_activity_results"),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_activity_menu_item():
    return ReportMenuItem("Monthly activity", reverse("casework_activity"), icon_name="table", order=100)
