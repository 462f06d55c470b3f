"""Personal data encrypted at rest: AES-GCM model fields and keyed blind indexes.

Each value is stored as `v1:<key id>:<base64 of nonce + ciphertext>`, with the column's name
(`app.model.field`) as associated data, so a wrong key, a changed byte, or a value copied into
another column raises `DecryptionError` instead of coming back as if it were data. Keys come from
`FIELD_ENCRYPTION_KEY` (never from `SECRET_KEY`); `FIELD_ENCRYPTION_PREVIOUS_KEYS` lists retired
keys that may still be read while `manage.py rotate_encryption_key` rewrites every value.

Encrypted columns cannot be searched or compared in the database: exact look-ups go through
`blind_index()`, an HMAC of a normalised value under a key derived from the current key.
"""

import base64
import binascii
import datetime
import functools
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models
from django.db.models.query_utils import DeferredAttribute

FORMAT = "v1"
NONCE_BYTES = 12
INDEX_HEX = 32  # 128 bits of the HMAC: no collisions in practice, and not reversible


class DecryptionError(Exception):
    """A stored value that this key ring cannot authenticate: wrong key, or altered data."""


class KeyRing:
    """The current key (encrypts) and retired keys (still decrypt), each known by a short id."""

    def __init__(self, current, previous=()):
        self.current = decode_key(current)
        self.current_id = key_id(self.current)
        self.keys = {key_id(key): key for key in map(decode_key, previous)}
        self.keys[self.current_id] = self.current
        self.index_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"core-portal blind index"
        ).derive(self.current)

    def encrypt(self, plaintext, context):
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.current).encrypt(nonce, plaintext.encode(), context.encode())
        return f"{FORMAT}:{self.current_id}:{base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, stored, context):
        try:
            version, kid, payload = stored.split(":", 2)
            key = self.keys[kid]
            raw = base64.b64decode(payload, validate=True)
        except (ValueError, KeyError, binascii.Error) as error:
            raise DecryptionError(f"{context}: not a value this key ring can read") from error
        if version != FORMAT:
            raise DecryptionError(f"{context}: unknown format {version!r}")
        try:
            return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode()).decode()
        except Exception as error:  # cryptography's InvalidTag: wrong key or altered bytes
            raise DecryptionError(f"{context}: the value fails authentication") from error

    def is_current(self, stored):
        return stored.startswith(f"{FORMAT}:{self.current_id}:")

    def blind_index(self, kind, value):
        message = f"{kind}\x1f{value}".encode()
        return hmac.new(self.index_key, message, hashlib.sha256).hexdigest()[:INDEX_HEX]


def decode_key(text):
    try:
        key = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except (binascii.Error, ValueError) as error:
        raise ImproperlyConfigured("An encryption key must be 32 bytes in URL-safe base64.") from error
    if len(key) != 32:
        raise ImproperlyConfigured("An encryption key must be 32 bytes in URL-safe base64.")
    return key


def key_id(key):
    return hashlib.sha256(b"core-portal key id" + key).hexdigest()[:8]


def new_key():
    """A fresh key in the form FIELD_ENCRYPTION_KEY expects."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


@functools.cache
def key_ring():
    current = getattr(settings, "FIELD_ENCRYPTION_KEY", None)
    if not current:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set to read or write personal data.")
    return KeyRing(current, getattr(settings, "FIELD_ENCRYPTION_PREVIOUS_KEYS", ()))


def forget_keys(*, setting, **kwargs):
    if setting.startswith("FIELD_ENCRYPTION_"):
        key_ring.cache_clear()


setting_changed.connect(forget_keys)


def blind_index(kind, value):
    """The look-up digest of an already normalised value ('' for no value)."""
    return key_ring().blind_index(kind, value) if value else ""


class Sealed:
    """A value as stored: ciphertext not yet opened. Never a string, so it cannot pass for data
    (`values_list()` on an encrypted field, which has no row to open it with, gives these)."""

    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return "<sealed value>"

    __str__ = __repr__


class EncryptedAttribute(DeferredAttribute):
    """Opens the stored value on first access, bound to its row by the row's reference code."""

    def __set__(self, instance, value):
        # A data descriptor, so that reading goes through __get__ even once the value is loaded.
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if instance is not None and isinstance(value, Sealed):
            value = self.field.from_text(key_ring().decrypt(value.text, self.field.context(instance)))
            instance.__dict__[self.field.attname] = value
        return value


class EncryptedMixin:
    """Stores the field's value encrypted in a text column; only `isnull` can be looked up.

    The associated data names the column and the row (`app.model.field:<reference>`), so a value
    copied into another column or another person's row fails authentication. Values are sealed in
    `pre_save` (where the row is known) and opened on first access; writing one any other way
    (`QuerySet.update()`) is refused. Empty values stay empty (a blank optional field says nothing
    worth hiding), so forms and "has an email?" questions work without decrypting.
    """

    descriptor_class = EncryptedAttribute

    def get_internal_type(self):
        return "TextField"

    def context(self, instance):
        return f"{self.model._meta.label_lower}.{self.name}:{instance.reference}"

    def get_lookup(self, lookup_name):
        # Ciphertext differs on every save: any comparison but isnull would silently find nothing.
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def from_db_value(self, value, expression, connection):
        return value if value is None or value == "" else Sealed(value)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value is None or value == "":
            return value
        return Sealed(key_ring().encrypt(self.to_text(value), self.context(model_instance)))

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None or value == "":
            return value
        if isinstance(value, Sealed):
            return value.text
        raise TypeError(f"{self.name}: an encrypted value is written by saving its row, not by update().")

    def to_text(self, value):
        return str(value)

    def from_text(self, text):
        return text


class EncryptedCharField(EncryptedMixin, models.CharField):
    """`max_length` limits what people type, not the column (which holds the longer ciphertext)."""


class EncryptedTextField(EncryptedMixin, models.TextField):
    pass


class EncryptedEmailField(EncryptedMixin, models.EmailField):
    pass


class EncryptedDateField(EncryptedMixin, models.DateField):
    def to_text(self, value):
        return value.isoformat()

    def from_text(self, text):
        return datetime.date.fromisoformat(text)
