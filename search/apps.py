from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The resource search service and its backends (database, Elasticsearch)."""

    name = "search"
    verbose_name = "Resource search"

    def ready(self):
        from search import signals

        signals.connect()
