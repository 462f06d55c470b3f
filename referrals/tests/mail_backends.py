"""A mail server that is down: the one thing these tests stand in for (no SMTP server here)."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class UnreachableServerBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
