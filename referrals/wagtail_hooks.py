from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from referrals.dashboard import add_casework_panel
from referrals.viewsets import viewsets


@hooks.register("register_admin_viewset")
def register_casework():
    return viewsets()


hooks.register("construct_homepage_panels", add_casework_panel)


@hooks.register("insert_global_admin_css")
def casework_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/casework-admin.css"))
