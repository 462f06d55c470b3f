"""Password reset that says nothing about who has an account, not even by its timing.

Django's form sends the email during the request when the address belongs to someone, and answers
at once when it does not: the difference shows. Here every request queues the same task and answers
the same page at once; the task looks the address up and sends the email, if any.
"""

from django.conf import settings
from django_tasks import task
from wagtail.admin.forms.auth import PasswordResetForm

SUBJECT = "wagtailadmin/account/password_reset/email_subject.txt"
BODY = "wagtailadmin/account/password_reset/email.txt"


class QueuedPasswordResetForm(PasswordResetForm):
    def save(self, *args, request=None, use_https=False, **kwargs):
        domain = request.get_host() if request is not None else settings.WAGTAILADMIN_BASE_URL
        send_password_reset.enqueue(email=self.cleaned_data["email"], domain=domain, use_https=use_https)


@task()
def send_password_reset(email, domain, use_https):
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name=SUBJECT,
            email_template_name=BODY,
        )
