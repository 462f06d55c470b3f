"""Data every installation needs: the directory page, categories, communities, languages,
populations, and the staff groups with their permissions.

Community centres and ZIP codes are public geography (U.S. Census Bureau gazetteer and USPS),
rounded; the partner communities are the three that share the program's clinician.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CATEGORIES = [
    ("Crisis help", "crisis", ["Crisis lines", "Mobile crisis", "Crisis stabilization"]),
    ("Counseling and therapy", "counseling", ["Individual counseling", "Family counseling", "Group support"]),
    ("Psychiatry and medication", "psychiatry", []),
    ("Substance use", "substance-use", ["Treatment", "Recovery support"]),
    ("Housing and shelter", "housing", ["Emergency shelter", "Housing help"]),
    ("Food", "food", []),
    ("Family and youth", "family-youth", []),
    ("Older adults", "older-adults", []),
    ("Domestic violence", "domestic-violence", []),
    ("Veterans", "veterans", []),
    ("Legal help", "legal", []),
    ("Benefits and money", "benefits", []),
]

# name, partner?, ZIP codes, latitude, longitude
COMMUNITIES = [
    ("Auburn Hills", True, "48321, 48326", "42.6875", "-83.2341"),
    ("Birmingham", True, "48009, 48012", "42.5467", "-83.2113"),
    ("Bloomfield Township", True, "48301, 48302, 48304", "42.5836", "-83.2647"),
    ("Bloomfield Hills", False, "48301, 48302, 48304", "42.5837", "-83.2455"),
    ("Pontiac", False, "48340, 48341, 48342", "42.6389", "-83.2910"),
    ("Troy", False, "48083, 48084, 48085, 48098", "42.6064", "-83.1498"),
    ("Rochester Hills", False, "48307, 48309", "42.6584", "-83.1499"),
    ("Royal Oak", False, "48067, 48073", "42.4895", "-83.1446"),
    ("Southfield", False, "48033, 48034, 48075, 48076", "42.4734", "-83.2219"),
    ("Waterford Township", False, "48327, 48328, 48329", "42.6630", "-83.3900"),
    ("Farmington Hills", False, "48331, 48334, 48335, 48336", "42.4989", "-83.3677"),
    ("Ferndale", False, "48220", "42.4606", "-83.1346"),
]

LANGUAGES = [
    ("en", "English"), ("es", "Spanish"), ("ar", "Arabic"), ("syc", "Chaldean (Neo-Aramaic)"),
    ("zh", "Chinese"), ("hi", "Hindi"), ("bn", "Bengali"), ("ur", "Urdu"), ("ko", "Korean"),
    ("ja", "Japanese"), ("vi", "Vietnamese"), ("sq", "Albanian"), ("pl", "Polish"), ("ru", "Russian"),
    ("fr", "French"), ("ase", "American Sign Language"),
]

POPULATIONS = [
    ("Adults", "adults"), ("Children and youth", "youth"), ("Older adults", "older-adults"),
    ("Families and caregivers", "families"), ("Veterans", "veterans"), ("LGBTQ+ people", "lgbtq"),
    ("People without stable housing", "unhoused"), ("Survivors of domestic violence", "survivors"),
    ("People with disabilities", "disabilities"),
]

GROUPS = ["Clinicians", "Directory editors", "Partner viewers"]
EDITOR_MODEL_PERMISSIONS = {
    "organization": ["add", "change", "view"],
    "category": ["add", "change", "view"],
    "community": ["add", "change", "view"],
}
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def create_taxonomy(apps):
    Category = apps.get_model("resources.Category")
    for order, (name, slug, children) in enumerate(CATEGORIES):
        parent = Category.objects.create(name=name, slug=slug, sort_order=order)
        for child_order, child in enumerate(children):
            child_slug = f"{slug}-{child.lower().replace(' ', '-')}"
            Category.objects.create(name=child, slug=child_slug, parent=parent, sort_order=child_order)

    Community = apps.get_model("resources.Community")
    for name, partner, zips, lat, lon in COMMUNITIES:
        slug = name.lower().replace(" ", "-")
        Community.objects.create(
            name=name, slug=slug, is_partner=partner, zip_codes=zips, latitude=lat, longitude=lon
        )
    apps.get_model("resources.Language").objects.bulk_create(
        apps.get_model("resources.Language")(code=code, name=name) for code, name in LANGUAGES
    )
    apps.get_model("resources.Population").objects.bulk_create(
        apps.get_model("resources.Population")(name=name, slug=slug) for name, slug in POPULATIONS
    )


def create_directory_page(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    HomePage = apps.get_model("home.HomePage")
    ResourceIndexPage = apps.get_model("resources.ResourceIndexPage")
    home = HomePage.objects.get(depth=2, slug="home")
    content_type, _ = ContentType.objects.get_or_create(app_label="resources", model="resourceindexpage")
    index = ResourceIndexPage.objects.create(
        title="Find help",
        draft_title="Find help",
        slug="resources",
        content_type=content_type,
        locale_id=home.locale_id,
        live=True,
        path=f"{home.path}0001",
        depth=3,
        numchild=0,
        url_path=f"{home.url_path}resources/",
        intro="Mental-health and social-service resources in and around Oakland County.",
    )
    home.numchild += 1
    home.save(update_fields=["numchild"])
    return index


def create_groups(apps, index_page):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for name in GROUPS:
        Group.objects.create(name=name).permissions.add(access_admin)

    editors = Group.objects.get(name="Directory editors")
    for model, actions in EDITOR_MODEL_PERMISSIONS.items():
        codenames = [f"{action}_{model}" for action in actions]
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label="resources", codename__in=codenames)
        )
    for codename in EDITOR_PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.create(group=editors, page=index_page, permission=permission)


def forwards(apps, schema_editor):
    create_taxonomy(apps)
    create_groups(apps, create_directory_page(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0001_initial"),
        ("home", "0002_create_homepage"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
