"""The back office in Wagtail's admin, grouped under "Casework" and open to clinicians only."""

from wagtail.admin.viewsets.model import ModelViewSetGroup

from referrals.viewsets.contacts import ContactViewSet, LinkViewSet
from referrals.viewsets.directory_chooser import directory_chooser
from referrals.viewsets.inbox import FollowUpInboxViewSet
from referrals.viewsets.partners import PartnerMembershipViewSet
from referrals.viewsets.people import PersonViewSet
from referrals.viewsets.referrals import ReferralViewSet


class CaseworkGroup(ModelViewSetGroup):
    menu_label = "Casework"
    menu_icon = "clipboard-list"
    menu_order = 150
    items = (FollowUpInboxViewSet, ReferralViewSet, PersonViewSet)


def viewsets():
    """Everything to register: the menu group, and the views reached from a referral's page."""
    return [CaseworkGroup(), ContactViewSet(), LinkViewSet(), directory_chooser, PartnerMembershipViewSet()]
