from django.urls import path
from wagtail import hooks

from portal.staff import two_factor


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("two-factor/", two_factor.setup, name="staff_two_factor_setup"),
        path("two-factor/recovery-codes/", two_factor.renew_recovery_codes, name="staff_recovery_codes"),
    ]
