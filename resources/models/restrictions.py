"""Whether a view restriction applies to a page, answered in the query that fetches the page.

Wagtail checks restrictions before serving a page with `get_view_restrictions()`: one query for
the ancestors, one for the restrictions. The directory's pages are fetched by a query of our own
(`resources.models.pages.directory_page`), which can carry the answer along at no extra cost. When
the answer is "none", the check needs no query at all; otherwise Wagtail's own method decides, so
how a restriction is enforced stays Wagtail's. `resources/tests/test_routing.py` compares the answer
with Wagtail's method on every page of trees with restrictions on pages, ancestors and aliases.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


def with_view_restriction_flag(pages):
    """`pages` annotated with `view_restricted`: a restriction is set on the page or an ancestor, or,
    for an alias among them, on the page it is an alias of (Wagtail's rule; aliases have none of their own).

    Tree paths are prefixes of their descendants' paths (treebeard's materialised path), so
    "an ancestor or the page itself" is "a path that begins the page's path".
    """
    on_page_or_ancestor = Q(
        page__alias_of__isnull=True, page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    through_alias = Q(page__aliases__path=Substr(OuterRef("path"), 1, Length("page__aliases__path")))
    return pages.annotate(
        view_restricted=Exists(PageViewRestriction.objects.filter(on_page_or_ancestor | through_alias))
    )


class ViewRestrictionFlagMixin:
    """Pages that skip Wagtail's two restriction queries when fetched with the flag saying there are none."""

    def get_view_restrictions(self):
        if getattr(self, "view_restricted", None) is False:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
