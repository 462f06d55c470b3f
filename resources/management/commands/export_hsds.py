from django.core.management.base import BaseCommand

from portal.progress import ProgressBar
from resources.hsds import serialize
from resources.hsds.export import export_directory


class Command(BaseCommand):
    help = (
        "Export the directory's public data as Open Referral HSDS 3.0 into DIR: a tabular data package "
        "(datapackage.json and one CSV per table) and JSON (services.json with full service records, "
        "organizations.json, taxonomy_terms.json, taxonomies.json). Published services only."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="The folder to write into (created if missing).")

    def handle(self, *args, directory, **options):
        bar = ProgressBar(self.stdout, serialize.published_services().count(), "Exporting services")
        count = export_directory(directory, progress=bar.advance)
        bar.finish()
        self.stdout.write(self.style.SUCCESS(f"Exported {count} services to {directory}."))
