"""The Open Referral HSDS 3.0 API, read-only, at /api/hsds/ (paths as the HSDS OpenAPI document).

Only published, public directory data. Lists are paged with the HSDS paging fields; a bad
parameter is a 400 naming it, an unknown id a 404, both as JSON; any site may read it (CORS).
"""

import copy
import functools
import json
import math
import uuid
from dataclasses import replace
from pathlib import Path

from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from resources.hsds import serialize
from resources.models import Category, Organization, ServiceLocation
from search.api.params import BadParameter, boolean, identifier, integer, moment, paging
from search.backends import search as search_service
from search.forms import SearchForm


def api(view):
    """GET only; JSON errors; open to cross-origin reads. Exempt from CSRF checks because no method
    changes anything: a POST gets this API's JSON 405 rather than the site's HTML CSRF page."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if "id" in kwargs:
            kwargs["id"] = parse_id(kwargs["id"])
        if request.method not in ("GET", "HEAD"):
            response = error(405, "method_not_allowed", "This API is read-only: use GET.")
            response["Allow"] = "GET, HEAD"
        else:
            try:
                response = view(request, *args, **kwargs)
            except BadParameter as bad:
                response = error(400, "bad_parameter", bad.message, parameter=bad.name)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def error(status, code, message, **extra):
    return JsonResponse({"error": code, "message": message, **extra}, status=status)


def not_found(kind):
    return error(404, "not_found", f"No published {kind} has that id.")


def page_of(items, total, page, per_page, serialize):
    pages = max(1, math.ceil(total / per_page))
    return JsonResponse(
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": page,
            "size": len(items),
            "first_page": page == 1,
            "last_page": page >= pages,
            "empty": total == 0,
            "contents": [serialize(item) for item in items],
        }
    )


def window(queryset, page, per_page):
    """One page of rows and the total. The page's ids are found first, sorting only the ordering
    columns: sorting whole rows to skip to page 200 of 10,000 services took 50–75 ms on PostgreSQL."""
    total = queryset.count()
    start = (page - 1) * per_page
    ids = list(queryset.values_list("pk", flat=True)[start : start + per_page])
    rows = {row.pk: row for row in queryset.filter(pk__in=ids)}
    return [rows[pk] for pk in ids], total


@functools.cache
def official_openapi():
    return json.loads((Path(__file__).with_name("hsds_openapi.json")).read_text())


@api
def openapi(request):
    """The HSDS OpenAPI description, with this server's address and only the paths served here."""
    document = copy.deepcopy(official_openapi())
    document["servers"] = [{"url": request.build_absolute_uri(reverse("hsds_root")).rstrip("/")}]
    served = {"/", "/services", "/services/{id}", "/organizations", "/organizations/{id}", "/taxonomies",
              "/taxonomies/{id}", "/taxonomy_terms", "/taxonomy_terms/{id}", "/service_at_locations",
              "/service_at_locations/{id}"}  # fmt: skip
    document["paths"] = {path: spec for path, spec in document["paths"].items() if path in served}
    document["paths"]["/services"]["get"]["parameters"] += EXTRA_PARAMETERS
    return JsonResponse(document)


def extra(name, description, schema):
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


# The filters residents need that HSDS lacks, documented in the served OpenAPI document.
EXTRA_PARAMETERS = [
    extra("language", "CORE Portal extra: offered in this language (ISO 639 code, e.g. es). Repeatable.",
          {"type": "string"}),
    extra("community", "CORE Portal extra: serves this community (its slug, e.g. auburn-hills). Repeatable.",
          {"type": "string"}),
    extra("cost", "CORE Portal extra: free, sliding-scale or insurance. Repeatable.",
          {"type": "string", "enum": ["free", "sliding-scale", "insurance"]}),
    extra("open_now", "CORE Portal extra: only services open now (America/Detroit).", {"type": "boolean"}),
    extra("age", "CORE Portal extra: serves people of this age in years; not combinable with search.",
          {"type": "integer", "minimum": 0, "maximum": 120}),
]  # fmt: skip


