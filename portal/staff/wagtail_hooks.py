from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.staff import two_factor
from portal.staff.lockouts import LockoutsReportView


@hooks.register("register_admin_urls")
def staff_urls():
    return [
        path("two-factor/", two_factor.setup, name="staff_two_factor_setup"),
        path("two-factor/recovery-codes/", two_factor.renew_recovery_codes, name="staff_recovery_codes"),
        path("reports/sign-in-lockouts/", LockoutsReportView.as_view(), name="staff_lockouts"),
        path(
            "reports/sign-in-lockouts/results/",
            LockoutsReportView.as_view(results_only=True),
            name="staff_lockouts_results",
        ),
    ]


class SuperusersOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_reports_menu_item")
def lockouts_menu_item():
    return SuperusersOnlyMenuItem("Sign-in lockouts", reverse("staff_lockouts"), icon_name="lock", order=900)


@hooks.register("register_admin_menu_item")
def two_factor_menu_item():
    return MenuItem("Two-factor", reverse("staff_two_factor_setup"), icon_name="key", order=10000)
