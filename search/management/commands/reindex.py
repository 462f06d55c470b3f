from django.core.management.base import BaseCommand

from search import elastic, indexing


class Command(BaseCommand):
    help = (
        "Rebuild the search indexes from the published resource pages, with progress: the database "
        "index always, and Elasticsearch when ELASTICSEARCH_URL is set (new index, bulk load, atomic "
        "alias swap, so searches keep answering during the rebuild)."
    )

    def handle(self, *args, **options):
        count = indexing.rebuild(progress=self.progress("database"))
        self.stdout.write(self.style.SUCCESS(f"Database search index: {count} resources."))
        if elastic.is_configured():
            count = elastic.rebuild(progress=self.progress("Elasticsearch"))
            self.stdout.write(self.style.SUCCESS(f"Elasticsearch index: {count} resources."))

    def progress(self, name):
        def report(done, total):
            self.stdout.write(f"  {name}: {done}/{total}")

        return report
