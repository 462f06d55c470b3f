import contextlib
import gc
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.progress import ProgressBar
from resources.hsds import tables
from resources.hsds.importer import Importer
from resources.hsds.reading import records_in


class Command(BaseCommand):
    help = (
        "Import Open Referral HSDS 3.0 data: a JSON file (one record, a list, or an API page) or a "
        "tabular data package (its folder or its datapackage.json). Organizations, categories and "
        "services are created or updated by id; services become drafts for review unless --publish. "
        "Each record is stored whole or not at all; every bad record and field is reported."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="An HSDS JSON file, or a data package folder or datapackage.json.")
        parser.add_argument("--publish", action="store_true", help="Publish the imported services.")

    def handle(self, *args, path, publish, **options):
        items = read(Path(path), self.stdout)
        try:
            importer = Importer(publish=publish)
        except LookupError as error:
            raise CommandError(str(error)) from error
        bar = ProgressBar(self.stdout, len(items), "Importing")
        with fewer_collections():
            report = importer.run(items, progress=bar.advance, checking_tree=lambda: self.checking_tree(bar))
        bar.finish()
        self.stdout.write(self.style.SUCCESS(report.summary()))
        if report.problems:
            self.stdout.write(
                f"\n{len(report.problems)} problems (each line says what was left out or kept):"
            )
            for problem in report.problems:
                self.stdout.write(f"  {problem}")
        if report.tree_problems:
            found = "; ".join(f"{kind}: pages {ids}" for kind, ids in report.tree_problems.items())
            raise CommandError(
                f"The page tree is inconsistent after the import ({found}). Run manage.py fixtree."
            )
        if report.failed:
            raise CommandError(f"{report.failed} records were not imported; see the problems above.")

    def checking_tree(self, bar):
        bar.finish()
        self.stdout.write("Checking the page tree (treebeard's check: about 1.5 s per thousand pages)…")


@contextlib.contextmanager
def fewer_collections():
    """An import makes hundreds of thousands of short-lived objects, and Python's cycle collector,
    at its default thresholds, spent about a tenth of the CPU looking through them and the objects
    loaded before (10,000 services: 38 → 35 s of CPU as drafts, 43 → 35 s published)."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def read(path, out):
    """(kind, record) items from a JSON file or a tabular data package (whose rows that belong to
    no record are reported on `out`)."""
    if path.is_dir() or path.name == "datapackage.json":
        folder = path if path.is_dir() else path.parent
        if not any(folder.glob("*.csv")):
            raise CommandError(f"{folder} has no CSV files of an HSDS data package.")
        records, unplaced = tables.read_package(folder)
        for table, count in unplaced.items():
            out.write(
                f"{tables.file_name(table)}: rows that name no record in the package, not imported: {count:,}"
            )
        return records
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
    except (UnicodeDecodeError, ValueError) as error:
        raise CommandError(f"{path} is not JSON: {error}.") from error
    return records_in(data)
