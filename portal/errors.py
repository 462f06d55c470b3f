"""Error pages. The 500 page is rendered without any context: it must work with the database down."""

from django.http import HttpResponseServerError
from django.template import loader


def server_error(request):
    return HttpResponseServerError(loader.get_template("500.html").render())
