"""Which communities a partner department's account may see counts for."""

from django.conf import settings
from django.db import models


class PartnerMembership(models.Model):
    """A user of the *Partner viewers* group tied to one community; they see that community's counts
    and nothing else. Several rows give several communities."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_memberships"
    )
    community = models.ForeignKey("resources.Community", on_delete=models.CASCADE, related_name="+")

    wagtail_reference_index_ignore = True

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="one_membership_per_community")
        ]

    def __str__(self):
        return f"partner access {self.pk}"
