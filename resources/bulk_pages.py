"""Creating many new resource pages at once, writing what Wagtail writes for each.

Wagtail's own path for a new page (`add_child`, `save_revision`, `publish`) costs about 80 queries
and, measured on SQLite, 60 ms a draft and 240 ms a published page: an import of 10,000 services
would take hours. This writes a batch of pages with a fixed number of queries: the page rows with
their tree paths, the inline rows (phones, hours, locations), the relations, a revision holding
each page's content, and the "created" (and "published") log entries. Wagtail's admin search and
reference indexes are brought up to date by one task per batch, and `page_published` is sent for
each published page, so this project's search index follows as it does for an editor's publish.
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published

from portal.bulk_insert import insert_rows
from resources.models import ResourcePage, ServiceLocation, ServicePhone, ServiceSchedule
from resources.tasks import index_new_pages

CHILD_ROWS = {"phones": ServicePhone, "schedules": ServiceSchedule, "locations": ServiceLocation}
RELATIONS = ("categories", "languages", "service_areas", "populations")
PAGE_FIELDS = [field for field in Page._meta.concrete_fields if not field.primary_key]


def tree_step(number):
    """`number` as one step of a page's tree path, in treebeard's documented format: `steplen`
    digits of `alphabet`, left-padded with its first. `resources/tests/test_bulk_pages.py` checks
    the steps against the ones `add_child` gives."""
    digits, step = Page.alphabet, ""
    while number:
        number, digit = divmod(number, len(digits))
        step = digits[digit] + step
    return step.rjust(Page.steplen, digits[0])


def step_number(step):
    """The number one step of a tree path stands for (the inverse of `tree_step`)."""
    number = 0
    for digit in step:
        number = number * len(Page.alphabet) + Page.alphabet.index(digit)
    return number


def tree_problems(parent):
    """Page ids under `parent` (and itself) whose tree fields are inconsistent, by treebeard's own
    check (`find_problems`): {problem: [ids]}, empty when the tree is sound. `manage.py fixtree`
    (Wagtail's) repairs what it finds."""
    kinds = ("characters outside the alphabet", "path length", "no parent", "depth", "count of children")
    return {kind: ids for kind, ids in zip(kinds, Page.find_problems(parent), strict=True) if ids}


@functools.cache
def relation_names(model):
    """A page's inline rows and many-to-many relations: what its revision content holds."""
    children = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
    return children + [field.name for field in get_all_child_m2m_relations(model)]


def new_page(**fields):
    """An unsaved resource page with every relation held in memory, empty until set."""
    return ResourcePage(**fields, **{name: [] for name in relation_names(ResourcePage)})


def hold_in_memory(page):
    """Hold every relation of `page` in memory (what is prefetched or set, else empty for a new
    page), so that building its revision content or comparing it reads nothing more."""
    for name in relation_names(type(page)):
        setattr(page, name, list(getattr(page, name).all()))
    return page


def revision_content(page):
    """The page as its first revision holds it: `save_revision` records a new page before it marks
    it as having unpublished changes."""
    return {**page.serializable_data(), "has_unpublished_changes": False}


class NewPages:
    """New resource pages (unsaved, with their inline rows and relations set in memory), written
    under `parent` as drafts or published pages by `write()`."""

    def __init__(self, parent, publish=False, user=None):
        self.parent = parent
        self.publish = publish
        self.user = user
        self.pages = []

    def add(self, page):
        """`page` must hold every relation in memory (see `new_page`), so that building its
        revision content reads nothing from the database once it has an id."""
        self.pages.append(page)

    def __len__(self):
        return len(self.pages)

    @transaction.atomic
    def write(self):
        """Write the pages added so far; returns them."""
        if not self.pages:
            return []
        now = timezone.now()
        self.place_in_tree(now)
        created = Page.objects.bulk_create(
            Page(**{f.attname: getattr(p, f.attname) for f in PAGE_FIELDS}) for p in self.pages
        )
        for page, row in zip(self.pages, created, strict=True):
            page.pk = page.id = page.page_ptr_id = row.pk
        insert_rows(ResourcePage, self.pages, fields=ResourcePage._meta.local_concrete_fields)
        self.write_rows()
        revisions = self.write_revisions(now)
        self.write_log(revisions, now)
        Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + len(self.pages))
        self.send_signals(revisions)
        written, self.pages = self.pages, []
        return written

    def place_in_tree(self, now):
        """Tree paths after the parent's last child, as `add_child` would give them one by one."""
        parent = Page.objects.get(pk=self.parent.pk)
        last = parent.get_last_child()
        position = step_number(last.path[-Page.steplen :]) if last else 0
        for page in self.pages:
            position += 1
            page.path = parent.path + tree_step(position)
            page.depth, page.numchild = parent.depth + 1, 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.locale_id = parent.locale_id
            page.content_type = ContentType.objects.get_for_model(ResourcePage)
            page.draft_title = page.title
            page.live = self.publish
            page.has_unpublished_changes = not self.publish
            page.first_published_at = page.last_published_at = now if self.publish else None
            page.latest_revision_created_at = now
            page.owner = self.user

    def write_rows(self):
        for name, model in CHILD_ROWS.items():
            rows = []
            for page in self.pages:
                for order, row in enumerate(getattr(page, name).all()):
                    row.page_id, row.sort_order = page.pk, order
                    rows.append(row)
            insert_rows(model, rows)
        for name in RELATIONS:
            through = getattr(ResourcePage, name).through
            column = ResourcePage._meta.get_field(name).m2m_reverse_field_name()
            insert_rows(
                through,
                (
                    through(resourcepage_id=page.pk, **{f"{column}_id": item.pk})
                    for page in self.pages
                    for item in getattr(page, name).all()
                ),
            )

    def write_revisions(self, now):
        page_type = ContentType.objects.get_for_model(Page)
        revisions = [
            Revision(
                content_type=page.content_type,
                base_content_type=page_type,
                object_id=str(page.pk),
                object_str=page.title,
                content=revision_content(page),
                created_at=now,
                user=self.user,
            )
            for page in self.pages
        ]
        insert_rows(Revision, revisions)
        # A new page has one revision: its id, by the page's.
        ids = dict(
            Revision.objects.filter(
                base_content_type=page_type, object_id__in=[r.object_id for r in revisions]
            ).values_list("object_id", "pk")
        )
        for revision in revisions:
            revision.pk = ids[revision.object_id]
        for page, revision in zip(self.pages, revisions, strict=True):
            page.latest_revision = revision
            page.live_revision = revision if self.publish else None
        # One UPDATE joining each page to its revision (bulk_update's CASE per row costs 1.7 ms a page).
        own_revision = Subquery(
            Revision.objects.filter(base_content_type=page_type, object_id=Cast(OuterRef("pk"), CharField()))
            .order_by("-pk")
            .values("pk")[:1]
        )
        written = Page.objects.filter(pk__in=[page.pk for page in self.pages])
        written.update(
            latest_revision_id=own_revision, live_revision_id=own_revision if self.publish else None
        )
        return revisions

    def write_log(self, revisions, now):
        """The entries Wagtail's create view leaves: the page created (with no revision), its first
        revision saved, and its publishing when asked."""
        actions = ["wagtail.create", "wagtail.edit", "wagtail.publish"][: 3 if self.publish else 2]
        insert_rows(
            PageLogEntry,
            (
                PageLogEntry(
                    content_type=page.content_type,
                    label=page.get_admin_display_title(),
                    action=action,
                    timestamp=now,
                    user=self.user,
                    revision=None if action == "wagtail.create" else revision,
                    page_id=page.pk,
                    content_changed=True,
                )
                for page, revision in zip(self.pages, revisions, strict=True)
                for action in actions
            ),
        )

    def send_signals(self, revisions):
        """What follows a save and a publish: Wagtail's own indexes in one task for the batch (a
        save would queue two tasks per page), and `page_published` for everyone listening."""
        page_ids = [page.pk for page in self.pages]
        transaction.on_commit(lambda: index_new_pages.enqueue(page_ids))
        if self.publish:
            for page, revision in zip(self.pages, revisions, strict=True):
                page_published.send(ResourcePage, instance=page, revision=revision)
