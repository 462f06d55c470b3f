from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    """The searchable text of one published resource page, kept in step with publishing.

    The database backend matches text here — through an FTS5 table on SQLite and a GIN-indexed
    `tsvector` on PostgreSQL, both created by this app's migrations — and filters and counts
    facets on the page itself. Holds only public directory text, never personal data.
    """

    page = models.OneToOneField(
        "resources.ResourcePage", primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    title = models.CharField(max_length=255)
    text = models.TextField()
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
