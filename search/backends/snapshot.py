"""An in-memory copy of the database backend's search tables, one per worker process.

Filtering, facet counting and distance as SQL over the search tables measured 40-150 ms a query
at 10,000 resources and grew with the data (0.4-1.2 s at 100,000); the same work over arrays,
one entry per element, takes a few milliseconds. Full-text matching stays in the database's own
engine.

Correct under concurrent writes: a search reads the index state, the full-text matches and the
hits in one consistent read (`consistent_read`), and uses the copy made for exactly that state.
Cheap to keep current: every write logs the pages it changed (`SearchChange`), so a copy that is
behind re-reads only those pages and rebuilds its arrays from the rows it already holds; it reads
everything again only when the log cannot take it from its state to the current one.
"""

import bisect
import threading
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction

from search import geo
from search.models import SearchChange, SearchEntry, SearchFacet, SearchIndexState, SearchOpening, SearchPoint

MAX_CHANGED_PAGES = 2000
POINT_TYPES = (np.int64, np.float64, np.float64)
OPENING_TYPES = (np.int64, np.int64, np.int64)
_lock = threading.Lock()
_latest = None
_earlier = None


@contextmanager
def consistent_read():
    """One transaction that sees a single committed state of every table it reads. PostgreSQL's
    default isolation takes a new view per statement, so ask for repeatable read; SQLite's read
    transaction is one view already. Inside an outer transaction, that transaction decides."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def current():
    """The copy for the state this transaction sees: the latest copy, brought up to date if needed.

    A search whose transaction began before the latest write sees an older state: it gets a copy of
    its own, kept beside the latest one rather than in its place, so that two requests a write
    apart do not make each other load everything again. After a database restore the versions
    start lower again, and that second copy serves until they pass the latest one's."""
    global _latest, _earlier
    token, version = SearchIndexState.current()
    found = matching(token, version)
    if found is not None:
        return found
    with _lock:  # one thread builds; the others wait and use its copy
        found = matching(token, version)
        if found is not None:
            return found
        if _latest is not None and version < _latest.version:
            _earlier = caught_up(_earlier, token, version) or Snapshot.load(token, version)
            return _earlier
        _latest = caught_up(_latest, token, version) or Snapshot.load(token, version)
        return _latest


def matching(token, version):
    return next(
        (copy for copy in (_latest, _earlier) if copy is not None and copy.is_for(token, version)), None
    )


