"""/search/ (HTML or JSON, one contract) and /search/suggest/ (autocomplete)."""

from django.core.paginator import EmptyPage, Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse

from search import saved
from search.backends import search, suggest
from search.facets_display import facet_groups
from search.forms import SearchForm

SUGGEST_LIMIT = 8
MAX_SUGGEST_LENGTH = 100


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


def search_view(request):
    form = SearchForm(request.GET or None)
    query = form.to_query()
    results = search(query)
    if request.GET.get("format") == "json":
        errors = {field: [str(error) for error in errors] for field, errors in form.errors.items()}
        return JsonResponse({**results.as_json(), "errors": errors})
    params = request.GET.copy()
    params.pop("page", None)
    saved_ids = saved.parse(request.GET.get("saved"))
    context = {
        "form": form,
        "query": query,
        "results": results,
        "facets": facet_groups(results, query),
        "pages": result_pages(results, query),
        "query_prefix": f"{params.urlencode()}&" if params else "",
        "saved_ids": saved_ids,
        "save_links": save_links(request, results, saved_ids),
    }
    return TemplateResponse(request, "search/search.html", context)


def save_links(request, results, saved_ids):
    """For each hit, the URL of this same page with the hit added to (or removed from) the list."""
    links = {}
    for hit in results.hits:
        params = request.GET.copy()
        params["saved"] = saved.join(saved.toggled(saved_ids, hit.id))
        links[hit.id] = (params.urlencode(), hit.id in saved_ids)
    return links


def saved_list_view(request):
    ids = saved.parse(request.GET.get("saved"))
    context = {"resources": saved.resources(ids), "saved": saved.join(ids), "asked": len(ids)}
    return TemplateResponse(request, "search/saved_list.html", context)


def suggest_view(request):
    text = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_SUGGEST_LENGTH]
    return JsonResponse({"q": text, "suggestions": suggest(text, SUGGEST_LIMIT) if text else []})
