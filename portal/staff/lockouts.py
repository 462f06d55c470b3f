"""Sign-in lockouts, for superusers (Reports menu): who is locked out, from where, until when.
`manage.py axes_reset_username NAME` (or `axes_reset_ip ADDRESS`, `axes_reset`) unlocks early."""

from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView


class LockoutsReportView(ReportView):
    page_title = "Sign-in lockouts"
    header_icon = "lock"
    index_url_name = "staff_lockouts"
    index_results_url_name = "staff_lockouts_results"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def columns(self):
        return [
            Column("username", label="Username"),
            Column("ip_address", label="Client address"),
            Column("failures_since_start", label="Failed sign-ins"),
            DateColumn("attempt_time", label="Last failure"),
            Column("locked", label="Locked", accessor=lambda attempt: "yes" if locked(attempt) else "no"),
        ]

    def get_queryset(self):
        return AccessAttempt.objects.order_by("-attempt_time")


def locked(attempt):
    recent = attempt.attempt_time > timezone.now() - settings.AXES_COOLOFF_TIME
    return recent and attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT
