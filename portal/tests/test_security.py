"""Production settings, security headers on every response, and what reaches logs and links."""

import base64
import hashlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from referrals.models import FollowUpRequest, Person, Referral
from referrals.receipts import receipt_for
from resources.models import Community

ROOT = Path(settings.BASE_DIR)
KEY = "5BiNTWtt8bFxytI9GuP6pTunjr05oA99rSBrJGsdi2Y"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")


def production(**overrides):
    """Run Django with the production settings and these environment variables, in a process of
    its own (the settings are read once per process)."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "k" * 20 + "-a-long-random-looking-value-for-tests-0123456789",
        "ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": "sqlite:///unused.sqlite3",
        "FIELD_ENCRYPTION_KEY": KEY,
        "REDIS_URL": "redis://127.0.0.1:9/0",
    }
    env.update(overrides)
    return env


def run(args, env):
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def setting(name, **overrides):
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    answer = run([sys.executable, "-c", code], production(**overrides))
    assert answer.returncode == 0, answer.stderr
    return answer.stdout.strip()


def test_the_deploy_check_is_clean_with_production_settings():
    check = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], production())
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_short_secret_key_is_refused():
    check = run([sys.executable, "manage.py", "check"], production(SECRET_KEY="short-but-not-empty-1234"))
    assert check.returncode != 0 and "SECRET_KEY must be at least 50" in check.stderr


def test_https_by_default_and_settable_off_behind_a_proxy_that_does_it():
    assert setting("SECURE_SSL_REDIRECT") == "True" and int(setting("SECURE_HSTS_SECONDS")) >= 31536000
    assert setting("SECURE_SSL_REDIRECT", SECURE_SSL_REDIRECT="false") == "False"


def test_the_proxy_header_is_believed_only_when_a_proxy_is_said_to_be_there():
    assert setting("SECURE_PROXY_SSL_HEADER") == "None"
    assert (
        setting("SECURE_PROXY_SSL_HEADER", TRUSTED_PROXY_COUNT="1") == "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


# --- headers ---------------------------------------------------------------------------------------


def policy(response):
    parts = [part.split() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/search/?q=food", "/request-follow-up/", "/admin/login/", "/admin/"])
def test_every_response_carries_the_security_headers(client, clinician, path):
    client.force_login(clinician)
    response = client.get(path, follow=True)
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert "script-src" not in directives  # scripts from this site only, none inline
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")


@pytest.mark.django_db
def test_the_admin_adds_only_inline_styles_and_its_own_frames(client, clinician, admin_user):
    client.force_login(clinician)
    directives = policy(client.get("/admin/"))
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"] and "script-src" not in directives
    assert directives["frame-ancestors"] == ["'self'"]
    public = policy(client.get("/"))
    assert "style-src" not in public and public["frame-ancestors"] == ["'none'"]
    client.force_login(admin_user)
    assert "'unsafe-inline'" not in policy(client.get("/admin/redirects/add/"))["script-src"]


@pytest.mark.django_db
def test_the_redirects_form_allows_its_one_inline_script_by_hash(client, admin_user):
    """Wagtail's redirects form still writes its page chooser's start-up inline; the policy allows
    exactly that script (by its hash) and nothing else."""
    client.force_login(admin_user)
    for path in ("/admin/redirects/add/", f"/admin/redirects/{redirect().pk}/"):
        response = client.get(path)
        page, allowed = response.content.decode(), policy(response)["script-src"]
        scripts = re.findall(INLINE_SCRIPT.pattern + r"(.*?)</script>", page, re.DOTALL)
        assert scripts, path
        for script in scripts:
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in allowed, (path, script)


def redirect():
    from wagtail.contrib.redirects.models import Redirect

    return Redirect.objects.create(old_path="/old-clinic", redirect_link="https://example.org/")


@pytest.mark.django_db
def test_admin_forms_with_dates_panels_and_choosers_have_no_inline_script(client, clinician, admin_user):
    """Wagtail's date widgets, inline panels and choosers start from a static file."""
    from resources.factories import ResourcePageFactory

    client.force_login(clinician)
    person = Person.objects.create(first_name="Dana")
    referral_form = client.get(reverse("casework_referrals:add") + f"?person={person.pk}").content.decode()
    assert 'data-init="datetime"' in referral_form and 'data-init="chooser"' in referral_form
    assert not INLINE_SCRIPT.search(referral_form)
    link_form = client.get(reverse("casework_links:add") + f"?referral={referral_for(person).pk}")
    assert 'data-init="chooser"' in link_form.content.decode() and not INLINE_SCRIPT.search(
        link_form.content.decode()
    )
    client.force_login(admin_user)
    page = ResourcePageFactory()
    editor = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'data-init="inline-panel"' in editor and not INLINE_SCRIPT.search(editor)


def referral_for(person):
    return Referral.objects.create(person=person, community=Community.objects.first(), concern="distress")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/search/?q=my+son+is+hearing+voices", "/search/list/?ids=1", "/request-follow-up/"]
)
def test_pages_that_reveal_what_a_person_looked_for_are_not_stored(client, path):
    assert "no-store" in client.get(path)["Cache-Control"]


@pytest.mark.django_db
def test_the_form_token_cookie_lasts_the_browser_session(client):
    client.get("/request-follow-up/")
    cookie = client.cookies[settings.CSRF_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]


# --- links and logs --------------------------------------------------------------------------------


def test_the_thank_you_link_does_not_carry_the_code_readably():
    receipt = receipt_for("F-7Q2M-KX4D")
    decoded = base64.urlsafe_b64decode(receipt + "=" * (-len(receipt) % 4))
    assert b"7Q2M" not in decoded and "7Q2M" not in receipt


@pytest.mark.django_db
def test_an_altered_or_old_receipt_is_refused(client, monkeypatch):
    request = FollowUpRequest.objects.create(relationship="family", name="Ann", phone="+12485550100",
                                             message="Call.", consent=True)  # fmt: skip
    receipt = receipt_for(request.reference)
    page = client.get(f"/request-follow-up/received/{receipt}/")
    assert page.status_code == 200 and request.reference in page.content.decode()
    assert client.get(f"/request-follow-up/received/{receipt[:-4]}AAAA/").status_code == 404
    later = time.time() + 2 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(f"/request-follow-up/received/{receipt}/").status_code == 404


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_access_log_has_paths_without_query_strings(tmp_path):
    """gunicorn with the repository's configuration, on loopback, for a few seconds."""
    log, port = tmp_path / "access.log", free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "GUNICORN_ACCESS_LOG": str(log)}
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(  # noqa: S603 - our own server, on loopback
        [gunicorn, "portal.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for path in ("/search/?q=my+son+is+hearing+voices", "/admin/casework/people/?q=Dana+Example"):
            fetch(f"http://127.0.0.1:{port}{path}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = log.read_text()
    assert '"GET /search/"' in text and '"GET /admin/casework/people/"' in text
    assert "hearing" not in text and "Dana" not in text and "?" not in text


def fetch(url, attempts=50):
    for _ in range(attempts):
        try:
            return urllib.request.urlopen(url, timeout=10).status  # noqa: S310 - loopback only
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer {url}")
