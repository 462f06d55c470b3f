from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    help = "Rebuild the search index from the published resource pages, with progress."

    def handle(self, *args, **options):
        count = indexing.rebuild(progress=self.progress)
        self.stdout.write(self.style.SUCCESS(f"Database search index: {count} resources."))

    def progress(self, done, total):
        self.stdout.write(f"  indexed {done}/{total}")
