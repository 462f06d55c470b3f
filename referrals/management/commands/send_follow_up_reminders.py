"""Queue the clinicians' daily reminder email (run it each morning, e.g. from cron at 7:30)."""

from django.core.management.base import BaseCommand

from referrals.tasks import send_daily_reminders


class Command(BaseCommand):
    help = "Queue each clinician's daily email with the counts of follow-ups due (no personal data)."

    def handle(self, *args, **options):
        result = send_daily_reminders.enqueue()
        self.stdout.write(f"Daily reminders queued ({result.status}).")
