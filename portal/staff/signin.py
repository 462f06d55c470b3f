"""The admin's sign-in form with a two-factor code, and sign-in failures logged without identities.

Staff who have set up two-factor authentication give a code from their authenticator app (six
digits) or one of their recovery codes. Those who have not are signed in and then sent to set it up
before anything else (see middleware.py): the code field is optional until then.
"""

import hashlib
import hmac

from django import forms
from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.forms.auth import LoginForm

WRONG_CODE = "That code did not work. Enter the current code from your app, or a recovery code."
CODE_NEEDED = "Enter the code from your authenticator app, or a recovery code."


class TwoFactorLoginForm(LoginForm):
    otp_token = forms.CharField(
        label="Two-factor code",
        required=False,
        max_length=16,
        help_text="Six digits from your authenticator app, or a recovery code. Leave empty if you "
        "have not set up two-factor authentication yet.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )

    def clean(self):
        cleaned = super().clean()  # the password first: nothing is said about codes before it is right
        user = self.get_user()
        if user is not None and user_has_device(user):
            user.otp_device = self.verified_device(user, cleaned.get("otp_token", ""))
        return cleaned

    def verified_device(self, user, token):
        """The device the code belongs to: six digits are tried on the authenticator app, anything
        else on the recovery codes, so a mistyped code never counts against the other device."""
        token = "".join(token.split()).lower()
        if not token:
            raise forms.ValidationError(CODE_NEEDED, code="token_required")
        kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
        for device in kind.objects.devices_for_user(user, confirmed=True):
            allowed, _ = device.verify_is_allowed()
            if allowed and device.verify_token(token):
                return device
        raise forms.ValidationError(WRONG_CODE, code="invalid_token")


def failure_label(username, ip_address, user_agent, path_info, request):
    """django-axes' name for a client in its log lines: a keyed digest of the username and address,
    so repeated failures can be told apart without writing who or where into the log."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{username}|{ip_address}".encode(), hashlib.sha256)
    return f"client {digest.hexdigest()[:12]}"
