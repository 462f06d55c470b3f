import uuid

from django.db import models


class StableIdMixin(models.Model):
    """A UUID that never changes, used as the record's id when exchanging HSDS data."""

    uuid = models.UUIDField("UUID", default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class HsdsExtraMixin(models.Model):
    """HSDS fields the directory has no place for (contacts, a program, funding, non-weekly hours,
    virtual locations …), kept as an import brought them so that an export gives them back
    (`resources.hsds.kept`). Not edited in the admin: editors change what residents see, and these
    travel on untouched."""

    hsds_extra = models.JSONField("HSDS fields kept from an import", default=dict, blank=True, editable=False)

    class Meta:
        abstract = True
