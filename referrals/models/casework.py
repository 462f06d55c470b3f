"""The clinician's casework: referrals (encounters and requests taken on), the directory services
each is linked to, and every follow-up contact. Personal text is encrypted; codes name records."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from referrals.encryption import EncryptedTextField
from referrals.models.codes import contact_code, link_code, referral_code


class Source(models.TextChoices):
    CO_RESPONSE = "co-response", "Co-response call"
    FAMILY_REQUEST = "family-request", "Follow-up request"
    WALK_IN = "walk-in", "Walk-in"
    PHONE = "phone", "Phone call"
    OTHER = "other", "Other"


class Concern(models.TextChoices):
    SUICIDAL = "suicidal", "Suicidal thoughts or attempt"
    SELF_HARM = "self-harm", "Self-harm"
    PSYCHOSIS = "psychosis", "Psychosis (voices, paranoia)"
    SUBSTANCE = "substance", "Alcohol or drug use"
    DISTRESS = "distress", "Emotional distress, anxiety or depression"
    CONFUSION = "confusion", "Confusion or dementia"
    FAMILY = "family", "Family conflict"
    HOUSING = "housing", "Housing or basic needs"
    WELFARE = "welfare", "Welfare check"
    OTHER = "other", "Other"


class Risk(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"
    IMMINENT = "imminent", "Imminent"


class Disposition(models.TextChoices):
    RESOLVED = "resolved", "Resolved on scene"
    VOLUNTARY_TRANSPORT = "voluntary-transport", "Voluntary transport"
    PETITION = "petition", "Petition / involuntary hold"
    ER_DIVERSION = "er-diversion", "ER diversion"
    JAIL_DIVERSION = "jail-diversion", "Jail diversion"
    ARREST = "arrest", "Arrest"
    OTHER = "other", "Other"


class Status(models.TextChoices):
    NEW = "new", "New"
    ACCEPTED = "accepted", "Accepted"
    IN_PROGRESS = "in-progress", "In progress"
    COMPLETED = "completed", "Completed"
    UNABLE_TO_REACH = "unable-to-reach", "Unable to reach"
    DECLINED = "declined", "Declined"
    TRANSFERRED = "transferred", "Transferred"


CLOSED = [Status.COMPLETED, Status.UNABLE_TO_REACH, Status.DECLINED, Status.TRANSFERRED]


class Outcome(models.TextChoices):
    CONNECTED = "connected", "Connected to services"
    STABLE = "stable", "Stable, no further need"
    ALREADY_IN_CARE = "already-in-care", "Already in care"
    REFERRED_ELSEWHERE = "referred-elsewhere", "Referred to another program"
    HOSPITALISED = "hospitalised", "Hospitalised"
    NOT_REACHED = "not-reached", "Could not be reached"
    DECLINED = "declined", "Declined help"
    MOVED = "moved", "Moved away"
    OTHER = "other", "Other"


class Referral(models.Model):
    """One co-response encounter or request taken on, followed until it is closed with an outcome."""

    reference = models.CharField(max_length=11, unique=True, default=referral_code, editable=False)
    person = models.ForeignKey("referrals.Person", on_delete=models.PROTECT, related_name="referrals")
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.CO_RESPONSE)
    police_department = models.CharField(max_length=80, blank=True)
    incident_number = models.CharField("incident / CAD number", max_length=40, blank=True, db_index=True)
    community = models.ForeignKey(
        "resources.Community",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Where the call came from: the partner community that shares the cost.",
    )
    occurred_at = models.DateTimeField("date and time", default=timezone.now, db_index=True)
    concern = models.CharField("presenting concern", max_length=12, choices=Concern.choices)
    concern_notes = EncryptedTextField("about the concern", max_length=2000, blank=True)
    risk = models.CharField("risk level", max_length=10, choices=Risk.choices, default=Risk.LOW)
    disposition = models.CharField("call disposition", max_length=20, choices=Disposition.choices, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW, db_index=True)
    outcome = models.CharField(
        max_length=20, choices=Outcome.choices, blank=True, help_text="Needed to close."
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="assigned clinician",
    )
    consent_to_share = models.BooleanField("consents to share with the services referred to", default=False)
    consent_date = models.DateField(null=True, blank=True)
    origin_request = models.OneToOneField(
        "referrals.FollowUpRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referral",
        editable=False,
    )
    next_contact_due = models.DateField(null=True, blank=True, editable=False, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)  # monthly report
    purged_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When its personal data was removed (retention)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["community", "occurred_at"])]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        self.incident_number = self.incident_number.strip().upper()  # found by an exact, indexed match
        self.purged_at = None  # whatever is saved now is data to purge in its turn
        if self.is_closed and self.closed_at is None:
            self.closed_at = timezone.now()
        elif not self.is_closed:
            self.closed_at = None
        self.next_contact_due = self.due_from_contacts()
        super().save(*args, **kwargs)

    @property
    def is_closed(self):
        return self.status in CLOSED

    def clean(self):
        errors = {}
        if self.is_closed and not self.outcome:
            errors["outcome"] = "Choose an outcome to close this referral."
        if self.consent_to_share and not self.consent_date:
            errors["consent_date"] = "Enter the date the person gave consent."
        if self.consent_date and self.consent_date > timezone.localdate():
            errors["consent_date"] = "The consent date cannot be in the future."
        if self.occurred_at and self.occurred_at > timezone.now() + datetime.timedelta(hours=1):
            errors["occurred_at"] = "The date and time cannot be in the future."
        if errors:
            raise ValidationError(errors)

    def due_from_contacts(self):
        """The open referral's next follow-up date: the one set by its latest contact (none once
        closed, so a closed referral is never overdue)."""
        if self.is_closed or not self.pk:
            return None
        latest = self.contacts.order_by("-contacted_at", "-pk").first()
        return latest.next_due if latest else None

    def refresh_next_contact_due(self):
        """After a contact is added, changed or removed; the referral's row is locked meanwhile, so
        two contacts saved at once cannot leave the older one's date."""
        Referral.objects.select_for_update().filter(pk=self.pk).first()
        self.next_contact_due = self.due_from_contacts()
        # a contact's notes after a purge are data to purge in their turn
        Referral.objects.filter(pk=self.pk).update(next_contact_due=self.next_contact_due, purged_at=None)


class LinkStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    REFERRED = "referred", "Referred"
    CONNECTED = "connected", "Connected"
    DECLINED = "declined", "Declined"
    NO_CAPACITY = "no-capacity", "No capacity"
    NOT_REACHED = "not-reached", "Could not contact"


class ReferralResource(models.Model):
    """A directory service a referral is connected to, with how that connection went."""

    reference = models.CharField(max_length=11, unique=True, default=link_code, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="resources")
    resource = models.ForeignKey(
        "resources.ResourcePage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    resource_title = models.CharField(max_length=255, editable=False, help_text="Kept if the page goes.")
    status = models.CharField(max_length=12, choices=LinkStatus.choices, default=LinkStatus.SUGGESTED)
    status_date = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["referral", "resource"], name="one_link_per_resource")]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        if self.resource_id:
            self.resource_title = self.resource.title
        super().save(*args, **kwargs)

    def clean(self):
        if self.resource_id and not type(self.resource).objects.filter(pk=self.resource_id).live().exists():
            raise ValidationError({"resource": "Choose a service that is published in the directory."})
        if self.status_date and self.status_date > timezone.localdate():
            raise ValidationError({"status_date": "The date cannot be in the future."})


class Method(models.TextChoices):
    PHONE = "phone", "Phone"
    TEXT = "text", "Text message"
    VISIT = "visit", "Visit"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"


class WithWhom(models.TextChoices):
    PERSON = "person", "The person"
    FAMILY = "family", "A family member"
    PROVIDER = "provider", "A provider"


class ContactOutcome(models.TextChoices):
    REACHED = "reached", "Reached"
    LEFT_MESSAGE = "left-message", "Left a message"
    NO_ANSWER = "no-answer", "No answer"
    WRONG_NUMBER = "wrong-number", "Wrong number"
    DECLINED = "declined", "Declined"


class FollowUpContact(models.Model):
    """One follow-up: when, how, with whom, how it went, and when the next one is due."""

    reference = models.CharField(max_length=11, unique=True, default=contact_code, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="contacts")
    contacted_at = models.DateTimeField("when", default=timezone.now, db_index=True)  # monthly report
    method = models.CharField(max_length=8, choices=Method.choices, default=Method.PHONE)
    with_whom = models.CharField(max_length=10, choices=WithWhom.choices, default=WithWhom.PERSON)
    outcome = models.CharField(max_length=14, choices=ContactOutcome.choices)
    notes = EncryptedTextField(max_length=4000, blank=True)
    next_due = models.DateField("next follow-up due", null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-contacted_at"]
        verbose_name = "follow-up contact"

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.referral.refresh_next_contact_due()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self.referral.refresh_next_contact_due()
        return result

    def clean(self):
        errors = {}
        if self.contacted_at and self.contacted_at > timezone.now() + datetime.timedelta(hours=1):
            errors["contacted_at"] = "A contact cannot be in the future: record it once it has happened."
        if self.next_due and self.contacted_at and self.next_due < timezone.localdate(self.contacted_at):
            errors["next_due"] = "The next follow-up must be on or after the day of this contact."
        if errors:
            raise ValidationError(errors)
