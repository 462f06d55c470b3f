"""Staff sign-in: lockout per username and address, two-factor authentication for the roles that see
people's data, session limits, and nothing said about who has an account."""

import datetime
import io
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from portal.staff.middleware import SIGNED_IN_AT
from portal.staff.testing import current_code, refused_by_wagtail

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"
PASSWORD = "pw-for-tests"  # noqa: S105 (the fixtures' accounts)


def sign_in(client, username, password=PASSWORD, code=""):
    return client.post(LOGIN, {"username": username, "password": password, "otp_token": code})


def from_address(address):
    return Client(REMOTE_ADDR=address)


# --- lockout ---------------------------------------------------------------------------------------


def test_five_failures_lock_the_username_and_address_pair_for_the_cool_off(editor):
    stranger = from_address("203.0.113.7")
    answers = [sign_in(stranger, "editor", "wrong password").status_code for _ in range(5)]
    assert answers == [200] * 4 + [429]  # the fifth failure locks
    locked = sign_in(stranger, "editor")  # the right password, straight after
    assert locked.status_code == 429 and "Signing in is paused" in locked.content.decode()
    assert "_auth_user_id" not in stranger.session
    # the same username from the clinic's own address is not locked out
    assert sign_in(from_address("198.51.100.20"), "editor").status_code == 302
    # after the cool-off (15 minutes by default) the pair may sign in again
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert sign_in(stranger, "editor").status_code == 302


def test_an_unknown_username_is_locked_out_the_same_way(editor):
    stranger = from_address("203.0.113.7")
    answers = {
        name: [sign_in(stranger, name, "wrong password").status_code for _ in range(6)]
        for name in ("editor", "nobody-here")
    }
    assert answers["editor"] == answers["nobody-here"] == [200] * 4 + [429] * 2


def test_behind_a_proxy_the_client_address_is_locked_not_the_proxy(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    stranger = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    colleague = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.20")
    for _ in range(5):
        sign_in(stranger, "editor", "wrong password")
    assert sign_in(stranger, "editor").status_code == 429
    assert sign_in(colleague, "editor").status_code == 302


def test_a_command_unlocks_early(editor):
    stranger = from_address("203.0.113.7")
    for _ in range(5):
        sign_in(stranger, "editor", "wrong password")
    call_command("axes_reset_username", "editor", stdout=io.StringIO())
    assert sign_in(stranger, "editor").status_code == 302


def test_failures_are_logged_without_the_username_or_address(editor, caplog):
    sign_in(from_address("203.0.113.7"), "editor", "wrong password")
    logged = caplog.text
    assert "failure" in logged.lower()
    assert "editor" not in logged and "203.0.113.7" not in logged and "wrong password" not in logged


# --- two-factor authentication ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_pause_after_a_wrong_code(settings):
    """django-otp makes a device wait a second after each wrong code (doubling each time); these
    tests give a right code straight after a wrong one."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_a_clinician_without_two_factor_sets_it_up_before_anything_else(clinician):
    client = Client()
    assert sign_in(client, "clinician").status_code == 302
    for path in ("/admin/", "/admin/casework/referrals/", "/admin/reports/monthly-activity/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/admin/two-factor/", path
    page = client.get("/admin/two-factor/").content.decode()
    assert "<svg" in page and "Turn on two-factor authentication" in page
    device = TOTPDevice.objects.get(user=clinician, confirmed=False)

    wrong = client.post("/admin/two-factor/", {"code": other_than(totp_now(device))})
    assert "That code did not work" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302  # still not in

    shown = client.post("/admin/two-factor/", {"code": totp_now(device)}).content.decode()
    codes = re.findall(r"<code>([a-z2-7]{8})</code>", shown)
    assert len(codes) == 10 and set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    assert client.get("/admin/").status_code == 200  # verified in this session


def test_signing_out_stays_possible_before_setting_it_up(clinician):
    client = Client()
    sign_in(client, "clinician")
    assert client.post("/admin/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def totp_now(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def other_than(code):
    return "000000" if code != "000000" else "111111"


@pytest.mark.parametrize("role", ["clinician", "partner", "admin_user"])
def test_every_role_that_sees_casework_or_counts_needs_the_second_factor(role, request):
    user = request.getfixturevalue(role)
    client = Client()
    sign_in(client, user.username)
    assert client.get("/admin/")["Location"] == "/admin/two-factor/"


def test_an_editor_is_not_made_to_set_it_up(editor):
    client = Client()
    sign_in(client, "editor")
    assert client.get("/admin/").status_code == 200


def test_once_set_up_the_code_is_asked_for_at_sign_in(clinician):
    current_code(clinician)  # an authenticator app, set up
    client = Client()
    missing = sign_in(client, "clinician")
    assert (
        missing.status_code == 200
        and "Enter the code from your authenticator app" in missing.content.decode()
    )
    wrong = sign_in(client, "clinician", code=other_than(current_code(clinician)))
    assert wrong.status_code == 200 and "That code did not work" in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    assert sign_in(client, "clinician", code=current_code(clinician)).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(clinician):
    current_code(clinician)
    client = Client()
    sign_in(client, "clinician", code=current_code(clinician))
    page = client.post("/admin/two-factor/recovery-codes/").content.decode()
    first, second = re.findall(r"<code>([a-z2-7]{8})</code>", page)[:2]
    again = Client()
    assert sign_in(again, "clinician", code=first.upper()).status_code == 302  # as typed from paper
    assert again.get("/admin/").status_code == 200
    assert sign_in(Client(), "clinician", code=first).status_code == 200  # used up
    assert sign_in(Client(), "clinician", code=second).status_code == 302


def test_a_lost_phone_is_reset_by_a_command(clinician):
    current_code(clinician)
    call_command("reset_two_factor", "clinician", stdout=io.StringIO())
    client = Client()
    assert sign_in(client, "clinician").status_code == 302
    assert client.get("/admin/")["Location"] == "/admin/two-factor/"


# --- sessions --------------------------------------------------------------------------------------


def test_a_staff_session_ends_after_fifteen_idle_minutes(client, clinician):
    client.force_login(clinician)
    response = client.get("/admin/")
    assert response.cookies["sessionid"]["max-age"] == 15 * 60
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/admin/").status_code == 302


def test_a_staff_session_ends_twelve_hours_after_signing_in_however_busy(client, clinician):
    client.force_login(clinician)
    assert client.get("/admin/").status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = (timezone.now() - datetime.timedelta(hours=12, minutes=1)).isoformat()
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert client.get("/admin/").status_code == 302  # signed out, not only sent away


def test_changing_the_password_ends_the_other_sessions(client, clinician):
    client.force_login(clinician)
    assert client.get("/admin/").status_code == 200
    clinician.set_password("a new long passphrase for tests")
    clinician.save()
    assert client.get("/admin/").status_code == 302


def test_passwords_must_be_long_and_uncommon(clinician):
    for weak in ("Summer2024!", "password1234", "12345678901234", "clinician2026!"):
        with pytest.raises(ValidationError):
            validate_password(weak, clinician)
    validate_password("harbor lantern quietly seven", clinician)


# --- nothing said about who has an account ---------------------------------------------------------


def test_a_wrong_password_and_an_unknown_username_get_the_same_answer(editor):
    known = sign_in(Client(), "editor", "wrong password").content.decode()
    unknown = sign_in(Client(), "nobody-here", "wrong password").content.decode()
    assert strip_tokens(known) == strip_tokens(unknown)


def strip_tokens(page):
    page = re.sub(r"[A-Za-z0-9]{64}", "", page)  # CSRF tokens
    return re.sub(r'value="(editor|nobody-here)"', "", page)


def test_password_reset_answers_and_works_alike_for_known_and_unknown_addresses(editor, settings):
    """The request only queues a task, whoever the address belongs to; the task sends the email."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    editor.email = "editor@example.org"
    editor.save()
    answers = []
    for address in ("editor@example.org", "nobody@example.org"):
        response = Client().post("/admin/password_reset/", {"email": address})
        answers.append((response.status_code, response["Location"]))
    assert answers[0] == answers[1] == (302, "/admin/password_reset/done/")
    assert mail.outbox == [] and DBTaskResult.objects.count() == 2
    for queued in DBTaskResult.objects.all():  # what the worker does with each
        queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    assert [message.to for message in mail.outbox] == [["editor@example.org"]]


def test_superusers_see_lockouts_in_the_admin(client, admin_user, clinician):
    stranger = from_address("203.0.113.7")
    for _ in range(5):
        sign_in(stranger, "editor", "wrong password")
    client.force_login(admin_user)
    page = client.get("/admin/reports/sign-in-lockouts/").content.decode()
    assert "editor" in page and "203.0.113.7" in page and "yes" in page
    client.force_login(clinician)
    assert refused_by_wagtail(client.get("/admin/reports/sign-in-lockouts/"))
