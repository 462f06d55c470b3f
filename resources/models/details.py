"""Inline parts of a resource page (HSDS location, phone, schedule), edited inside the page."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from resources.hours import Weekday
from resources.validators import (
    format_phone,
    latitude_validators,
    longitude_validators,
    phone_href,
    validate_phone,
    validate_zip,
)

from .identity import HsdsExtraMixin, StableIdMixin

MIDNIGHT = datetime.time(0, 0)


class PhoneType(models.TextChoices):
    """HSDS phone types."""

    VOICE = "voice", "Voice"
    TEXT = "text", "Text message"
    TEXTPHONE = "textphone", "TTY"
    VIDEO = "video", "Video relay"
    FAX = "fax", "Fax"


class ServiceLocation(HsdsExtraMixin, StableIdMixin, Orderable):
    """Where a service is delivered (HSDS location and address).

    A confidential location (a shelter, say) is visible to staff only: public pages, search and
    exports show just the area it serves and the service's intake phone.
    """

    page = ParentalKey("resources.ResourcePage", on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(max_length=120, blank=True, help_text="Optional, e.g. “North office”.")
    address_1 = models.CharField("street address", max_length=120)
    address_2 = models.CharField("suite, floor", max_length=120, blank=True)
    city = models.CharField(max_length=80)
    state = models.CharField(max_length=2, default="MI")
    postal_code = models.CharField("ZIP code", max_length=10, validators=[validate_zip])
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, validators=latitude_validators
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, validators=longitude_validators
    )
    accessibility = models.CharField(
        max_length=250, blank=True, help_text="Step-free entrance, parking, bus routes…"
    )
    is_confidential = models.BooleanField(
        "confidential address",
        default=False,
        help_text="Hide the address from the public; only the city and intake phone are shown.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("address_1"),
        FieldPanel("address_2"),
        FieldRowPanel([FieldPanel("city"), FieldPanel("state"), FieldPanel("postal_code")]),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading="Coordinates"),
        FieldPanel("accessibility"),
        FieldPanel("is_confidential"),
    ]

    def __str__(self):
        return self.name or f"{self.address_1}, {self.city}"

    def clean(self):
        super().clean()
        self.state = (self.state or "").upper()
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            raise ValidationError({missing: "Give both latitude and longitude, or neither."})

    def directions_url(self):
        """An OpenStreetMap route to this place; never for a confidential location."""
        if self.is_confidential or self.latitude is None:
            return ""
        return f"https://www.openstreetmap.org/directions?route=%3B{self.latitude}%2C{self.longitude}"


class ServicePhone(StableIdMixin, Orderable):
    """A phone number for a service (HSDS phone)."""

    page = ParentalKey("resources.ResourcePage", on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=30, validators=[validate_phone])
    extension = models.CharField(max_length=10, blank=True)
    type = models.CharField(max_length=10, choices=PhoneType.choices, default=PhoneType.VOICE)
    description = models.CharField(
        max_length=120, blank=True, help_text="e.g. “Intake” or “24-hour crisis line”."
    )

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("extension"), FieldPanel("type")]),
        FieldPanel("description"),
    ]

    def __str__(self):
        return self.display_number()

    def clean(self):
        super().clean()
        if self.number:
            self.number = format_phone(self.number)

    def display_number(self):
        return format_phone(self.number)

    def href(self):
        """tel: or sms: link target, so a tap on a phone dials or opens messages."""
        scheme = "sms" if self.type == PhoneType.TEXT else "tel"
        return f"{scheme}:{phone_href(self.number)}"


class ServiceSchedule(StableIdMixin, Orderable):
    """Regular weekly opening hours (HSDS schedule), one row per day and opening.

    Times are wall-clock times in the site's time zone. A closing time of 00:00 means midnight at
    the end of that day; hours that run past midnight take two rows (Fri 20:00–00:00, Sat 00:00–02:00).
    """

    page = ParentalKey("resources.ResourcePage", on_delete=models.CASCADE, related_name="schedules")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    open_24_hours = models.BooleanField("open 24 hours", default=False)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True, help_text="00:00 means midnight.")

    panels = [
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("open_24_hours")]),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
    ]

    class Meta(Orderable.Meta):
        ordering = ["weekday", "opens_at"]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.hours_label()}"

    def clean(self):
        super().clean()
        if self.open_24_hours:
            self.opens_at = self.closes_at = None
            return
        if self.opens_at is None or self.closes_at is None:
            field = "opens_at" if self.opens_at is None else "closes_at"
            raise ValidationError({field: "Give opening and closing times, or tick “open 24 hours”."})
        if self.closes_at != MIDNIGHT and self.closes_at <= self.opens_at:
            message = "Closing must be after opening. For hours past midnight, add a row for the next day."
            raise ValidationError({"closes_at": message})
        if self.opens_at == MIDNIGHT and self.closes_at == MIDNIGHT:
            raise ValidationError({"closes_at": "For a whole day, tick “open 24 hours”."})

    def is_open_at(self, local_time):
        """Whether this opening covers `local_time` (a naive wall-clock time on the same weekday)."""
        if self.open_24_hours:
            return True
        return self.opens_at <= local_time and (self.closes_at == MIDNIGHT or local_time < self.closes_at)

    def hours_label(self):
        if self.open_24_hours:
            return "Open 24 hours"
        return f"{_clock(self.opens_at)} – {_clock(self.closes_at, end=True)}"


def _clock(value, end=False):
    if end and value == MIDNIGHT:
        return "midnight"
    return (
        value.strftime("%-I:%M %p").replace(":00 ", " ").lower().replace("am", "a.m.").replace("pm", "p.m.")
    )
