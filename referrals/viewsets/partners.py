"""Settings → Partner access: which community each partner department's account sees counts for.
Superusers only (no group holds these permissions)."""

from wagtail.admin.viewsets.model import ModelViewSet

from referrals.models import PartnerMembership


class PartnerMembershipViewSet(ModelViewSet):
    model = PartnerMembership
    name = "partner_access"
    url_prefix = "partner-access"
    menu_label = "Partner access"
    icon = "group"
    add_to_settings_menu = True
    list_display = ["user", "community"]
    list_filter = ["community"]
    form_fields = ["user", "community"]
    copy_view_enabled = False
