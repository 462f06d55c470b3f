"""Back-office records stay out of Wagtail's reference index: drop the entries recorded before
the models said so, or an editor sees "Follow-up request · Used 1 time" on a service's usage page."""

from django.db import migrations


def forget(apps, schema_editor):
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    ReferenceIndex.objects.filter(base_content_type__app_label="referrals").delete()
    ReferenceIndex.objects.filter(content_type__app_label="referrals").delete()


class Migration(migrations.Migration):
    dependencies = [("referrals", "0005_clinician_casework_permissions"), ("wagtailcore", "0001_initial")]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
