"""Rate limit (429), client address behind trusted proxies, honeypot, CSRF failure, repeats."""

import re

import pytest
from django.test import Client, RequestFactory

from portal.client_address import client_address
from referrals.models import FollowUpRequest, RequestStatus

from .conftest import FORM_URL

pytestmark = pytest.mark.django_db


def contact(number):
    return {"phone": f"248-555-01{number:02d}"}


def test_over_the_limit_is_a_429_that_keeps_the_words_and_says_when(post, valid, settings):
    settings.FOLLOW_UP_RATE = "3/h"
    for number in range(3):
        assert post({**valid, **contact(number)}).status_code == 302
    refused = post({**valid, **contact(9), "message": "Please call my sister tonight."})
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Please call my sister tonight." in page and "Dana Example" in page
    assert "try again in about" in page and "988" in page and "911" in page
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert FollowUpRequest.objects.count() == 3


def test_mistakes_do_not_use_up_the_allowance(post, valid, settings):
    settings.FOLLOW_UP_RATE = "2/h"
    for _ in range(5):
        assert post({**valid, "phone": "12"}).status_code == 400
    assert post(valid).status_code == 302


def test_the_limit_resets_when_its_window_ends(post, valid, settings, monkeypatch):
    settings.FOLLOW_UP_RATE = "1/m"
    clock = [1_000_000.0]
    monkeypatch.setattr("django_ratelimit.core.time.time", lambda: clock[0])
    assert post({**valid, **contact(1)}).status_code == 302
    assert post({**valid, **contact(2)}).status_code == 429
    clock[0] += 61
    assert post({**valid, **contact(3)}).status_code == 302


def test_each_client_address_has_its_own_allowance(post, valid, settings):
    settings.FOLLOW_UP_RATE = "1/h"
    assert post({**valid, **contact(1)}, REMOTE_ADDR="10.0.0.1").status_code == 302
    assert post({**valid, **contact(2)}, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert post({**valid, **contact(3)}, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_a_forged_forwarded_header_is_ignored_without_trusted_proxies(post, valid, settings):
    settings.FOLLOW_UP_RATE = "1/h"
    settings.TRUSTED_PROXY_COUNT = 0
    assert post({**valid, **contact(1)}, HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 302
    assert post({**valid, **contact(2)}, HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429


def test_behind_one_trusted_proxy_the_address_it_saw_counts(post, valid, settings):
    settings.FOLLOW_UP_RATE = "1/h"
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.9"}
    assert post({**valid, **contact(1)}, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).status_code == 302
    # The client prepends a forged address; the proxy still appends the real one.
    forged = "198.51.100.7, 203.0.113.5"
    assert post({**valid, **contact(2)}, HTTP_X_FORWARDED_FOR=forged, **proxy).status_code == 429
    assert post({**valid, **contact(3)}, HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "10.0.0.1", "1.2.3.4", "10.0.0.1"),
        (1, "10.0.0.1", "1.2.3.4", "1.2.3.4"),
        (1, "10.0.0.1", "6.6.6.6, 1.2.3.4", "1.2.3.4"),
        (2, "10.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.2", "1.2.3.4"),
        (2, "10.0.0.1", "1.2.3.4", "10.0.0.1"),  # fewer entries than proxies: not via our proxies
        (1, "10.0.0.1", "", "10.0.0.1"),
        (1, "10.0.0.1", "not-an-address", "10.0.0.1"),
        (1, "10.0.0.1", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().post(FORM_URL, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_a_filled_honeypot_looks_accepted_is_kept_as_spam_and_notifies_nobody(
    post, valid, mailoutbox, clinician
):
    clinician.email = "clinician@example.org"
    clinician.save()
    response = post({**valid, "website": "http://spam.example"})
    assert response.status_code == 302 and "/received/" in response["Location"]
    stored = FollowUpRequest.objects.get()
    assert stored.status == RequestStatus.SPAM
    assert mailoutbox == []


def test_a_csrf_failure_brings_the_form_back_with_the_words_and_one_more_send_works(valid):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(FORM_URL, valid)
    assert response.status_code == 403
    page = response.content.decode()
    assert "send the form again" in page.lower() and "My brother had a hard night" in page
    assert FollowUpRequest.objects.count() == 0
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert strict.post(FORM_URL, {**valid, "csrfmiddlewaretoken": token}).status_code == 302
    assert FollowUpRequest.objects.count() == 1


def test_a_csrf_failure_elsewhere_is_a_friendly_page():
    response = Client(enforce_csrf_checks=True).post("/search/")
    assert response.status_code == 403 and "try again" in response.content.decode()


def test_a_later_send_with_someone_elses_phone_never_changes_their_request_or_shows_its_code(
    post, valid, client
):
    """Anyone can type another person's number: the second send is its own request, pointing at
    the first for the clinician, and its sender sees only their own code."""
    first = post(valid)
    second = post({**valid, "name": "Stranger", "email": "attacker@example.com", "message": "Only email me."})
    earlier, later = FollowUpRequest.objects.order_by("created_at", "pk")
    assert (earlier.name, earlier.email, earlier.message) == (valid["name"], "", valid["message"])
    assert later.possible_repeat_of == earlier and earlier.possible_repeat_of is None
    assert later.email == "attacker@example.com" and later.reference != earlier.reference
    second_page = client.get(second["Location"]).content.decode()
    assert later.reference in second_page and earlier.reference not in second_page
    assert earlier.reference in client.get(first["Location"]).content.decode()


def test_a_repeat_is_recognised_however_the_number_or_address_is_written(post, valid):
    post({**valid, "phone": "", "email": "Dana@Example.com"})
    post({**valid, "phone": "(248) 555 0123", "email": ""})
    post({**valid, "phone": "+1 248-555-0123", "email": " dana@example.COM "})
    first, second, third = FollowUpRequest.objects.order_by("created_at", "pk")
    assert second.possible_repeat_of is None
    assert third.possible_repeat_of == second
    assert {third.phone_key, third.email_key} == {second.phone_key, first.email_key}


def test_after_a_month_a_send_from_the_same_contact_is_not_flagged(post, valid):
    post(valid)
    FollowUpRequest.objects.update(created_at="2020-01-01T00:00:00Z")
    post(valid)
    assert FollowUpRequest.objects.filter(possible_repeat_of__isnull=False).count() == 0
    assert FollowUpRequest.objects.count() == 2


def test_spam_is_never_offered_as_the_earlier_request(post, valid):
    post({**valid, "website": "http://spam.example"})
    post(valid)
    assert FollowUpRequest.objects.filter(possible_repeat_of__isnull=False).count() == 0
