from django.apps import AppConfig


class StaffConfig(AppConfig):
    """Staff sign-in: lockout after failed sign-ins, two-factor authentication, session limits."""

    name = "portal.staff"
    label = "staff"
    verbose_name = "Staff sign-in"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from portal.staff.middleware import note_sign_in

        user_logged_in.connect(note_sign_in, dispatch_uid="staff-signed-in-at")
