"""A resident's list of chosen resources, kept only in the URL (`?saved=uuid,uuid`): no account,
nothing stored on the server, shareable as a link."""

import uuid

MAX_SAVED = 30


def parse(value):
    """The valid resource UUIDs in a `saved` parameter, in order, without duplicates."""
    ids = []
    for part in (value or "").split(",")[: MAX_SAVED * 2]:
        try:
            ids.append(str(uuid.UUID(part.strip())))
        except ValueError:
            continue
    return list(dict.fromkeys(ids))[:MAX_SAVED]


def toggled(ids, resource_id):
    """The list with `resource_id` added, or removed if it was there."""
    if resource_id in ids:
        return [other for other in ids if other != resource_id]
    return [*ids, resource_id][:MAX_SAVED]


def join(ids):
    return ",".join(ids)


def resources(ids):
    """The published, public resources of the list, in the order they were chosen."""
    from resources.models import ResourcePage

    pages = (
        ResourcePage.objects.live()
        .public()
        .filter(uuid__in=ids)
        .select_related("organization")
        .prefetch_related("phones", "locations", "schedules")
    )
    by_id = {str(page.uuid): page for page in pages}
    return [by_id[resource_id] for resource_id in ids if resource_id in by_id]
