"""Turning HSDS values into the directory's, checked by the model fields' own validation."""

import decimal
import html
import re
import uuid

from django.core.exceptions import ValidationError
from django.db.models import DecimalField

SIX_PLACES = decimal.Decimal("0.000001")
SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def plain_to_rich_text(text):
    """Plain text (paragraphs split by blank lines) as the rich text the page editor writes."""
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text or "")]
    return "".join(f"<p>{html.escape(part, quote=False)}</p>" for part in paragraphs if part)


def shortened(text, limit):
    """At most `limit` characters, with an ellipsis when cut (Truncator's rule, a tenth of its cost)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def first_sentence(text, limit=300):
    sentence = SENTENCE_END.split(" ".join((text or "").split()), maxsplit=1)[0]
    return shortened(sentence, limit)


def field_values(row):
    return None if row is None else [getattr(row, field.attname) for field in row._meta.concrete_fields]


def clean_value(model, name, raw):
    """`raw` as the model field's value, validated by the field itself (type, length, choices, validators)."""
    model_field = model._meta.get_field(name)
    if isinstance(raw, (list, dict)):
        raise ValidationError("expected a single value, not a list or object")
    if raw is None or raw == "":
        raw = None if model_field.null else ""
    elif isinstance(model_field, DecimalField):
        raw = six_places(raw)
    elif isinstance(raw, str):
        raw = raw.strip()
    return model_field.clean(raw, None)


def six_places(raw):
    """Coordinates from other systems often carry more decimals than the 6 (10 cm) kept here."""
    try:
        return decimal.Decimal(str(raw).strip()).quantize(SIX_PLACES)
    except (decimal.InvalidOperation, ValueError):
        return raw


def is_zero(amount):
    try:
        return float(amount) == 0
    except (TypeError, ValueError):
        return False


def is_uuid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return value is not None


def shown(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def describe(error):
    if hasattr(error, "message_dict"):
        return " ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    if hasattr(error, "messages"):
        return " ".join(error.messages)
    return str(error).splitlines()[0]
