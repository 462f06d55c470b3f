"""Requests stored before encryption: seal their personal fields and add their look-up digests.

Reads and writes the table directly, because the model's fields now expect ciphertext.
"""

from django.db import migrations

FIELDS = ["name", "phone", "email", "person", "message"]


def seal(apps, schema_editor):
    from referrals.encryption import key_ring
    from referrals.lookup_keys import email_key, phone_key

    transform(schema_editor, lambda field, reference, value: key_ring().encrypt(value, context(field, reference)))
    rows = apps.get_model("referrals", "FollowUpRequest").objects.only("reference", "phone", "email")
    for request in rows.iterator():
        request.phone_key, request.email_key = phone_key(request.phone), email_key(request.email)
        request.save(update_fields=["phone_key", "email_key"])


def unseal(apps, schema_editor):
    from referrals.encryption import key_ring

    transform(schema_editor, lambda field, reference, value: key_ring().decrypt(value, context(field, reference)))


def context(field, reference):
    """As `EncryptedMixin.context`: the column and the row."""
    return f"referrals.followuprequest.{field}:{reference}"


def transform(schema_editor, change):
    quote = schema_editor.quote_name
    table, columns = quote("referrals_followuprequest"), ", ".join(map(quote, FIELDS))
    assignments = ", ".join(f"{quote(field)} = %s" for field in FIELDS)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, reference, {columns} FROM {table}")  # noqa: S608 (names quoted above)
        for pk, reference, *values in cursor.fetchall():
            changed = [
                change(field, reference, value) if value else value
                for field, value in zip(FIELDS, values, strict=True)
            ]
            cursor.execute(f"UPDATE {table} SET {assignments} WHERE id = %s", [*changed, pk])  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [("referrals", "0003_casework_and_encryption")]

    operations = [migrations.RunPython(seal, unseal)]
