"""Give the categories that exist at this point ids derived from their slugs, the same in every
installation, so that HSDS data exported by one site finds its taxonomy terms in another.

Categories added later keep the random id they are created with; exports carry it.
"""

import uuid

from django.db import migrations

# resources.hsds.serialize.TAXONOMY_ID, copied so this migration never changes with the code.
TAXONOMY_ID = uuid.UUID("0d1f39a2-3c7c-5a5b-9a64-5f0e7c1c2b10")


def forwards(apps, schema_editor):
    Category = apps.get_model("resources.Category")
    for category in Category.objects.all():
        category.uuid = uuid.uuid5(TAXONOMY_ID, f"category:{category.slug}")
        category.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [("resources", "0002_reference_data")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
