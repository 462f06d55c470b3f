"""Remove the personal data of casework past the retention period (see referrals.retention)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from referrals.retention import purge


class Command(BaseCommand):
    help = (
        "Remove the personal data of referrals closed, and requests triaged, more than DAYS ago "
        "(default REFERRAL_RETENTION_DAYS), keeping the anonymous counts the reports need."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, metavar="DAYS", default=None)
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be removed; change nothing."
        )

    def handle(self, *args, older_than=None, dry_run=False, **options):
        days = settings.REFERRAL_RETENTION_DAYS if older_than is None else older_than
        if days < 1:
            raise CommandError("--older-than must be at least 1 day.")
        counts = purge(days, dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(
            f"{verb} the personal data of {counts.referrals} referrals closed over {days} days ago "
            f"(and the notes of their {counts.contacts} contacts), {counts.people} people with nothing "
            f"open or recent, and {counts.requests} triaged requests."
        )
