"""The site's URLs plus a bare view: the floor every forum page is measured against."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns

TINY = engines["django"].from_string("<!doctype html><p>{{ greeting }}</p>")


def floor_view(request):
    """A bare Django view rendering a tiny template (same middleware as the forum)."""
    return HttpResponse(TINY.render({"greeting": "你好"}, request))


urlpatterns = [path("bench-floor/", floor_view), *site_urlpatterns]
