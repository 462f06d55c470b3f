"""/search/ (HTML or JSON, one contract), /search/suggest/ (autocomplete), the saved list, and the
directory listing at /resources/, which answers through the same search service."""

from django.core.paginator import EmptyPage, Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from search import labels, saved
from search.backends import search, suggest
from search.facets import FACETS
from search.facets_display import facet_groups
from search.forms import SearchForm

SUGGEST_LIMIT = 8
MAX_SUGGEST_LENGTH = 100
RESULTS_ANCHOR = "#results"


def result_pages(results, query):
    """Page numbers for the template; the backend already returned just this page's hits."""
    paginator = Paginator(range(results.total), query.per_page)
    try:
        return paginator.page(query.page)
    except EmptyPage:
        if results.total:
            results.messages.append(
                f"There is no page {query.page}; the results end at page {paginator.num_pages}."
            )
        return None


@never_cache  # results reveal what a person looked for: not kept on a shared device
def search_view(request):
    with labels.one_reading():
        form = SearchForm(request.GET)
        query = form.to_query()
        results = search(query)
        if request.GET.get("format") == "json":
            errors = {field: [str(error) for error in errors] for field, errors in form.errors.items()}
            return JsonResponse({**results.as_json(), "errors": errors})
        context = results_context(request, form, query, results)
    return TemplateResponse(request, "search/search.html", context)


def directory_response(page, request):
    """The directory page's listing: every public resource, filtered and paged by the search
    service exactly as /search/ does (the home page's category tiles link here)."""
    with labels.one_reading():
        form = SearchForm(request.GET)
        query = form.to_query()
        context = {**page.get_context(request), **results_context(request, form, query, search(query))}
    return TemplateResponse(request, page.get_template(request), context)


def results_context(request, form, query, results):
    """What a page of results shows: hits, filters, the crisis panel, ways out of no results."""
    params = request.GET.copy()
    params.pop("page", None)
    saved_ids = saved.parse(request.GET.get("saved"))
    known = labels.facet_labels()
    return {
        "form": form,
        "query": query,
        "results": results,
        "facets": facet_groups(results, query),
        "chosen_count": sum(len(facet.values(query)) for facet in FACETS) + query.open_now,
        "pages": result_pages(results, query),
        "query_prefix": f"{params.urlencode()}&" if params else "",
        "saved_ids": saved_ids,
        "save_links": save_links(request, results, saved_ids),
        "suggested": suggested_links(request, results),
        "removals": removal_links(request, query, known),
        "categories": known["category"],
        "labels": {facet: dict(values) for facet, values in known.items()},
    }


def save_links(request, results, saved_ids):
    """For each hit, the URL of this same page with the hit added to (or removed from) the list."""
    links = {}
    for hit in results.hits:
        params = request.GET.copy()
        params["saved"] = saved.join(saved.toggled(saved_ids, hit.id))
        links[hit.id] = (params.urlencode(), hit.id in saved_ids)
    return links


def suggested_links(request, results):
    """(label, count, query string) for each filter the question named in passing."""
    links = []
    for name, value in results.suggested_filters:
        params = request.GET.copy()
        params.pop("page", None)
        params.appendlist(name, value.value)
        links.append((value.label, value.count, params.urlencode() + RESULTS_ANCHOR))
    return links


def removal_links(request, query, known):
    """(label, query string) to take away each chosen filter, for a page that found nothing."""
    links = []
    for facet in FACETS:
        for value in facet.values(query):
            params = request.GET.copy()
            params.pop("page", None)
            params.setlist(facet.name, [other for other in params.getlist(facet.name) if other != value])
            links.append((dict(known[facet.name]).get(value, value), params.urlencode() + RESULTS_ANCHOR))
    if query.open_now:
        params = request.GET.copy()
        params.pop("open_now")
        links.append(("Open now", params.urlencode() + RESULTS_ANCHOR))
    return links


@never_cache  # the list reveals what a person looked for
def saved_list_view(request):
    ids = saved.parse(request.GET.get("saved"))
    context = {"resources": saved.resources(ids), "saved": saved.join(ids), "asked": len(ids)}
    return TemplateResponse(request, "search/saved_list.html", context)


def suggest_view(request):
    text = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_SUGGEST_LENGTH]
    return JsonResponse({"q": text, "suggestions": suggest(text, SUGGEST_LIMIT) if text else []})
