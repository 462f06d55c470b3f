"""Searches answer from one committed state of the index while a writer changes it.

The writer keeps "kestrel" pages in groups of GROUP that are published, revised, unpublished and
deleted only as a whole, each change in one transaction, and brings the index in line after each
commit as the sync task does. Every page of a group is at the same version, and its title, summary
and town name the group, the page and that version; its language, hours and place depend on the
version. So an answer, however its reads interleave with the writes, must show whole groups at one
version each, a total and facet counts that count whole groups, and hits whose text, card and
distance belong to the version their title names; and each reader's answers must follow the
committed states in the order they were committed.
"""

import datetime
import random
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.http import QueryDict
from django.test import Client

from portal.tests.threads import in_thread
from resources.factories import ResourcePageFactory, ServiceLocationFactory
from resources.models import Category, Language, ResourcePage, ServiceSchedule
from search import geo, indexing
from search.backends import snapshot
from search.backends.database import DatabaseBackend
from search.forms import SearchForm
from search.models import SearchIndexState

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MARKER = "kestrel"
SLUG = "kestrel-programs"
GROUP = 4
MAX_GROUPS = 5  # at most 20 kestrel pages are live: one page of hits shows them all
PER_PAGE = 20
READERS = 3
WRITE_SECONDS = 5.0
MAX_WRITE_SECONDS = 15.0
MIN_STATES = 12
SYNC_DELAY = 0.1  # seconds from a commit to its sync, at most
PAUSE = 0.05  # seconds from reading the index state to the reads that follow it, at most
ZIP = "48326"
MILES_A_VERSION = 0.5  # each version of a kestrel page is this much further north of the ZIP's centre
TITLE = re.compile(r"^Kestrel (\d+)-(\d+) v(\d+)$")


def every(version):
    return True


def in_spanish(version):
    return version % 2 == 0


def open_all_week(version):
    return version % 3 != 2


# (query, which versions of the kestrel pages it finds, whether its hits show every one it finds)
QUERIES = [
    ({"q": MARKER}, every, True),
    ({"category": SLUG}, every, True),
    ({"q": MARKER, "language": "es"}, in_spanish, True),
    ({"open_now": "on", "category": SLUG}, open_all_week, True),
    ({"near": ZIP, "sort": "distance", "category": SLUG}, every, True),
    ({}, every, False),
    ({"near": ZIP, "sort": "distance"}, every, False),
    ({"open_now": "on"}, open_all_week, False),
    ({"q": "food kestrel"}, every, False),
]


@dataclass
class Answer:
    """What a reader saw, the same from the backend and from the JSON view."""

    params: dict
    total: int
    hits: list  # dicts as in the JSON, with page_id from the backend
    facets: dict  # {facet: {value: count}}


@dataclass
class Log:
    """The writer's committed states of the kestrel pages, what readers saw, what went wrong."""

    states: list = field(default_factory=list)  # frozensets of (group, version), in commit order
    pages: dict = field(default_factory=dict)  # page id -> (group, member)
    seen: dict = field(default_factory=dict)  # reader -> [(query number, kestrels, shown)], in order
    searches: dict = field(default_factory=dict)  # (reader, "backend" or "view") -> searches made
    errors: list = field(default_factory=list)


# Writing


def centre():
    return geo.zip_point(ZIP)


def places(version):
    """Where a version of a kestrel page is: north of the ZIP's centre, and every other version a
    second place further away."""
    lat, lon = centre()
    north = lat + version % 20 * MILES_A_VERSION / geo.MILES_PER_DEGREE
    return [(round(north, 6), lon), (round(north + 0.05, 6), lon)][: 1 + version % 2]


def kestrel_fields(group, member, version, languages):
    """Everything of a kestrel page that depends on its version."""
    return {
        "title": f"Kestrel {group}-{member} v{version}",
        "summary": f"Kestrel group {group} page {member}, version {version}.",
        "languages": [languages["es" if in_spanish(version) else "ar"]],
        "schedules": [ServiceSchedule(weekday=day, open_24_hours=True) for day in range(7)]
        if open_all_week(version)
        else [],
        "locations": [
            ServiceLocationFactory.build(city=f"Town {group}-{member}-{version}", latitude=lat, longitude=lon)
            for lat, lon in places(version)
        ],
    }


