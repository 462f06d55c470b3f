"""Completed months of the activity report, kept so that a year's report is read rather than counted
(see referrals/reports/kept.py for when a kept month is trusted and when it is forgotten)."""

from django.db import models


class ActivityMonth(models.Model):
    """One community's counts for one completed calendar month: numbers only, no personal data."""

    community = models.ForeignKey("resources.Community", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month, in the program's time zone.")
    definitions = models.PositiveIntegerField(help_text="The version of the measures' definitions.")
    values = models.JSONField()

    wagtail_reference_index_ignore = True

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "month"], name="one_kept_month_per_community")
        ]

    def __str__(self):
        return f"activity {self.month:%Y-%m} of community {self.community_id}"


class ActivityGeneration(models.Model):
    """One row, counted up whenever casework changes a kept month. A count is only kept if the
    generation did not move while it was being made, checked under this row's lock."""

    value = models.PositiveBigIntegerField(default=0)

    wagtail_reference_index_ignore = True

    def __str__(self):
        return f"activity generation {self.value}"
