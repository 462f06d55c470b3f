"""The site's home page and default site, replacing Wagtail's placeholder page."""

from django.db import migrations

INTRO = (
    "Find mental-health and social-service help near you, and ask our co-response clinician "
    "to follow up after a crisis."
)
FOLLOW_UP = (
    "If police and our clinician came to help someone you care about, you can ask the clinician "
    "to contact them, or you, in the days after. It is free and voluntary."
)


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")
    CrisisLineSettings = apps.get_model("home.CrisisLineSettings")
    Locale = apps.get_model("wagtailcore.Locale")

    Page.objects.filter(content_type__app_label="wagtailcore", slug="home", depth=2).delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    homepage = HomePage.objects.create(
        title="Help and support in your community",
        draft_title="Help and support in your community",
        slug="home",
        content_type=content_type,
        locale=Locale.objects.order_by("pk").first(),
        live=True,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        intro=INTRO,
        follow_up_text=FOLLOW_UP,
    )
    site = Site.objects.create(
        hostname="localhost", root_page=homepage, is_default_site=True, site_name="CORE Portal"
    )
    CrisisLineSettings.objects.create(site=site)


def remove_homepage(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial")]
    operations = [migrations.RunPython(create_homepage, remove_homepage)]
