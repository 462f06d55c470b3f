from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    """The staff back office: follow-up requests, referrals, contacts and reports (built in later issues)."""

    name = "referrals"
    verbose_name = "Referrals"
