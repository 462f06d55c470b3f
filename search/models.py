import uuid

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    """The searchable text of one published resource page, kept in step with publishing.

    The database backend answers from here alone: text through an FTS5 table on SQLite or a
    GIN-indexed `tsvector` on PostgreSQL (both created by this app's migrations), facets from
    `SearchFacet`, distance from `SearchPoint`, hits from the columns below. Holds only public
    directory data, never personal data.
    """

    page = models.OneToOneField(
        "resources.ResourcePage", primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    uuid = models.UUIDField()
    title = models.CharField(max_length=255)
    summary = models.CharField(max_length=300)
    url = models.CharField(max_length=255)
    text = models.TextField()
    is_crisis = models.BooleanField(default=False)
    is_24_7 = models.BooleanField(default=False)
    card = models.JSONField(default=dict)  # what the hit shows: phone, town, hours … (search.cards)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self):
        return self.title


class SearchPoint(models.Model):
    """A public point where a resource is found, for distance filters and sorting.

    Confidential locations are never stored here: their service areas' centres stand in.
    """

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="points")
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self):
        return f"{self.latitude:.4f}, {self.longitude:.4f}"


class SearchFacet(models.Model):
    """One facet value of one entry (language "es", category "food" …), for filters and counts.

    A category is stored with its parent too, so a parent's filter and count include its children.
    """

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=12)
    value = models.CharField(max_length=80)

    class Meta:
        indexes = [models.Index(fields=["facet", "value", "entry"])]

    def __str__(self):
        return f"{self.facet}={self.value}"


class SearchOpening(models.Model):
    """A weekly opening of a resource as minutes since Monday 00:00 (end exclusive), for "open now"."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="openings")
    starts = models.PositiveIntegerField()
    ends = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.starts}-{self.ends}"


class SearchIndexState(models.Model):
    """One row whose token changes, in the same transaction, with every write to the search tables.

    Worker processes keep an in-memory copy of those tables (`search.backends.snapshot`); a
    different token tells them their copy is out of date. A random token rather than a counter,
    so a rolled-back or restored database can never look current to an older copy; the version
    orders the changes, and each change is logged (`SearchChange`) so a copy can catch up by
    re-reading only the pages that changed.
    """

    token = models.UUIDField(default=uuid.uuid4)
    version = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.token)

    @classmethod
    def current(cls):
        """(token, version) as this transaction sees them; (None, 0) before the first write."""
        return cls.objects.values_list("token", "version").first() or (None, 0)

    @classmethod
    def change(cls, page_ids=None):
        """Log a change of the search tables: `page_ids`, or everything when None. Call inside the
        transaction that writes them; the row lock taken here orders concurrent writers."""
        state = cls.objects.select_for_update().first() or cls.objects.create()
        before = state.token
        state.token, state.version = uuid.uuid4(), state.version + 1
        state.save(update_fields=["token", "version"])
        SearchChange.objects.create(
            version=state.version, token_before=before, token_after=state.token, page_ids=page_ids
        )
        SearchChange.objects.filter(version__lte=state.version - SearchChange.KEPT).delete()


class SearchChange(models.Model):
    """One write to the search tables: which pages changed (None: all of them), between which tokens."""

    KEPT = 500  # a copy further behind than this many changes reloads everything

    version = models.BigIntegerField(unique=True)
    token_before = models.UUIDField(null=True)
    token_after = models.UUIDField()
    page_ids = models.JSONField(null=True)

    def __str__(self):
        return f"change {self.version}"
