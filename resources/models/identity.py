import uuid

from django.db import models


class StableIdMixin(models.Model):
    """A UUID that never changes, used as the record's id when exchanging HSDS data."""

    uuid = models.UUIDField("UUID", default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True
