"""Re-encrypt every personal value under the current key, and recompute every look-up digest.

Rotation: put the new key in FIELD_ENCRYPTION_KEY and the old one in FIELD_ENCRYPTION_PREVIOUS_KEYS,
restart, run this command, then drop the old key. Values are read under either key throughout;
name and contact look-ups (staff search, repeat detection) find rows once this command has passed
them, because their digests are keyed by the current key.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from referrals.encryption import EncryptedMixin, new_key


def encrypted_models():
    """Every model with an encrypted field, and the names of those fields."""
    for model in apps.get_app_config("referrals").get_models():
        fields = [field.name for field in model._meta.fields if isinstance(field, EncryptedMixin)]
        if fields:
            yield model, fields


class Command(BaseCommand):
    help = "Re-encrypt personal data under FIELD_ENCRYPTION_KEY (or print a new key with --new-key)."

    def add_arguments(self, parser):
        parser.add_argument("--new-key", action="store_true", help="Print a fresh key and stop.")
        parser.add_argument("--batch", type=int, default=500, help="Rows per transaction.")

    def handle(self, *args, batch=500, **options):
        if options["new_key"]:
            self.stdout.write(new_key())
            return
        for model, fields in encrypted_models():
            total = model.objects.count()
            done = 0
            for pks in batches(model.objects.all(), batch):
                with transaction.atomic():
                    # Read again under a lock: a clinician's save meanwhile is never undone.
                    for row in model.objects.select_for_update().filter(pk__in=pks).order_by("pk"):
                        reseal(row, fields)
                done += len(pks)
                self.stdout.write(f"  {model._meta.verbose_name_plural}: {done}/{total}")
            self.stdout.write(f"{model._meta.verbose_name_plural}: {total} re-encrypted")


def batches(queryset, size):
    """The primary keys, a batch at a time."""
    last = None
    while True:
        page = queryset.order_by("pk")
        pks = list(
            (page.filter(pk__gt=last) if last is not None else page).values_list("pk", flat=True)[:size]
        )
        if not pks:
            return
        yield pks
        last = pks[-1]


def reseal(row, fields):
    """Write the values back, sealed under the current key, with fresh look-up digests (the
    models' `save()` computes them; `updated_at` is left alone: nothing a person typed changed)."""
    keys = list(row.lookup_fields()) if hasattr(row, "lookup_fields") else []
    row.save(update_fields=[*fields, *keys])
