"""What a search hit shows so a person can act without opening the page: the main phone, the town,
the hours (to say "Open now"), cost and languages. Stored with each indexed resource (the
database's `SearchEntry.card`, the Elasticsearch document's `card`) and read back the same way by
both backends.
"""

from resources import hours
from resources.models import PhoneType
from resources.validators import format_phone, phone_href


def card(record):
    """The card data of a resource record, as JSON-ready values."""
    phone = main_phone(record.phones)
    return {
        "phone": display_phone(phone) if phone else "",
        "phone_href": f"tel:{phone_href(phone.number)}" if phone else "",
        "locality": locality(record),
        "costs": list(record.costs),
        "languages": [language.code for language in record.languages],
        "is_24_7": record.is_24_7,
        "hours": [list(hours.week_minutes(row)) for row in record.schedules],
    }


def main_phone(phones):
    """The first number a person can call; text-only and fax numbers are not for calling."""
    callable_types = {PhoneType.VOICE, PhoneType.TEXTPHONE, PhoneType.VIDEO}
    return next((phone for phone in phones if phone.type in callable_types), None)


def display_phone(phone):
    number = format_phone(phone.number)
    return f"{number} ext. {phone.extension}" if phone.extension else number


def locality(record):
    """The town: of the first public location, else the first community served. A confidential
    location (a shelter) gives nothing away, not even its town."""
    public = [location.city for location in record.locations if not location.is_confidential]
    if public:
        return public[0]
    return record.service_areas[0].name if record.service_areas else ""


def open_now(card_data, minute):
    """True or False at this minute of the week, or None when the hours are not known."""
    if card_data.get("is_24_7"):
        return True
    ranges = card_data.get("hours") or []
    return hours.is_open_during(ranges, minute) if ranges else None
