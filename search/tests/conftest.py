"""A small directory with known answers, indexed, for the search tests."""

import datetime
import os

import pytest

from resources.factories import ResourcePageFactory, ServiceLocationFactory
from resources.models import Category, Community, Language, Population, ServiceSchedule
from search import elastic, indexing

# The shelter's confidential address, some miles from the centre of the area it serves.
SHELTER_ADDRESS = (42.7012, -83.3012)


def location(city, lat, lon, **extra):
    return ServiceLocationFactory.build(city=city, latitude=str(lat), longitude=str(lon), **extra)


def resource(title, summary, categories, city, point, **fields):
    return ResourcePageFactory(
        title=title,
        summary=summary,
        categories=list(Category.objects.filter(slug__in=categories)),
        locations=[location(city, *point, is_confidential=fields.pop("confidential", False))],
        languages=list(Language.objects.filter(code__in=fields.pop("languages", ["en"]))),
        service_areas=list(Community.objects.filter(slug__in=fields.pop("serves", []))),
        populations=list(Population.objects.filter(slug__in=fields.pop("populations", []))),
        **fields,
    )


@pytest.fixture
def directory_data(db):
    weekdays = [
        ServiceSchedule(weekday=d, opens_at=datetime.time(9), closes_at=datetime.time(17)) for d in range(5)
    ]
    pages = {
        "crisis": resource(
            "Crisis Line",
            "Call any time if you are thinking about suicide.",
            ["crisis-crisis-lines"],
            "Auburn Hills",
            (42.6875, -83.2341),
            is_crisis=True,
            is_24_7=True,
            is_free=True,
            languages=["en", "es"],
            serves=["auburn-hills"],
            delivers_by_phone=True,
        ),
        "counseling": resource(
            "Family Counseling Center",
            "Counseling for parents and children in hard times.",
            ["counseling-family-counseling"],
            "Birmingham",
            (42.5467, -83.2113),
            has_sliding_scale=True,
            languages=["en", "ar"],
            serves=["birmingham"],
            populations=["families"],
            schedules=weekdays,
        ),
        "food": resource(
            "Food Pantry",
            "Groceries every week, no paperwork required.",
            ["food"],
            "Pontiac",
            (42.6389, -83.2910),
            is_free=True,
            languages=["es"],
            serves=["pontiac"],
        ),
        "shelter": resource(
            "Safe Shelter",
            "Emergency shelter for families leaving abuse.",
            ["housing-emergency-shelter"],
            "Waterford Township",
            SHELTER_ADDRESS,
            confidential=True,
            is_free=True,
            serves=["waterford-township"],
        ),
        "rehab": resource(
            "Recovery Clinic",
            "Outpatient substance use treatment with medication.",
            ["substance-use-treatment"],
            "Troy",
            (42.6064, -83.1498),
            accepts_insurance=True,
            serves=["troy"],
            delivers_by_video=True,
        ),
        "lansing": resource(
            "Statewide Counseling Line",
            "Counseling by video for people across Michigan.",
            ["counseling"],
            "Lansing",
            (42.7325, -84.5555),
            is_free=True,
            serves=["auburn-hills"],
            delivers_by_video=True,
        ),
    }
    indexing.rebuild()
    return pages


@pytest.fixture
def elasticsearch(settings):
    """Turn the Elasticsearch backend on, against the real server `make test` or CI started."""
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must run a real Elasticsearch: ELASTICSEARCH_URL is not set.")
        pytest.skip("No Elasticsearch: set ELASTICSEARCH_URL, or run `make test` where Java and Maven are.")
    settings.ELASTICSEARCH_URL = url
    yield url
    settings.ELASTICSEARCH_URL = url  # a test may have pointed it elsewhere
    elastic.drop_indexes()


@pytest.fixture
def es_directory(directory_data, elasticsearch):
    elastic.rebuild()
    return directory_data


@pytest.fixture
def sync_tasks(monkeypatch):
    """The page ids of each search sync task enqueued, in order; the tasks still run."""
    from search import tasks

    enqueued, real = [], tasks.sync_resources

    class Recording:
        def enqueue(self, page_ids):
            enqueued.append(list(page_ids))
            return real.enqueue(page_ids)

    monkeypatch.setattr(tasks, "sync_resources", Recording())
    return enqueued
