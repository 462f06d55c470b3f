"""Property-based tests of the public follow-up form: whatever is sent, never a server error; a
refused send is a 400 with field messages, what was typed shown back and nothing stored; an
accepted one stores exactly one request."""

import pytest
from django.core.cache import cache
from django.utils.html import escape
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from referrals.models import FollowUpRequest

pytestmark = pytest.mark.django_db

TRICKY = [
    "", " ", "\x00", "²", "４８３２６", "248-555-０１２３", "+1 248 555 0123", "248-555-0123",
    "555-0123", "9" * 5000, "name@example.org", "NAME@EXAMPLE.ORG ", "a@b", "family", "self",
    "evening", "birmingham", "other", "atlantis", "on", "off", "00000000-0000-0000-0000-000000000000",
    "<script>alert(1)</script>", "' OR 1=1 --", "x" * 1001,
]  # fmt: skip
VALUE = st.one_of(st.sampled_from(TRICKY), st.text(max_size=40))
FIELDS = ["relationship", "name", "phone", "email", "best_time", "community", "person", "message",
          "consent", "website", "resource"]  # fmt: skip
OVERRIDES = st.dictionaries(st.sampled_from(FIELDS), VALUE, max_size=4)
TYPED = ("name", "phone", "email", "person", "message")  # text boxes a person fills in


def shown_back(body, form, sent):
    for name in TYPED:
        typed = sent.get(name, "")
        if typed.strip() and "\r" not in typed:
            assert escape(typed) in body, (name, typed)
    for errors in form.errors.values():
        assert escape(errors[0]) in body


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(overrides=OVERRIDES)
@example(overrides={"phone": "248-555-０１２３"})
@example(overrides={"phone": "２４８５５５０１２３", "email": "\x00"})
@example(overrides={"community": "4834０", "message": "\x00"})
@example(overrides={"resource": "²"})
def test_any_send_is_stored_whole_or_refused_with_what_was_typed(post, valid, overrides):
    cache.clear()  # the rate limit counts accepted sends; each example is a new sender
    sent = {**valid, **overrides}
    before = FollowUpRequest.objects.count()
    response = post(sent)
    if response.status_code == 302:
        assert FollowUpRequest.objects.count() == before + 1
        return
    assert response.status_code == 400 and FollowUpRequest.objects.count() == before
    form = response.context["form"]
    assert form.errors
    shown_back(response.content.decode(), form, sent)
