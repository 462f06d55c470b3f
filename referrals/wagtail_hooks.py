from wagtail import hooks

from referrals.viewsets import FollowUpInboxViewSet


@hooks.register("register_admin_viewset")
def register_follow_up_inbox():
    return FollowUpInboxViewSet()
