"""Setting up two-factor authentication: an authenticator app by QR code, and recovery codes.

The QR code is drawn on the server as SVG (nothing is fetched from elsewhere; the secret never leaves
the page). Recovery codes are shown once, when made; each works once, in place of an app code.
"""

import base64

import qrcode
import qrcode.image.svg
from django import forms
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
APP = "Authenticator app"
RECOVERY = "Recovery codes"


class ConfirmForm(forms.Form):
    code = forms.CharField(
        label="Code from the app",
        max_length=6,
        help_text="The six digits your authenticator app shows for CORE Portal.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def setup(request):
    """Set up an authenticator app (or, once set up, see how many recovery codes are left)."""
    user = request.user
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
        return TemplateResponse(request, "staff/two_factor_on.html", {"recovery_codes_left": left})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP, confirmed=False)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token("".join(form.cleaned_data["code"].split())):
            return confirmed(request, device)
        form.add_error("code", "That code did not work. Enter the six digits the app shows now.")
    context = {"form": form, "qr_code": qr_svg(device.config_url), "secret": secret_text(device)}
    return TemplateResponse(request, "staff/two_factor_setup.html", context)


def confirmed(request, device):
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_recovery_codes(request.user)
    otp_login(request, device)  # this session now counts as verified
    return TemplateResponse(request, "staff/recovery_codes.html", {"codes": codes, "first_time": True})


@require_POST
def renew_recovery_codes(request):
    """New recovery codes in place of the old ones (all of which stop working)."""
    if not request.user.is_verified():
        return redirect("staff_two_factor_setup")
    codes = new_recovery_codes(request.user)
    return TemplateResponse(request, "staff/recovery_codes.html", {"codes": codes, "first_time": False})


def new_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def qr_svg(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 - drawn here from our own URL


def secret_text(device):
    """The key as authenticator apps take it when typed: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
