"""The Elasticsearch document as plain data: no server needed."""

import datetime

import pytest

from resources.models import ServiceSchedule
from search.documents import ANALYSIS, ResourceDocument, minute_range, new_index
from search.records import RecordReader

pytestmark = pytest.mark.django_db


def test_document_holds_public_fields_only(directory_data):
    (record,) = RecordReader().read([directory_data["shelter"].pk])
    shelter = ResourceDocument.source(record)
    assert set(shelter) == set(ResourceDocument._doc_type.mapping.properties.to_dict()["properties"])
    assert shelter["title"] == "Safe Shelter"
    assert shelter["categories"] == ["housing", "housing-emergency-shelter"]
    assert shelter["category_tops"] == ["housing"]
    assert shelter["facet_keys"] == [
        "category:housing", "community:waterford-township", "language:en", "cost:free", "delivery:in-person"
    ]  # fmt: skip
    assert shelter["costs"] == ["free"] and shelter["communities"] == ["waterford-township"]
    # The confidential address is replaced by the public centre of the area it serves.
    assert shelter["points"] == [{"lat": 42.663, "lon": -83.39}]
    assert "hidden" not in shelter["text_stems"] and shelter["suggest"] == {"input": ["Safe Shelter"]}
    assert shelter["title_stems"] == "safe shelter" and "famili leav abus" in shelter["text_stems"]
    assert shelter["card"]["locality"] == "Waterford Township"  # the area served, not the hidden town


def test_minute_range():
    friday_night = ServiceSchedule(weekday=4, opens_at=datetime.time(20), closes_at=datetime.time(0))
    assert minute_range(friday_night) == {"gte": 4 * 1440 + 1200, "lt": 5 * 1440}
    monday = ServiceSchedule(weekday=0, open_24_hours=True)
    assert minute_range(monday) == {"gte": 0, "lt": 1440}


@pytest.mark.parametrize("analysis", sorted(ANALYSIS))
def test_index_analysis_comes_from_configuration(settings, analysis):
    settings.ELASTICSEARCH_ANALYSIS = analysis
    body = new_index("x").to_dict()
    assert body["settings"]["analysis"] == ANALYSIS[analysis]
    assert body["mappings"]["properties"]["points"] == {"type": "geo_point"}
    assert body["mappings"]["properties"]["title"]["analyzer"] == "resource_text"