def parse_id(raw):
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


@api
def root(request):
    return JsonResponse(
        {
            "version": serialize.HSDS_VERSION,
            "profile": serialize.PROFILE,
            "openapi_url": request.build_absolute_uri(reverse("hsds_openapi")),
        }
    )


# Parameters answered by the search service (HSDS's own, then the documented extras), as the
# search form's fields; an error on a form field is reported under the API's parameter name.
SEARCH_PARAMETERS = {"search": "q", "postcode": "near", "proximity": "radius", "language": "language",
                     "community": "community", "cost": "cost", "open_now": "open_now"}  # fmt: skip
DATABASE_ONLY = ("organization_id", "modified_after", "age")
METERS_PER_MILE = 1609.344


@api
def services(request):
    page, per_page = paging(request)
    full = boolean(request, "full") and not boolean(request, "minimal")
    if uses_search(request):
        items, total = searched_services(request, page, per_page, full)
    else:
        items, total = filtered_services(request, page, per_page, full)
    return page_of(items, total, page, per_page, functools.partial(serialize.service, full=full))


def uses_search(request):
    """Whether a parameter only the search service answers is set (open_now only when true)."""
    return boolean(request, "open_now") or any(
        request.GET.get(name) for name in SEARCH_PARAMETERS if name != "open_now"
    )


def searched_services(request, page, per_page, full):
    """A page of services from the search service: text, place, language, community, cost, open now."""
    for name in DATABASE_ONLY:
        if request.GET.get(name):
            raise BadParameter(name, f"{name} cannot be combined with search, postcode or the filters yet.")
    data = {field: request.GET.getlist(name) for name, field in SEARCH_PARAMETERS.items()}
    data["q"], data["near"] = request.GET.get("search", ""), request.GET.get("postcode", "")
    data["open_now"] = boolean(request, "open_now")
    data["radius"] = proximity_miles(request)
    if not in_our_taxonomy(request):
        return [], 0
    if term := identifier(request, "taxonomy_term_id"):
        data["category"] = list(Category.objects.filter(uuid=term).values_list("slug", flat=True))
        if not data["category"]:
            return [], 0
    form = SearchForm(data)
    if not form.is_valid():
        field, messages = next(iter(form.errors.items()))
        names = {form_field: name for name, form_field in SEARCH_PARAMETERS.items()}
        raise BadParameter(names.get(field, field), " ".join(messages))
    results = search_service(replace(form.to_query(per_page=per_page), page=page))
    found = serialize.published_services().filter(pk__in=[hit.page_id for hit in results.hits])
    by_id = {item.pk: item for item in (found.prefetch_related(*serialize.FULL_PREFETCH) if full else found)}
    return [by_id[hit.page_id] for hit in results.hits if hit.page_id in by_id], results.total


def in_term(term, path=""):
    """Services (or rows reached through `path`) in a taxonomy term or any of its child terms."""
    return Q(**{f"{path}categories__uuid": term}) | Q(**{f"{path}categories__parent__uuid": term})


def in_our_taxonomy(request):
    """True unless `taxonomy_id` names another taxonomy (the category tree is the only one here)."""
    taxonomy = identifier(request, "taxonomy_id")
    return taxonomy is None or str(taxonomy) == serialize.TAXONOMY_ID


def proximity_miles(request):
    raw = request.GET.get("proximity", "")
    if raw == "":
        return None
    message = "proximity must be a distance in meters, e.g. 16000."
    if not raw.isascii():  # float() would also read other scripts' digits (１６０００)
        raise BadParameter("proximity", message)
    try:
        return float(raw) / METERS_PER_MILE
    except ValueError as error:
        raise BadParameter("proximity", message) from error


