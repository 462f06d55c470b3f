from django.apps import AppConfig
from django.conf import settings


class ReferralsConfig(AppConfig):
    """The staff back office: follow-up requests, people, referrals, contacts, triage and audit."""

    name = "referrals"
    verbose_name = "Referrals"

    def ready(self):
        from referrals import audit  # noqa: F401 (registers the read actions)
        from referrals.encryption import key_ring
        from referrals.reports import kept

        kept.connect()  # casework saves forget the report's kept months they change

        if settings.FIELD_ENCRYPTION_KEY:
            key_ring()  # a malformed key stops the site at start, not at the first request
