"""Personal fields are sealed with AES-GCM: unreadable in the database, refused when altered or read
under the wrong key, found only through keyed digests, and re-encrypted by key rotation."""

import datetime
import io

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from referrals.encryption import DecryptionError, KeyRing, key_ring, new_key
from referrals.models import FollowUpRequest, Person
from referrals.people import find_by_name

pytestmark = pytest.mark.django_db

OTHER_KEY = "ZmFrZS1idXQtd2VsbC1mb3JtZWQta2V5LTMyLWJ5dGU"


def raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 (test names)
        return cursor.fetchone()[0]


def read(value):
    """Reading an attribute opens it: the point at which a bad value must raise."""
    return value


def write_raw(table, column, pk, value):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608


@pytest.fixture
def maria():
    return Person.objects.create(
        first_name="María",
        last_name="O'Connor",
        date_of_birth=datetime.date(1961, 4, 2),
        phone="+12485550144",
        email="maria@example.org",
    )


def test_the_database_holds_only_ciphertext_and_the_same_value_seals_differently(maria):
    twin = Person.objects.create(first_name="María", last_name="O'Connor")
    stored = [raw("referrals_person", "first_name", pk) for pk in (maria.pk, twin.pk)]
    assert all(value.startswith("v1:") and "Mar" not in value for value in stored)
    assert stored[0] != stored[1]
    for column in ("last_name", "date_of_birth", "phone", "email"):
        value = raw("referrals_person", column, maria.pk)
        assert value.startswith("v1:") and "0144" not in value and "1961" not in value
    again = Person.objects.get(pk=maria.pk)
    assert (again.first_name, again.date_of_birth, again.email) == (
        "María",
        datetime.date(1961, 4, 2),
        "maria@example.org",
    )


def test_a_wrong_key_raises_instead_of_returning_ciphertext(maria, settings):
    settings.FIELD_ENCRYPTION_KEY = OTHER_KEY
    with pytest.raises(DecryptionError):
        read(Person.objects.get(pk=maria.pk).first_name)


def test_a_changed_byte_raises(maria):
    stored = raw("referrals_person", "last_name", maria.pk)
    flipped = stored[:-6] + ("A" if stored[-6] != "A" else "B") + stored[-5:]
    write_raw("referrals_person", "last_name", maria.pk, flipped)
    with pytest.raises(DecryptionError):
        read(Person.objects.get(pk=maria.pk).last_name)


def test_a_value_copied_into_another_column_raises(maria):
    write_raw("referrals_person", "first_name", maria.pk, raw("referrals_person", "last_name", maria.pk))
    with pytest.raises(DecryptionError):
        read(Person.objects.get(pk=maria.pk).first_name)


def test_a_value_copied_into_another_persons_row_raises(maria):
    """Swapping two people's phone numbers in the database is caught, not read as theirs."""
    other = Person.objects.create(first_name="Sam", phone="+12485550177")
    write_raw("referrals_person", "phone", other.pk, raw("referrals_person", "phone", maria.pk))
    with pytest.raises(DecryptionError):
        read(Person.objects.get(pk=other.pk).phone)
    assert Person.objects.get(pk=maria.pk).phone == "+12485550144"


def test_values_read_without_their_row_never_pass_for_data(maria):
    (phone,) = Person.objects.filter(pk=maria.pk).values_list("phone", flat=True)
    assert not isinstance(phone, str) and "0144" not in repr(phone) and "v1:" not in str(phone)
    with pytest.raises(TypeError):
        Person.objects.filter(pk=maria.pk).update(phone="+12485550100")


def test_garbage_and_plain_text_raise(maria):
    for value in ("plain text", "v1:unknown:AAAA", "v1:" + key_ring().current_id + ":not base64!"):
        write_raw("referrals_person", "email", maria.pk, value)
        with pytest.raises(DecryptionError):
            read(Person.objects.get(pk=maria.pk).email)


def test_encrypted_fields_cannot_be_compared_in_the_database(maria):
    with pytest.raises(FieldError):
        Person.objects.filter(last_name="O'Connor").exists()
    assert Person.objects.filter(date_of_birth__isnull=False).count() == 1


def test_empty_optional_values_stay_empty():
    person = Person.objects.create(first_name="Sam")
    assert raw("referrals_person", "email", person.pk) == ""
    assert raw("referrals_person", "date_of_birth", person.pk) is None


def test_contact_fields_of_a_request_are_sealed_too(client):
    request = FollowUpRequest.objects.create(
        relationship="family",
        name="Dana Example",
        phone="+12485550123",
        email="dana@example.org",
        person="J.",
        message="My brother had a hard night.",
        consent=True,
    )
    for column in ("name", "phone", "email", "person", "message"):
        assert raw("referrals_followuprequest", column, request.pk).startswith("v1:")
    assert FollowUpRequest.objects.get(pk=request.pk).message == "My brother had a hard night."


def test_rotation_reads_either_key_then_leaves_only_the_new_one(maria, settings):
    old = settings.FIELD_ENCRYPTION_KEY
    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_PREVIOUS_KEYS = OTHER_KEY, [old]
    assert Person.objects.get(pk=maria.pk).last_name == "O'Connor"  # old values read under the old key
    out = io.StringIO()
    call_command("rotate_encryption_key", batch=1, stdout=out)
    assert "people: 1 re-encrypted" in out.getvalue()
    new_id = KeyRing(OTHER_KEY).current_id
    assert raw("referrals_person", "first_name", maria.pk).startswith(f"v1:{new_id}:")
    settings.FIELD_ENCRYPTION_PREVIOUS_KEYS = []
    again = Person.objects.get(pk=maria.pk)
    assert (again.first_name, again.phone) == ("María", "+12485550144")
    assert list(find_by_name("maria oconnor")) == [maria]  # digests recomputed under the new key


def test_a_new_key_is_32_random_bytes():
    first, second = new_key(), new_key()
    assert first != second and KeyRing(first).current_id != KeyRing(second).current_id