def directory_filters(request, found, path=""):
    """The HSDS filters /services and /service_at_locations share; `path` leads from the rows
    filtered to their service page."""
    if not in_our_taxonomy(request):
        found = found.none()
    if term := identifier(request, "taxonomy_term_id"):
        found = found.filter(in_term(term, path)).distinct()
    if organization := identifier(request, "organization_id"):
        found = found.filter(**{f"{path}organization__uuid": organization})
    if since := moment(request, "modified_after"):
        found = found.filter(**{f"{path}last_published_at__gte": since})
    return found


def filtered_services(request, page, per_page, full):
    found = directory_filters(request, serialize.published_services())
    if (age := integer(request, "age", None, 0, 120)) is not None:
        found = found.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=age))
        found = found.filter(Q(maximum_age__isnull=True) | Q(maximum_age__gte=age))
    if full:
        found = found.prefetch_related(*serialize.FULL_PREFETCH)
    return window(found, page, per_page)


@api
def service(request, id):
    found = (
        id
        and serialize.published_services().prefetch_related(*serialize.FULL_PREFETCH).filter(uuid=id).first()
    )
    return JsonResponse(serialize.service(found)) if found else not_found("service")


def public_locations():
    return (
        ServiceLocation.objects.filter(page__in=serialize.published_services(), is_confidential=False)
        .select_related("page", "page__organization")
        .order_by("page_id", "sort_order", "pk")  # as services are listed
    )


def located(location, full):
    data = serialize.service_at_location(location, str(location.page.uuid), full=full)
    if full:
        data["service"] = serialize.service(location.page, full=False)
    return data


@api
def service_at_locations(request):
    """Public locations of published services; text and place search are answered on /services."""
    for name in ("search", "postcode", "proximity"):
        if request.GET.get(name):
            raise BadParameter(name, f"{name} is answered on /services here, not on /service_at_locations.")
    page, per_page = paging(request)
    full = boolean(request, "full")
    found = directory_filters(request, public_locations(), "page__")
    items, total = window(found, page, per_page)
    return page_of(items, total, page, per_page, functools.partial(located, full=full))


@api
def service_at_location(request, id):
    found = id and public_locations().filter(uuid=id).first()
    return JsonResponse(located(found, full=True)) if found else not_found("service at location")


@api
def organizations(request):
    page, per_page = paging(request)
    items, total = window(Organization.objects.order_by("name", "pk"), page, per_page)
    return page_of(items, total, page, per_page, serialize.organization)


@api
def organization(request, id):
    found = id and Organization.objects.filter(uuid=id).first()
    if found is None:
        return not_found("organization")
    listed = (
        serialize.published_services().filter(organization=found).prefetch_related(*serialize.FULL_PREFETCH)
    )
    return JsonResponse(serialize.organization(found, services=[serialize.service(page) for page in listed]))


@api
def taxonomies(request):
    page, per_page = paging(request)
    items = [serialize.TAXONOMY] if page == 1 else []
    return page_of(items, 1, page, per_page, dict)


@api
def taxonomy(request, id):
    return JsonResponse(serialize.TAXONOMY) if str(id) == serialize.TAXONOMY_ID else not_found("taxonomy")


@api
def taxonomy_terms(request):
    page, per_page = paging(request)
    terms = Category.objects.select_related("parent").order_by("sort_order", "name", "pk")
    if boolean(request, "top_only"):
        terms = terms.filter(parent__isnull=True)
    if parent := identifier(request, "parent_id"):
        terms = terms.filter(parent__uuid=parent)
    if not in_our_taxonomy(request):
        terms = terms.none()
    items, total = window(terms, page, per_page)
    return page_of(items, total, page, per_page, serialize.taxonomy_term)


@api
def taxonomy_term(request, id):
    found = id and Category.objects.select_related("parent").filter(uuid=id).first()
    return JsonResponse(serialize.taxonomy_term(found)) if found else not_found("taxonomy term")