class Writer:
    """Changes the directory until it has gone through enough states, bringing the index in line
    after each change."""

    def __init__(self, log, seed):
        self.log, self.random = log, random.Random(seed)  # noqa: S311 - reproducible choices, not secrets
        self.groups = {}  # group -> (page ids, version, live)
        self.next_group = 0
        self.categories = list(Category.objects.filter(slug__in=[SLUG, "food"]))
        self.languages = {
            language.code: language for language in Language.objects.filter(code__in=["es", "ar"])
        }
        self.others = list(
            ResourcePage.objects.exclude(title__startswith="Kestrel").values_list("pk", flat=True)
        )

    def live(self, live=True):
        return [group for group, (_ids, _version, is_live) in self.groups.items() if is_live == live]

    def run(self):
        """For WRITE_SECONDS and MIN_STATES states; at most MAX_WRITE_SECONDS on a slow machine."""
        started, steps = time.monotonic(), 0
        while not self.enough(time.monotonic() - started):
            steps += 1
            self.step(steps)

    def enough(self, elapsed):
        return elapsed >= MAX_WRITE_SECONDS or (
            elapsed >= WRITE_SECONDS and len(self.log.states) >= MIN_STATES
        )

    def step(self, steps):
        if steps % 12 == 0:
            indexing.rebuild()
        elif steps % 5 == 0:  # every page at once, none of them changed
            indexing.sync_pages(self.others + list(self.log.pages))
        else:
            choices = [self.create] * 2 if len(self.live()) < MAX_GROUPS else []
            choices += [self.revise] * 4 + [self.unpublish, self.delete] if self.live() else []
            choices += [self.republish] if self.live(False) else []
            self.random.choice(choices)()

    def commit(self, edit):
        """`edit` changes pages in one transaction and returns their ids and their groups' new
        entries (None: deleted); a moment after the commit, as the sync task would, the index is
        brought in line. Then the new state is recorded."""
        with transaction.atomic():
            page_ids, groups = edit()
        time.sleep(self.random.uniform(0, SYNC_DELAY))
        indexing.sync_pages(page_ids)
        for group, entry in groups.items():
            if entry is None:
                del self.groups[group]
            else:
                self.groups[group] = entry
        state = frozenset((group, version) for group, (_ids, version, live) in self.groups.items() if live)
        if self.log.states[-1:] != [state]:
            self.log.states.append(state)

    def pages(self, group):
        return ResourcePage.objects.filter(pk__in=self.groups[group][0])

    def create(self):
        group, self.next_group = self.next_group, self.next_group + 1

        def edit():
            page_ids = []
            for member in range(GROUP):
                fields = kestrel_fields(group, member, 0, self.languages)
                page = ResourcePageFactory(publish=True, categories=self.categories, **fields)
                self.log.pages[page.pk] = (group, member)
                page_ids.append(page.pk)
            return page_ids, {group: (page_ids, 0, True)}

        self.commit(edit)

    def revise(self):
        """A new version of some live groups at once: up to every kestrel page in one transaction."""
        live = self.live()
        chosen = self.random.sample(live, self.random.randint(1, len(live)))
        self.publish({group: self.groups[group][1] + 1 for group in chosen})

    def republish(self):
        group = self.random.choice(self.live(False))
        self.publish({group: self.groups[group][1] + 1})

    def publish(self, versions):
        def edit():
            for group, version in versions.items():
                for page in self.pages(group):
                    member = self.log.pages[page.pk][1]
                    for name, value in kestrel_fields(group, member, version, self.languages).items():
                        setattr(page, name, value)
                    page.save_revision().publish()
            page_ids = [pk for group in versions for pk in self.groups[group][0]]
            return page_ids, {
                group: (self.groups[group][0], version, True) for group, version in versions.items()
            }

        self.commit(edit)

    def unpublish(self):
        group = self.random.choice(self.live())

        def edit():
            for page in self.pages(group):
                page.unpublish()
            page_ids, version, _live = self.groups[group]
            return page_ids, {group: (page_ids, version, False)}

        self.commit(edit)

    def delete(self):
        group = self.random.choice(self.live())

        def edit():
            for page in self.pages(group):
                page.delete()
            return self.groups[group][0], {group: None}

        self.commit(edit)


