import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("resources", "0002_reference_data")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="resources.resourcepage",
                    ),
                ),
                ("title", models.CharField(max_length=255)),
                ("text", models.TextField()),
                ("search_vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ],
            options={"verbose_name_plural": "search entries"},
        ),
        migrations.CreateModel(
            name="SearchPoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("latitude", models.FloatField()),
                ("longitude", models.FloatField()),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="points", to="search.searchentry"
                    ),
                ),
            ],
            options={"indexes": [models.Index(fields=["latitude", "longitude"], name="search_sear_latitud_6c5752_idx")]},
        ),
    ]
