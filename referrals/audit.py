"""The audit trail. Wagtail logs every write itself; reads (lists, searches, record pages,
histories, prints, exports), triage and refused attempts on personal records are logged here.

Entries are labelled by reference code only (the log keeps labels for good) and never hold a name,
a search term or any other personal value. No admin view edits or deletes log entries.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

ACTIONS = {
    "referrals.list": ("Listed", "Shown in a list"),
    "referrals.search": ("Found by a search", "Shown in search results"),
    "referrals.view": ("Viewed", "Record opened"),
    "referrals.history": ("History viewed", "History opened"),
    "referrals.print": ("Printed", "Printable page opened"),
    "referrals.export": ("Exported", "Included in an export"),
    "referrals.triage": ("Triaged", "Request triaged"),
    "referrals.contact_logged": ("Contact logged", "A follow-up contact was logged"),
    "referrals.service_linked": ("Service linked", "A directory service was linked"),
    "referrals.refused": ("Refused", "Access refused"),
    "referrals.purged": ("Personal data removed", "Personal data removed after the retention period"),
}


@hooks.register("register_log_actions")
def register_read_actions(actions):
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)


def record(user, instances, action, **data):
    """One entry per record, labelled by its code; a list's entries in one INSERT (Wagtail's `log()`
    validates each entry with two queries before its own INSERT: 60 queries for a page of 20)."""
    if action not in ACTIONS:
        raise ValueError(f"Unregistered audit action {action!r}")
    instances = list(instances)
    if not instances:
        return
    now = timezone.now()
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
            label=label(instance),
            action=action,
            user=user,
            timestamp=now,
            data=data,
        )
        for instance in instances
    )


def refused(request, instance=None):
    """A refused attempt, on the record asked for, else on the user who asked (a list or a form)."""
    # The user as a plain model instance: request.user is a lazy wrapper (django-otp's, around
    # Django's), which the log registry does not recognise as a model.
    target = instance if instance is not None else get_user_model().objects.get(pk=request.user.pk)
    log(target, "referrals.refused", user=request.user, title=label(target), data={"path": request.path})


def label(instance):
    return getattr(instance, "reference", None) or str(instance)
