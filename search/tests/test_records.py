"""Records read pages as values, a batch at a time: they must say what the pages say."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resources.factories import ResourcePageFactory
from search.records import RecordReader

pytestmark = pytest.mark.django_db


def test_a_record_says_what_its_page_says(directory_data):
    page = directory_data["counseling"]
    (record,) = RecordReader().read([page.pk])
    assert (record.pk, record.uuid, record.url) == (page.pk, str(page.uuid), page.url)
    assert (record.title, record.summary, record.is_crisis) == (page.title, page.summary, page.is_crisis)
    assert record.categories == list(page.categories.all())
    assert record.service_areas == list(page.service_areas.all())
    assert record.languages == list(page.languages.all()) and len(record.languages) == 2
    assert record.costs == ["sliding-scale"] and record.delivery == ["in-person"]
    assert [location.city for location in record.locations] == ["Birmingham"]
    assert sorted(opening.weekday for opening in record.schedules) == [0, 1, 2, 3, 4]
    assert [phone.number for phone in record.phones] == [p.number for p in page.phones.all()]


def test_only_live_pages_are_read(directory_data):
    draft = ResourcePageFactory(title="Draft", live=False)
    pages = [directory_data["food"].pk, draft.pk]
    assert [record.title for record in RecordReader().read(pages)] == ["Food Pantry"]


def test_reading_costs_the_same_queries_for_two_pages_or_six(directory_data):
    ids = sorted(page.pk for page in directory_data.values())
    reader = RecordReader()
    with CaptureQueriesContext(connection) as two:
        reader.read(ids[:2])
    with CaptureQueriesContext(connection) as six:
        reader.read(ids)
    # pages, four relations, and locations, schedules and phones: one query each
    assert len(two) == len(six) <= 9
