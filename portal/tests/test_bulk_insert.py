"""Rows inserted in bulk arrive as the ORM would save them, and errors are Django's own."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from wagtail.models import Page, Revision

from portal.bulk_insert import insert_rows
from resources.models import Language

pytestmark = pytest.mark.django_db


def test_values_of_every_kind_arrive_as_given(directory):
    page_type = ContentType.objects.get_for_model(Page)
    created = datetime.datetime(2026, 11, 27, 9, 30, tzinfo=datetime.UTC)
    content = {"title": 'Say "hello"\tand\\or leave', "when": created, "lines": ["a\nb", None]}

    count = insert_rows(
        Revision,
        [
            Revision(
                content_type=page_type,
                base_content_type=page_type,
                object_id=str(directory.pk),
                object_str="Ünïcode, commas, \\N",
                content=content,
                created_at=created,
                user=None,
            )
        ],
    )

    assert count == 1
    revision = Revision.objects.get(object_str="Ünïcode, commas, \\N")
    assert revision.content == {**content, "when": "2026-11-27T09:30:00Z"}
    assert revision.created_at == created
    assert revision.user_id is None and revision.approved_go_live_at is None


def test_many_rows_and_none():
    assert insert_rows(Language, []) == 0
    insert_rows(Language, [Language(code=f"x{i:02d}", name=f"Test language {i}") for i in range(50)])
    assert Language.objects.filter(name__startswith="Test language").count() == 50


def test_a_refused_row_is_a_django_integrity_error_and_writes_nothing():
    taken = Language.objects.first().code

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Language, [Language(code="zzz", name="New"), Language(code=taken, name="Again")])

    assert not Language.objects.filter(code="zzz").exists()
