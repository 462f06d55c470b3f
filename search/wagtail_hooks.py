from wagtail import hooks

from resources.models import ResourceIndexPage
from search.views import directory_response


@hooks.register("on_serve_page", order=1)
def serve_directory_through_search(serve_next):
    """The directory listing is a search, and `resources` knows nothing of the search service.
    Order 1 keeps Wagtail's view-restriction check (order 0) around this one."""

    def serve(page, request, serve_args, serve_kwargs):
        if isinstance(page, ResourceIndexPage):
            return directory_response(page, request)
        return serve_next(page, request, serve_args, serve_kwargs)

    return serve
