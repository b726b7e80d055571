"""The project's URLs plus the floor: a bare Django view rendering a tiny template."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from cms.urls import urlpatterns as project_urlpatterns

TINY = engines["django"].from_string("<p>{{ word }}</p>")


def floor(request):
    return HttpResponse(TINY.render({"word": "floor"}, request))


urlpatterns = [path("bench-floor/", floor), *project_urlpatterns]
