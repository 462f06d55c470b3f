"""The people the clinician meets: minimum necessary data, encrypted, found by blind indexes."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from referrals import lookup_keys
from referrals.encryption import EncryptedCharField, EncryptedDateField, EncryptedEmailField
from referrals.models.codes import person_code
from referrals.models.requests import BestTime


class Person(models.Model):
    """Someone the program serves. Repeat encounters link to the same person, decided by the
    clinician from the matches offered (`referrals.matching`); people are never merged silently."""

    reference = models.CharField(max_length=11, unique=True, default=person_code, editable=False)
    first_name = EncryptedCharField(max_length=60, blank=True)
    last_name = EncryptedCharField(max_length=60, blank=True)
    date_of_birth = EncryptedDateField(null=True, blank=True)
    age_estimate = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="When the date of birth is not known."
    )
    phone = EncryptedCharField(max_length=20, blank=True, help_text="A US number with area code.")
    email = EncryptedEmailField(max_length=254, blank=True)
    preferred_language = models.ForeignKey(
        "resources.Language", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    community = models.ForeignKey(
        "resources.Community", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    voicemail_ok = models.BooleanField("a voicemail may be left", null=True, blank=True)
    text_ok = models.BooleanField("text messages are welcome", null=True, blank=True)
    best_time = models.CharField(max_length=10, choices=BestTime.choices, default=BestTime.ANY)
    do_not_call = models.BooleanField(
        "do not contact at this number", default=False, help_text="For example, someone else answers it."
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    purged_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When its personal data was removed (retention)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    phone_key = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    email_key = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    birth_key = models.CharField(max_length=32, blank=True, db_index=True, editable=False)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        """Keeps the look-up digests in step with the encrypted values, in the same transaction."""
        for name, digest in self.lookup_fields().items():
            setattr(self, name, digest)
        self.purged_at = None  # whatever is saved now is data to purge in its turn
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.refresh_name_keys()

    def clean(self):
        errors = {}
        if not (self.first_name.strip() or self.last_name.strip()):
            errors["first_name"] = "Enter a first or last name, or what the person is known as."
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            errors["date_of_birth"] = "The date of birth cannot be in the future."
        elif self.date_of_birth and self.date_of_birth < datetime.date(1900, 1, 1):
            errors["date_of_birth"] = "Check the year of birth."
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self):
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    def lookup_fields(self):
        """The look-up digests of the encrypted contact values, as stored beside them."""
        return {
            "phone_key": lookup_keys.phone_key(self.phone),
            "email_key": lookup_keys.email_key(self.email),
            "birth_key": lookup_keys.birth_key(self.date_of_birth),
        }

    def refresh_name_keys(self):
        self.name_keys.all().delete()
        digests = lookup_keys.name_keys(self.first_name, self.last_name)
        PersonNameKey.objects.bulk_create(PersonNameKey(person=self, digest=d) for d in sorted(digests))


class PersonNameKey(models.Model):
    """One look-up digest of a person's name: each word, its sound, and its formal name
    (Bob → Robert), so staff find a person by name without a name stored in plain text."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    digest = models.CharField(max_length=32, db_index=True)

    wagtail_reference_index_ignore = True

    class Meta:
        constraints = [models.UniqueConstraint(fields=["digest", "person"], name="one_name_key_per_person")]

    def __str__(self):
        return f"name key of {self.person_id}"
