"""The site's URLs plus the floor: a bare Django view rendering a tiny template."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns

TINY = engines["django"].from_string(
    '<!DOCTYPE html><html lang="zh-hans"><title>{{ title }}</title>'
    "<p>{{ text }}</p></html>"
)


def floor(request):
    """What any page costs at least: middleware, a template, a response."""
    return HttpResponse(TINY.render({"title": "floor", "text": "ok"}, request))


urlpatterns = [path("bench-floor/", floor), *site_urlpatterns]
