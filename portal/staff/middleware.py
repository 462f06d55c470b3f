"""Staff sessions: two-factor authentication before the admin, and time limits.

- Clinicians, Partner viewers and superusers must have signed in with a second factor. Until they
  have set one up, every admin page sends them to set it up (and signing out stays possible).
- A staff session ends after STAFF_IDLE_MINUTES without a request and STAFF_SESSION_HOURS after
  signing in, whatever happens meanwhile. Changing one's password ends one's other sessions
  (Django checks the password's hash on every request).
"""

import datetime

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django_otp import user_has_device

from portal.errors import UNAVAILABLE, database_unavailable

SIGNED_IN_AT = "staff_signed_in_at"
TWO_FACTOR_GROUPS = ("Clinicians", "Partner viewers")


def needs_two_factor(user):
    return user.is_superuser or user.groups.filter(name__in=TWO_FACTOR_GROUPS).exists()


def note_sign_in(sender, request, user, **kwargs):
    """`user_logged_in` receiver: when the session began, for the absolute limit."""
    request.session[SIGNED_IN_AT] = timezone.now().isoformat()


class StaffSessionMiddleware:
    """After Django's and django-otp's authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            stop = self.limited(request)
        except UNAVAILABLE as error:  # the checks need the database; a view's errors are answered
            return database_unavailable(error)  # by portal.errors.DatabaseUnavailableMiddleware
        return stop or self.get_response(request)

    def limited(self, request):
        """A response that stops the request (signed out, or sent to set up two-factor), or None."""
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if self.expired(request):
                logout(request)
                return redirect_to_login(request)
            request.session.set_expiry(settings.STAFF_IDLE_MINUTES * 60)  # renewed by each request
            if self.must_verify(request, user):
                if user_has_device(user, confirmed=True):
                    logout(request)  # signed in some other way: the code is asked for at sign-in
                    return redirect_to_login(request)
                return redirect("staff_two_factor_setup")
        return None

    @staticmethod
    def expired(request):
        began = request.session.get(SIGNED_IN_AT)
        if began is None:
            return True  # a session from before these limits, or not made by signing in
        age = timezone.now() - datetime.datetime.fromisoformat(began)
        return age > datetime.timedelta(hours=settings.STAFF_SESSION_HOURS)

    @staticmethod
    def must_verify(request, user):
        if not request.path.startswith("/admin/") or user.is_verified():
            return False
        exempt = (reverse("staff_two_factor_setup"), reverse("wagtailadmin_logout"))
        return not request.path.startswith(exempt) and needs_two_factor(user)


def redirect_to_login(request):
    return redirect(f"{reverse('wagtailadmin_login')}?next={request.path}")
