"""Generate many resource pages quickly for search benchmarks: rows are inserted in bulk, with
tree paths from the import's bulk writer (`resources.bulk_pages.tree_step`), instead of one
`add_child` (≈15 queries) per page. No revisions or log entries: search reads live pages only."""

import datetime
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page

from portal.bulk_insert import insert_rows
from resources.bulk_pages import tree_step
from resources.factories import directory_page
from resources.models import (
    Category,
    Community,
    Language,
    ResourcePage,
    ServiceLocation,
    ServicePhone,
    ServiceSchedule,
)

KINDS = [
    (
        "Crisis Line",
        "crisis-crisis-lines",
        "Call or text any time if you are thinking about suicide or in crisis.",
    ),
    (
        "Mobile Crisis Team",
        "crisis-mobile-crisis",
        "Crisis counselors come to you to help calm an emergency.",
    ),
    (
        "Counseling Center",
        "counseling-individual-counseling",
        "Counseling and therapy for anxiety and depression.",
    ),
    ("Family Therapy", "counseling-family-counseling", "Counseling for parents, children and families."),
    ("Support Group", "counseling-group-support", "A weekly peer support group for grief and loss."),
    ("Psychiatry Clinic", "psychiatry", "Psychiatric evaluation and medication management."),
    (
        "Recovery Program",
        "substance-use-treatment",
        "Outpatient substance use treatment for alcohol and drugs.",
    ),
    ("Recovery Center", "substance-use-recovery-support", "Peer recovery coaching and meetings."),
    (
        "Family Shelter",
        "housing-emergency-shelter",
        "Emergency shelter for families without a place to stay.",
    ),
    ("Housing Help", "housing-housing-help", "Help with eviction, rent and finding housing."),
    ("Food Pantry", "food", "Groceries every week with no paperwork required."),
    ("Youth Program", "family-youth", "Mentoring and activities for children and teens."),
    ("Senior Services", "older-adults", "Support and check-in calls for older adults and seniors."),
    ("Safe House", "domestic-violence", "Safety planning and shelter for survivors of abuse."),
    ("Veterans Center", "veterans", "Counseling and benefits help for veterans and families."),
    ("Legal Clinic", "legal", "Free legal advice on housing, family and court problems."),
    ("Benefits Office", "benefits", "Help applying for Medicaid and food assistance."),
]
ADJECTIVES = [
    "Lakeside",
    "Northwoods",
    "Harbor",
    "Maple",
    "Cedar",
    "Riverside",
    "Oakland",
    "Summit",
    "Elm",
    "Pine",
]


def seed(count, progress=print, chunk=2000):
    parent = directory_page()
    rng = random.Random(42)
    categories = {c.slug: c for c in Category.objects.all()}
    communities = list(Community.objects.all())
    languages = list(Language.objects.all())
    content_type = ContentType.objects.get_for_model(ResourcePage)
    start = parent.numchild
    for offset in range(0, count, chunk):
        with transaction.atomic():
            make_chunk(
                parent,
                start + offset,
                min(chunk, count - offset),
                rng,
                categories,
                communities,
                languages,
                content_type,
            )
        progress(f"  seeded {offset + min(chunk, count - offset)}/{count}")
    Page.objects.filter(pk=parent.pk).update(numchild=start + count)


def make_chunk(parent, first, size, rng, categories, communities, languages, content_type):
    pages, resources = [], []
    for number in range(first, first + size):
        name, category, summary = KINDS[number % len(KINDS)]
        community = communities[number % len(communities)]
        title = f"{ADJECTIVES[number % len(ADJECTIVES)]} {name} {community.name} {number}"
        slug = f"generated-{number}"
        pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                live=True,
                path=parent.path + tree_step(number + 1),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                locale_id=parent.locale_id,
            )
        )
        resources.append((number, category, summary, community))
    pages = Page.objects.bulk_create(pages)
    rows = []
    for page, (number, _category, summary, _community) in zip(pages, resources, strict=True):
        rows.append(
            ResourcePage(
                page_ptr_id=page.pk,
                uuid=uuid.uuid4(),
                summary=summary,
                description=f"<p>{summary}</p>",
                is_crisis=number % len(KINDS) < 2,
                is_24_7=number % len(KINDS) < 2,
                is_free=number % 3 == 0,
                has_sliding_scale=number % 3 == 1,
                accepts_insurance=number % 2 == 0,
                delivers_by_phone=number % 4 == 0,
                delivers_by_video=number % 5 == 0,
            )
        )
    insert_rows(ResourcePage, rows, fields=ResourcePage._meta.local_concrete_fields)
    add_relations(pages, resources, rng, categories, languages)


def add_relations(pages, resources, rng, categories, languages):
    through = ResourcePage.categories.through
    through.objects.bulk_create(
        through(resourcepage_id=page.pk, category_id=categories[category].pk)
        for page, (_n, category, _s, _c) in zip(pages, resources, strict=True)
    )
    ResourcePage.service_areas.through.objects.bulk_create(
        ResourcePage.service_areas.through(resourcepage_id=page.pk, community_id=community.pk)
        for page, (_n, _cat, _s, community) in zip(pages, resources, strict=True)
    )
    ResourcePage.languages.through.objects.bulk_create(
        ResourcePage.languages.through(resourcepage_id=page.pk, language_id=language.pk)
        for page in pages
        for language in {languages[0], rng.choice(languages)}
    )
    ServiceLocation.objects.bulk_create(
        ServiceLocation(
            page_id=page.pk,
            uuid=uuid.uuid4(),
            address_1=f"{100 + n} Main Street",
            city=community.name,
            postal_code=community.zip_code_list()[0],
            latitude=round(float(community.latitude) + rng.uniform(-0.03, 0.03), 6),
            longitude=round(float(community.longitude) + rng.uniform(-0.03, 0.03), 6),
        )
        for page, (n, _cat, _s, community) in zip(pages, resources, strict=True)
    )
    ServicePhone.objects.bulk_create(
        ServicePhone(page_id=page.pk, uuid=uuid.uuid4(), number=f"(248) 555-01{page.pk % 100:02d}")
        for page in pages
    )
    ServiceSchedule.objects.bulk_create(
        ServiceSchedule(
            page_id=page.pk,
            uuid=uuid.uuid4(),
            weekday=day,
            opens_at=datetime.time(9),
            closes_at=datetime.time(17 + (page.pk % 4)),
        )
        for page in pages
        for day in range(5)
    )
