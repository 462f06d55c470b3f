from wagtail import hooks

from referrals.viewsets import viewsets


@hooks.register("register_admin_viewset")
def register_casework():
    return viewsets()
