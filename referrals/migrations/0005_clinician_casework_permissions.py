"""The Clinicians group keeps people, referrals, their services and contacts, and triages requests."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["person", "referral", "referralresource", "followupcontact"]
CODENAMES = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "view")]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("referrals")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    clinicians, _ = Group.objects.get_or_create(name="Clinicians")
    permissions = Permission.objects.filter(content_type__app_label="referrals", codename__in=CODENAMES)
    clinicians.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    group = apps.get_model("auth.Group").objects.filter(name="Clinicians").first()
    if group:
        group.permissions.remove(*Permission.objects.filter(codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("referrals", "0004_encrypt_existing_requests")]

    operations = [migrations.RunPython(grant, revoke)]
