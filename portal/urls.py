from django.conf import settings
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", include("search.urls")),
    path("request-follow-up/", include("referrals.urls")),
    path("api/hsds/", include("search.api.urls")),
    path(
        "browsing-safely/",
        TemplateView.as_view(template_name="home/browsing_safely.html"),
        name="browsing_safely",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# Errors: Django's own views with templates/404.html and templates/500.html (the 500 page is
# rendered without context, so it works with the database down).
