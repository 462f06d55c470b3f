"""What the public follow-up form creates. Holds personal data: staff-only, encrypted, never indexed
or logged."""

from django.db import models

from referrals import lookup_keys
from referrals.encryption import EncryptedCharField, EncryptedEmailField, EncryptedTextField
from referrals.models.codes import new_reference


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
    DUPLICATE = "duplicate", "Duplicate"
    SPAM = "spam", "Spam"


class FollowUpRequest(models.Model):
    """A family's, a friend's or a person's own request that the clinician get in touch.

    Untrusted input, triaged by the clinician. Each send is its own record: a later send never
    changes an earlier one (anyone can type someone else's phone number). A send from a phone or
    email seen in the past month points at the latest such request as a possible repeat, for the
    clinician to decide.
    """

    reference = models.CharField(max_length=11, unique=True, default=new_reference, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.NEW)

    relationship = models.CharField("who is asking", max_length=12, choices=Relationship.choices)
    name = EncryptedCharField("your name", max_length=100)
    phone = EncryptedCharField(max_length=20, blank=True, help_text="Stored in international format.")
    email = EncryptedEmailField(max_length=254, blank=True)
    best_time = models.CharField(
        "best time to contact", max_length=10, choices=BestTime.choices, default=BestTime.ANY
    )
    community = models.ForeignKey(
        "resources.Community", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = EncryptedCharField("who the request is about", max_length=40, blank=True)
    message = EncryptedTextField("what happened and what help is wanted", max_length=2000)
    resource = models.ForeignKey(
        "resources.ResourcePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent = models.BooleanField(default=False)

    phone_key = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    email_key = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    possible_repeat_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Set by triage: the request this one repeats.",
    )
    duplicate_of_referral = models.ForeignKey(
        "referrals.Referral",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Set by triage: the referral this request repeats.",
    )
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    purged_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When its personal data was removed (retention)."
    )

    # What the public form asks, in its order (the form and the inbox's detail view share it).
    FORM_FIELDS = [
        "relationship",
        "name",
        "phone",
        "email",
        "best_time",
        "community",
        "person",
        "message",
        "resource",
        "consent",
    ]

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "follow-up request"

    def __str__(self):
        return f"Follow-up request {self.reference}"

    def save(self, *args, **kwargs):
        for name, digest in self.lookup_fields().items():
            setattr(self, name, digest)
        self.purged_at = None  # whatever is saved now is data to purge in its turn
        super().save(*args, **kwargs)

    def lookup_fields(self):
        """The look-up digests of the encrypted contact values, as stored beside them."""
        return {
            "phone_key": lookup_keys.phone_key(self.phone),
            "email_key": lookup_keys.email_key(self.email),
        }
