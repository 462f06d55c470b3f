"""For tests: a test client that signs staff in as they really sign in, with a second factor."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class StaffClient(Client):
    """`force_login` gives the user a confirmed authenticator app and marks the session verified
    with it, as signing in with a code does; tests of signing in itself use Django's Client."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = authenticator_app(user).persistent_id
        session.save()


def authenticator_app(user):
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def current_code(user):
    """What the user's authenticator app shows now."""
    device = authenticator_app(user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def sign_in_in_browser(page, base_url, user, password):
    """Through the admin's sign-in form in a real browser, with a code when the user's role needs one."""
    from portal.staff.middleware import needs_two_factor

    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    if needs_two_factor(user):
        page.get_by_label("Two-factor code").fill(current_code(user))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/admin/")


def refused_by_wagtail(response):
    """Wagtail's admin refuses a signed-in user a page they have no permission for by sending them
    to the dashboard with a message; the portal's own staff views answer 403 instead."""
    return response.status_code == 302 and response["Location"] == "/admin/"
