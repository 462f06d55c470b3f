"""What an import looks up again and again, read once: categories, organizations, languages,
communities, and which services and locations already exist. A record then costs no lookup
queries; 10,000 services asking for the same 100 organizations ask the database once."""

import uuid

from django.utils.text import slugify

from resources.models import Category, Community, Language, Organization, ResourcePage, ServiceLocation


class KnownRows:
    def __init__(self):
        self.reload()

    def reload(self):
        """Read everything again: after a rollback, rows created or changed in memory may not exist."""
        self.categories = {row.uuid: row for row in Category.objects.all()}
        self.category_codes = {row.slug: row for row in self.categories.values()}
        self.organizations = {row.uuid: row for row in Organization.objects.all()}
        self.languages = {row.code: row for row in Language.objects.all()}
        self.communities = {row.name.lower(): row for row in Community.objects.all()}
        self.page_ids = set(ResourcePage.objects.values_list("uuid", flat=True))
        self.location_owners = dict(ServiceLocation.objects.values_list("uuid", "page__uuid"))

    def category(self, term_id):
        return self.categories.get(as_uuid(term_id))

    def organization(self, org_id):
        return self.organizations.get(as_uuid(org_id))

    def location_owner(self, location_id):
        return self.location_owners.get(as_uuid(location_id))

    def language(self, code, name):
        """The language with this ISO 639 code, created (named as given) if the directory lacks it."""
        if code not in self.languages:
            self.remember(Language.objects.create(code=code, name=(name or code)[:60]))
        return self.languages[code]

    def community(self, name):
        """The place of this name (any case), created if the directory lacks it."""
        if name.lower() not in self.communities:
            self.remember(Community.objects.create(name=name, slug=free_slug(Community, name)))
        return self.communities[name.lower()]

    def remember(self, row):
        """A row this import created or changed (in the current transaction)."""
        if isinstance(row, Category):
            self.categories[row.uuid] = self.category_codes[row.slug] = row
        elif isinstance(row, Organization):
            self.organizations[row.uuid] = row
        elif isinstance(row, Language):
            self.languages[row.code] = row
        elif isinstance(row, Community):
            self.communities[row.name.lower()] = row

    def add_pages(self, pages):
        """Pages written (and committed) by a batch."""
        for page in pages:
            self.page_ids.add(page.uuid)
            for location in page.locations.all():
                self.location_owners[location.uuid] = page.uuid


def free_slug(model, text):
    """A slug for `text` that no row of `model` has yet."""
    base = slugify(text)[:70] or "item"
    return first_free(base, set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True)))


def first_free(base, taken):
    """`base`, or `base-2`, `base-3` … whichever is not in `taken`."""
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def as_uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
