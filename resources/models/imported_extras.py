"""What residents can use of the HSDS fields a page keeps from an import (`hsds_extra`, as another
system sent them): an alert, hours given in words, places online, documents to bring, interpretation,
and a location's own phones and hours. What is unusable (a number that is not one, a link that is not
http or https) is skipped, never shown raw."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from resources.validators import format_phone, validate_phone

from .details import PhoneType, ServicePhone

WEB_LINK = URLValidator(schemes=["http", "https"])


def words(items, key):
    """The non-empty texts under `key` of a kept list's items."""
    found = []
    for item in items if isinstance(items, list) else []:
        text = item.get(key) if isinstance(item, dict) else None
        if isinstance(text, str) and text.strip() and text.strip() not in found:
            found.append(text.strip())
    return found


def text(value):
    return value.strip() if isinstance(value, str) else ""


def web_link(value):
    try:
        WEB_LINK(value)
    except ValidationError:
        return ""
    return value


def phones(items, shown=()):
    """Kept phones as (unsaved) phone rows, for the page's own phone markup; numbers that cannot be
    dialled are skipped, and a number already `shown` (as residents read it) is shown once."""
    rows, seen = [], set(shown)
    for item in items:
        number = text(item.get("number")) if isinstance(item, dict) else ""
        try:
            validate_phone(number)
        except ValidationError:
            continue
        shown_as = format_phone(number)
        if shown_as in seen:
            continue
        seen.add(shown_as)
        extension = item.get("extension")
        kind = item.get("type") if item.get("type") in PhoneType.values else PhoneType.VOICE
        rows.append(
            ServicePhone(
                number=number,
                extension=str(extension) if isinstance(extension, int) else "",
                type=kind,
                description=text(item.get("description")),
            )
        )
    return rows


def online_places(links):
    """Kept virtual locations with a web link: [{"name", "url", "description"}]."""
    places = []
    for link in links if isinstance(links, list) else []:
        location = link.get("location") if isinstance(link, dict) else None
        if not isinstance(location, dict) or location.get("location_type") != "virtual":
            continue
        url = web_link(text(location.get("url")))
        if url:
            description = text(link.get("description")) or text(location.get("description"))
            places.append(
                {"name": text(location.get("name")) or "Online", "url": url, "description": description}
            )
    return places


def for_residents(kept):
    """The page's kept fields that residents can use, for its template."""
    return {
        "alert": text(kept.get("alert")),
        "hours_in_words": words(kept.get("schedules"), "description"),
        "online_places": online_places(kept.get("service_at_locations")),
        "documents": words(kept.get("required_documents"), "document"),
        "interpretation": text(kept.get("interpretation_services")),
    }


def of_location(kept, shown_numbers):
    """A location's own phones (but those the page already lists) and hours in words, from its kept
    fields and its link's."""
    location, link = kept.get("location", {}), kept.get("link", {})
    listed = [*(location.get("phones") or []), *(link.get("phones") or [])]
    schedules = [*(location.get("schedules") or []), *(link.get("schedules") or [])]
    return {"phones": phones(listed, shown_numbers), "hours_in_words": words(schedules, "description")}
