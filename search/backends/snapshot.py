"""An in-memory copy of the database backend's search tables, one per worker process.

Filtering, facet counting and distance as SQL over the search tables measured 40-150 ms a query
at 10,000 resources and grew with the data (0.4-1.2 s at 100,000); the same work over arrays,
one entry per element, takes a few milliseconds. Full-text matching stays in the database's own
engine. The copy is tied to `SearchIndexState.token`, which every write to the search tables
changes in the same transaction, so a worker loads a fresh copy on its first search after a publish.
"""

import math
import threading

import numpy as np
from django.db import connection

from resources import hours
from resources.models import ServiceSchedule
from search import geo
from search.models import SearchFacet, SearchIndexState

_lock = threading.Lock()
_current = None


def current():
    """The snapshot matching the database's index token, loading a new one when it changed."""
    global _current
    token = SearchIndexState.current()
    snapshot = _current
    if is_current(snapshot, token):
        return snapshot
    with _lock:  # one thread loads; the others wait for its copy
        if not is_current(_current, token):
            _current = Snapshot(token)
        return _current


def is_current(snapshot, token):
    return snapshot is not None and snapshot.token == token and snapshot.vendor == connection.vendor


def fetch(sql, params=()):
    """Rows of a fixed query, raw: building model values for every row was most of the loading time."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class Snapshot:
    """Entries as positions 0…n-1 in page-id order, with boolean masks over those positions."""

    def __init__(self, token):
        self.token = token
        self.vendor = connection.vendor
        rows = fetch("SELECT page_id, is_crisis, is_24_7 FROM search_searchentry ORDER BY page_id")
        self.ids = np.array([row[0] for row in rows], dtype=np.int64)
        self.is_crisis = np.array([row[1] for row in rows], dtype=bool)
        self.is_24_7 = np.array([row[2] for row in rows], dtype=bool)
        by_title = [row[0] for row in fetch("SELECT page_id FROM search_searchentry ORDER BY title, page_id")]
        self.title_order = np.empty(len(rows), dtype=np.int64)
        self.title_order[self.positions(by_title)] = np.arange(len(rows))
        self.facets = self.load_facets()
        points = fetch("SELECT entry_id, latitude, longitude FROM search_searchpoint")
        self.point_positions = self.positions([p[0] for p in points])
        self.latitudes = np.array([p[1] for p in points], dtype=np.float64)
        self.longitudes = np.array([p[2] for p in points], dtype=np.float64)
        self._open = (None, None)

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

    def load_facets(self):
        """{(facet, value): mask of the entries that have it}; one index-only read per value."""
        keys = SearchFacet.objects.order_by().values_list("facet", "value").distinct()
        sql = "SELECT entry_id FROM search_searchfacet WHERE facet = %s AND value = %s"
        return {key: self.mask([row[0] for row in fetch(sql, key)]) for key in keys}

    def has_any(self, facet, values):
        mask = np.zeros(self.size, dtype=bool)
        for value in values:
            if (facet, value) in self.facets:
                mask |= self.facets[facet, value]
        return mask

    def squared_distances(self, point):
        """Squared flat-earth distance of every point, in miles²: good to a fraction of a percent
        across a county."""
        lat, lon = point
        dlat = (self.latitudes - lat) * geo.MILES_PER_DEGREE
        dlon = (self.longitudes - lon) * (geo.MILES_PER_DEGREE * math.cos(math.radians(lat)))
        return dlat * dlat + dlon * dlon

    def nearest(self, point):
        """Each entry's squared distance to its nearest point (infinity when it has none)."""
        nearest = np.full(self.size, np.inf)
        np.minimum.at(nearest, self.point_positions, self.squared_distances(point))
        return nearest

    def open_now(self):
        """Entries open at this minute: 24/7 ones and those with a schedule row covering it.
        Kept for the minute, since every search in that minute has the same answer."""
        weekday, local_time = hours.local_weekday_and_time(hours.now())
        key = (weekday, local_time.replace(second=0, microsecond=0))
        if self._open[0] != key:
            rows = ServiceSchedule.objects.filter(hours.open_schedule_q(weekday, key[1]))
            self._open = (key, self.is_24_7 | self.mask(rows.values_list("page_id", flat=True)))
        return self._open[1]
