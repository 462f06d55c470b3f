from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.demo import DEMO_ACCOUNTS, create_demo_accounts
from referrals.demo import load_demo_casework
from resources.demo import load_demo_directory
from search import indexing


class Command(BaseCommand):
    help = (
        "Load the demonstration directory (invented services, 555-01xx numbers), fictional casework "
        "for the clinician, and one account per role, with the password from DEMO_PASSWORD, and "
        "rebuild the database search index. Safe to run again: existing data is left alone."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_PASSWORD:
            raise CommandError("Set DEMO_PASSWORD to choose the demo accounts' password.")
        created = load_demo_directory(progress=self.progress)
        accounts = create_demo_accounts(settings.DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS(f"Demo directory: {created} new resource pages."))
        self.stdout.write(f"Demo casework: {load_demo_casework()} new referrals (fictional people).")
        # Rebuilt, not only kept in step by publishing: a database from an older release may hold
        # entries written before the search tables gained a column.
        self.stdout.write(f"Search index: {indexing.rebuild()} resources.")
        self.stdout.write(
            f"Demo accounts ({len(accounts)} new), password from DEMO_PASSWORD (development default: demo):"
        )
        for username, group, _ in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<10} {group or 'Administrator'}")

    def progress(self, done, total):
        if done % 10 == 0 or done == total:
            self.stdout.write(f"Resources: {done}/{total}")
