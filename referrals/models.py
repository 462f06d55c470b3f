"""What the public follow-up form creates. Holds personal data: staff-only, never indexed or logged."""

import secrets

from django.db import models
from django.db.models import Q

# No 0/O or 1/I/L, so a code read out over the phone is not misheard.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10  # 31^10 ≈ 8·10^14: not guessable


def new_reference():
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{code[:5]}-{code[5:]}"


class Relationship(models.TextChoices):
    SELF = "self", "I am asking for myself"
    FAMILY = "family", "Family member"
    FRIEND = "friend", "Friend or neighbour"
    PROFESSIONAL = "professional", "Professional (teacher, doctor, case worker …)"


class BestTime(models.TextChoices):
    ANY = "any", "Any time"
    MORNING = "morning", "Morning (9 am – noon)"
    AFTERNOON = "afternoon", "Afternoon (noon – 5 pm)"
    EVENING = "evening", "Evening (5 – 8 pm)"


class RequestStatus(models.TextChoices):
    NEW = "new", "New"
    IN_PROGRESS = "in-progress", "In progress"
    CLOSED = "closed", "Closed"
    SPAM = "spam", "Spam"


class FollowUpRequest(models.Model):
    """A family's, a friend's or a person's own request that the clinician get in touch.

    Untrusted input: the clinician triages it. A second request from the same contact within
    ten minutes is merged into the first (`submissions` counts them), so a double click or an
    anxious resend does not create two cases.
    """

    reference = models.CharField(max_length=11, unique=True, default=new_reference, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.NEW)

    relationship = models.CharField("who is asking", max_length=12, choices=Relationship.choices)
    name = models.CharField("your name", max_length=100)
    phone = models.CharField(max_length=20, blank=True, help_text="Stored in international format.")
    email = models.EmailField(max_length=254, blank=True)
    best_time = models.CharField(
        "best time to contact", max_length=10, choices=BestTime.choices, default=BestTime.ANY
    )
    community = models.ForeignKey(
        "resources.Community", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.CharField("who the request is about", max_length=40, blank=True)
    message = models.TextField("what happened and what help is wanted", max_length=2000)
    resource = models.ForeignKey(
        "resources.ResourcePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent = models.BooleanField(default=False)

    contact_key = models.CharField(max_length=64, editable=False)
    window = models.BigIntegerField(editable=False, help_text="Ten-minute window of the first submission.")
    submissions = models.PositiveSmallIntegerField(default=1, editable=False)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    # What the public form asks, in its order (the form and the inbox's detail view share it).
    FORM_FIELDS = [
        "relationship", "name", "phone", "email", "best_time", "community", "person", "message", "resource",
        "consent",
    ]  # fmt: skip

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "follow-up request"
        constraints = [
            # Two simultaneous first submissions from one contact cannot both create a request.
            models.UniqueConstraint(
                fields=["contact_key", "window"], condition=~Q(status="spam"), name="one_request_per_window"
            )
        ]

    def __str__(self):
        return f"Follow-up request {self.reference}"
