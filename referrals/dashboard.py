"""Dashboard panels for clinicians: new requests, my overdue follow-ups, my follow-ups due today.
Each shows a count and the first few codes, linked; nobody else sees them."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from referrals import workload
from referrals.access import is_clinician


class CaseworkPanel(Component):
    name = "casework"
    template_name = "referrals/admin/dashboard_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        referral_url = "casework_referrals:inspect"
        overdue = workload.overdue(self.user).only("pk", "reference", "next_contact_due")
        today = workload.due_today(self.user).only("pk", "reference")
        requests = workload.new_requests().only("pk", "reference", "created_at")
        return {
            "sections": [
                section(
                    "New follow-up requests",
                    requests,
                    "follow_up_inbox:inspect",
                    reverse("follow_up_inbox:index") + "?status=new",
                ),
                section(
                    "My overdue follow-ups",
                    overdue,
                    referral_url,
                    reverse("casework_referrals:index") + f"?overdue=true&assigned_to={self.user.pk}",
                ),
                section(
                    "My follow-ups due today",
                    today,
                    referral_url,
                    reverse("casework_referrals:index") + f"?due_today=true&assigned_to={self.user.pk}",
                ),
            ]
        }


def section(title, queryset, url_name, all_url):
    shown = list(queryset[: workload.SHOWN])
    count = len(shown) if len(shown) < workload.SHOWN else queryset.count()
    items = [(record.reference, reverse(url_name, args=[record.pk])) for record in shown]
    return {"title": title, "count": count, "items": items, "all_url": all_url}


def add_casework_panel(request, panels):
    if is_clinician(request.user):
        panels.append(CaseworkPanel(request.user))
