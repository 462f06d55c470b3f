"""The site's URLs plus the floor: the least a Django view costs through the same middleware and
gunicorn (bench/pages.py measures every page against it)."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as site_urlpatterns


def floor(request):
    return HttpResponse("The floor.", content_type="text/plain")


urlpatterns = [path("bench-floor/", floor), *site_urlpatterns]
