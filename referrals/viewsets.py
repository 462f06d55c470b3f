"""The clinicians' inbox of follow-up requests in the Wagtail admin (the full back office follows).

Only users with the follow-up request permissions (the Clinicians group) see the menu item or
can open any of its views; spam stays out of the list unless someone filters for it.
"""

from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from referrals.models import FollowUpRequest, RequestStatus


class InboxIndexView(IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("community")
        if not self.request.GET.get("status"):
            queryset = queryset.exclude(status=RequestStatus.SPAM)
        return queryset


class FollowUpInboxViewSet(ModelViewSet):
    model = FollowUpRequest
    name = "follow_up_inbox"
    url_prefix = "follow-up-requests"
    menu_label = "Follow-up requests"
    icon = "mail"
    menu_order = 150
    add_to_admin_menu = True
    index_view_class = InboxIndexView
    list_display = ["reference", "created_at", "relationship", "community", "status"]
    list_filter = ["status", "community"]
    form_fields = ["status"]
    inspect_view_enabled = True
    inspect_view_fields = ["reference", "created_at", "status", *FollowUpRequest.FORM_FIELDS]
    copy_view_enabled = False