# Reading


def from_backend(params):
    form = SearchForm(QueryDict(urlencode(params)))
    results = DatabaseBackend().search(form.to_query(per_page=PER_PAGE))
    assert not form.errors, form.errors
    hits = [
        {
            "title": hit.title,
            "summary": hit.summary,
            "locality": hit.locality,
            "distance_miles": hit.distance_miles,
            "open_now": hit.open_now,
            "languages": list(hit.languages),
            "page_id": hit.page_id,
        }
        for hit in results.hits
    ]
    facets = {name: {value.value: value.count for value in values} for name, values in results.facets.items()}
    return Answer(params, results.total, hits, facets)


def from_view(client, params):
    response = client.get("/search/", {**params, "format": "json"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["errors"] == {} and data["backend"] == "database", data
    facets = {
        name: {value["value"]: value["count"] for value in values} for name, values in data["facets"].items()
    }
    return Answer(params, data["total"], data["hits"], facets)


def check(answer, log, shows_all):
    """The checks one answer allows on its own. Returns how many kestrel pages it found, and the
    (group, version) pairs it shows when its hits show them all (else None)."""
    params, total = answer.params, answer.total
    assert len(answer.hits) == min(total, PER_PAGE), answer
    filtered = {name for name in params if name not in {"q", "near", "sort", "open_now"}}
    for name, counts in answer.facets.items():
        if name not in filtered:
            assert all(0 < count <= total for count in counts.values()), answer
    kestrels = answer.facets.get("category", {}).get(SLUG, 0)
    assert kestrels % GROUP == 0, answer
    if params.get("sort") == "distance":
        distances = [hit["distance_miles"] for hit in answer.hits]
        assert distances == sorted(distances), answer
    if params.get("open_now"):
        assert all(hit["open_now"] for hit in answer.hits), answer
    shown = [kestrel(hit, params, log) for hit in answer.hits if hit["title"].startswith("Kestrel")]
    if not shows_all:
        return kestrels, None
    assert total == kestrels == len(shown), answer
    versions = {}
    for group, _member, version in shown:
        versions.setdefault(group, []).append(version)
    assert all(len(found) == GROUP and len(set(found)) == 1 for found in versions.values()), answer
    return kestrels, frozenset((group, found[0]) for group, found in versions.items())


def kestrel(hit, params, log):
    """(group, member, version) of a kestrel hit, after checking that everything it shows, read from
    the entry or worked out from the in-memory copy, belongs to that version of that page."""
    group, member, version = map(int, TITLE.match(hit["title"]).groups())
    assert hit["summary"] == f"Kestrel group {group} page {member}, version {version}.", hit
    assert hit["locality"] == f"Town {group}-{member}-{version}", hit
    assert hit["languages"] == ["es" if in_spanish(version) else "ar"], hit
    assert hit["open_now"] is (True if open_all_week(version) else None), hit
    if hit.get("page_id") is not None:
        assert log.pages[hit["page_id"]] == (group, member), hit
    if "language" in params:
        assert in_spanish(version), (params, hit)
    if "near" in params:
        assert hit["distance_miles"] == pytest.approx(version % 20 * MILES_A_VERSION, abs=0.11), hit
    return group, member, version


def read(name, log, done, seed):
    rng, client = random.Random(seed), Client()  # noqa: S311 - reproducible choices, not secrets
    seen = log.seen.setdefault(name, [])
    while not done.is_set():
        number = rng.randrange(len(QUERIES))
        params, _finds, shows_all = QUERIES[number]
        how = "view" if rng.random() < 0.3 else "backend"
        answer = from_view(client, params) if how == "view" else from_backend(params)
        seen.append((number, *check(answer, log, shows_all)))
        log.searches[name, how] = log.searches.get((name, how), 0) + 1
        time.sleep(rng.uniform(0.01, 0.04))  # leave the writer some of the interpreter


def is_from(answer, state):
    """Whether an answer is one this committed state gives."""
    number, kestrels, shown = answer
    finds = QUERIES[number][1]
    found = frozenset((group, version) for group, version in state if finds(version))
    return kestrels == GROUP * len(found) and shown in (None, found)


def in_order(seen, states):
    """Whether each answer is one of a committed state, in the order they were committed (an
    answer from a state committed before an earlier answer's is not)."""
    position = 0
    for answer in seen:
        while position < len(states) and not is_from(answer, states[position]):
            position += 1
        if position == len(states):
            return False
    return True


# The test


@pytest.fixture
def kestrel_directory(database_file, settings):
    """Thirty other resources and the kestrel category, indexed. The writer syncs the index itself,
    so page changes queue no sync tasks."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    Category.objects.create(name="Kestrel programs", slug=SLUG)
    food = Category.objects.get(slug="food")
    weekdays = [
        ServiceSchedule(weekday=day, opens_at=datetime.time(9), closes_at=datetime.time(17))
        for day in range(5)
    ]
    lat, lon = centre()
    for number in range(30):
        ResourcePageFactory(
            title=f"Pantry {number}",
            summary="Food for families.",
            categories=[food],
            schedules=weekdays if number % 2 else [],
            is_24_7=number % 5 == 0,
            locations=[ServiceLocationFactory.build(latitude=round(lat + number / 100, 6), longitude=lon)],
        )
    indexing.rebuild()


class PausingState:
    """The index state as a search reads it, then a pause."""

    @staticmethod
    def current():
        found = SearchIndexState.current()
        time.sleep(random.uniform(0, PAUSE))  # noqa: S311 - a pause, not a secret
        return found


@pytest.fixture
def slow_reads(monkeypatch):
    """A search reads the index state, then the text matches and the hits: on a busy site there is
    more time between those reads than here, for writes to commit in. A pause after reading the
    state gives them that time."""
    monkeypatch.setattr(snapshot, "SearchIndexState", PausingState)


@pytest.fixture
def counted(monkeypatch):
    """How many times the in-memory copy was loaded whole, and caught up from the change log."""
    counts = {"loads": 0, "catch-ups": 0}
    load, caught_up = snapshot.Snapshot.load.__func__, snapshot.caught_up

    def counting_load(cls, token, version):
        counts["loads"] += 1
        return load(cls, token, version)

    def counting_caught_up(*args):
        found = caught_up(*args)
        counts["catch-ups"] += found is not None
        return found

    monkeypatch.setattr(snapshot.Snapshot, "load", classmethod(counting_load))
    monkeypatch.setattr(snapshot, "caught_up", counting_caught_up)
    return counts


def test_readers_see_one_committed_state_while_a_writer_changes_pages(kestrel_directory, slow_reads, counted):
    log = Log()
    writer = Writer(log, seed=1)
    for _ in range(2):
        writer.create()
    done = threading.Event()

    def write():
        try:
            writer.run()
        finally:
            done.set()

    threads = [in_thread(write, log.errors)]
    threads += [in_thread(read, log.errors, f"reader {n}", log, done, n) for n in range(READERS)]
    for thread in threads:
        thread.join(timeout=MAX_WRITE_SECONDS + 30)
    assert not any(thread.is_alive() for thread in threads), "a thread did not stop"
    assert not log.errors, "\n".join(log.errors)

    for name, seen in log.seen.items():
        assert in_order(seen, log.states), f"{name} saw {seen}; the states committed were {log.states}"
    final = log.states[-1]
    assert check(from_backend({"q": MARKER}), log, shows_all=True) == (GROUP * len(final), final)
    assert len(log.states) >= MIN_STATES, log.states
    assert len(log.searches) == 2 * READERS and min(log.searches.values()) >= 5, log.searches
    assert counted["catch-ups"] > counted["loads"], counted