def caught_up(snapshot, token, version):
    """The snapshot moved forward to (token, version) through the change log, or None if it cannot be."""
    if snapshot is None or snapshot.vendor != connection.vendor or version < snapshot.version:
        return None
    changes = list(
        SearchChange.objects.filter(version__gt=snapshot.version, version__lte=version).order_by("version")
    )
    expected = snapshot.token
    for change in changes:
        if change.token_before != expected or change.page_ids is None:
            return None
        expected = change.token_after
    if len(changes) != version - snapshot.version or expected != token:
        return None
    changed = sorted({page_id for change in changes for page_id in change.page_ids})
    if len(changed) > max(MAX_CHANGED_PAGES, snapshot.size // 4):
        return None  # reading everything again is quicker than reading this many pages one by one
    return snapshot.with_pages(Rows.read(changed), changed, token, version)


def ids_array(values):
    return np.fromiter(values, dtype=np.int64)


@dataclass(frozen=True)
class Rows:
    """The search tables' rows, as arrays keyed by page id (not yet by position)."""

    entries: np.ndarray  # page ids
    crisis: np.ndarray
    all_day: np.ndarray
    titles: np.ndarray  # of str objects: filtered and joined by numpy, not by Python loops
    facets: dict  # (facet, value) -> page ids
    points: tuple  # (page ids, latitudes, longitudes)
    openings: tuple  # (page ids, starts, ends)

    @classmethod
    def read(cls, page_ids=None):
        """All rows, or those of the given pages."""

        def rows(model, *fields):
            found = model.objects.order_by()
            if page_ids is not None:
                found = found.filter(**{f"{fields[0]}__in": page_ids})
            return list(found.values_list(*fields))

        entries = rows(SearchEntry, "page_id", "is_crisis", "is_24_7", "title")
        return cls(
            entries=ids_array(row[0] for row in entries),
            crisis=np.array([row[1] for row in entries], dtype=bool),
            all_day=np.array([row[2] for row in entries], dtype=bool),
            titles=np.array([row[3] for row in entries], dtype=object),
            facets=read_facets(page_ids),
            points=columns(rows(SearchPoint, "entry_id", "latitude", "longitude"), POINT_TYPES),
            openings=columns(rows(SearchOpening, "entry_id", "starts", "ends"), OPENING_TYPES),
        )

    def without(self, page_ids):
        """These rows less those of the given pages."""
        page_ids = ids_array(page_ids)

        def keep(ids):
            return ~np.isin(ids, page_ids)

        kept = keep(self.entries)
        points, openings = keep(self.points[0]), keep(self.openings[0])
        return Rows(
            entries=self.entries[kept],
            crisis=self.crisis[kept],
            all_day=self.all_day[kept],
            titles=self.titles[kept],
            facets={key: ids[keep(ids)] for key, ids in self.facets.items()},
            points=tuple(column[points] for column in self.points),
            openings=tuple(column[openings] for column in self.openings),
        )

    def plus(self, other):
        """These rows and another set's, for pages the two do not share."""
        keys = self.facets.keys() | other.facets.keys()
        empty = ids_array(())
        return Rows(
            entries=np.concatenate([self.entries, other.entries]),
            crisis=np.concatenate([self.crisis, other.crisis]),
            all_day=np.concatenate([self.all_day, other.all_day]),
            titles=np.concatenate([self.titles, other.titles]),
            facets={k: np.concatenate([self.facets.get(k, empty), other.facets.get(k, empty)]) for k in keys},
            points=tuple(np.concatenate(pair) for pair in zip(self.points, other.points, strict=True)),
            openings=tuple(np.concatenate(pair) for pair in zip(self.openings, other.openings, strict=True)),
        )


def read_facets(page_ids):
    """{(facet, value): page ids}. For everything, one index-only read per value (fast); for a few
    pages, one read of their rows."""
    if page_ids is None:
        keys = SearchFacet.objects.order_by().values_list("facet", "value").distinct()
        entries = SearchFacet.objects.order_by().values_list("entry_id", flat=True)
        return {key: ids_array(entries.filter(facet=key[0], value=key[1])) for key in keys}
    found = {}
    rows = SearchFacet.objects.filter(entry_id__in=page_ids).values_list("entry_id", "facet", "value")
    for entry_id, facet, value in rows:
        found.setdefault((facet, value), []).append(entry_id)
    return {key: ids_array(ids) for key, ids in found.items()}


def title_keys(titles, ids):
    return [(title.casefold(), pk) for title, pk in zip(titles, ids.tolist(), strict=True)]


def columns(rows, dtypes):
    return tuple(np.array([row[i] for row in rows], dtype=dtype) for i, dtype in enumerate(dtypes))


class Snapshot:
    """Entries as positions 0…n-1 in page-id order, with boolean masks over those positions."""

    def __init__(self, rows, token, version):
        self.rows, self.token, self.version = rows, token, version
        self.vendor = connection.vendor
        order = np.argsort(rows.entries, kind="stable")
        self.ids = rows.entries[order]
        self.is_crisis = rows.crisis[order]
        self.is_24_7 = rows.all_day[order]
        self.titles = rows.titles[order]
        self.facets = {key: self.mask(ids) for key, ids in rows.facets.items() if len(ids)}
        point_ids, self.latitudes, self.longitudes = rows.points
        self.point_positions = self.positions(point_ids)
        opening_ids, self.opening_starts, self.opening_ends = rows.openings
        self.opening_positions = self.positions(opening_ids)
        self._title_order = None
        self._by_title = None  # [(case-folded title, page id)], sorted, once worked out

    @classmethod
    def load(cls, token, version):
        return cls(Rows.read(), token, version)

    def with_pages(self, rows, page_ids, token, version):
        """A new snapshot: this one with the given pages' rows replaced by `rows` (this one is unchanged).
        A title order already worked out is carried over, the changed pages moved in it: sorting
        every title again took 100-150 ms at 100,000 resources."""
        snapshot = Snapshot(self.rows.without(page_ids).plus(rows), token, version)
        if self._by_title is not None:
            changed = set(page_ids)
            by_title = [item for item in self._by_title if item[1] not in changed]
            for item in title_keys(rows.titles, rows.entries):
                bisect.insort(by_title, item)
            snapshot._by_title = by_title
        return snapshot

    def is_for(self, token, version):
        return self.token == token and self.version == version and self.vendor == connection.vendor

    @property
    def size(self):
        return len(self.ids)

    def locate(self, ids):
        """(positions of the given page ids that have an entry, which of the ids those were)."""
        ids = np.asarray(ids, dtype=np.int64)
        if not self.size:
            return ids[:0], np.zeros(len(ids), dtype=bool)
        found = np.searchsorted(self.ids, ids)
        found[found == self.size] = 0
        kept = self.ids[found] == ids
        return found[kept], kept

    def positions(self, ids):
        return self.locate(ids)[0]

    def mask(self, ids):
        mask = np.zeros(self.size, dtype=bool)
        mask[self.positions(ids)] = True
        return mask

    def has_any(self, facet, values):
        mask = np.zeros(self.size, dtype=bool)
        for value in values:
            if (facet, value) in self.facets:
                mask |= self.facets[facet, value]
        return mask

    @property
    def title_order(self):
        """Each entry's rank by title, case-insensitively; worked out when first needed."""
        if self._title_order is None:
            if self._by_title is None:
                self._by_title = sorted(title_keys(self.titles, self.ids))
            ranked = np.fromiter((pk for _title, pk in self._by_title), dtype=np.int64, count=self.size)
            order = np.empty(self.size, dtype=np.int64)
            order[self.positions(ranked)] = np.arange(self.size)
            self._title_order = order
        return self._title_order

    def squared_distances(self, point):
        """Squared flat-earth distance of every point, in miles²: good to a fraction of a percent
        across a county."""
        lat, lon = point
        dlat = (self.latitudes - lat) * geo.MILES_PER_DEGREE
        dlon = (self.longitudes - lon) * (geo.MILES_PER_DEGREE * np.cos(np.radians(lat)))
        return dlat * dlat + dlon * dlon

    def nearest(self, point):
        """Each entry's squared distance to its nearest point (infinity when it has none)."""
        nearest = np.full(self.size, np.inf)
        np.minimum.at(nearest, self.point_positions, self.squared_distances(point))
        return nearest

    def open_at(self, minute):
        """Entries open at this minute of the week: 24/7 ones and those with an opening covering it."""
        covering = (self.opening_starts <= minute) & (minute < self.opening_ends)
        mask = self.is_24_7.copy()
        mask[self.opening_positions[covering]] = True
        return mask
