"""The site search and the site's error pages (403, 404, 429, 500)."""

import logging
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django_ratelimit.exceptions import Ratelimited
from wagtail.models import Site

from cms.forms import SearchForm
from cms.models import CollegeSettings
from cms.selectors import search_years, site_search
from infrastructure.search import MAX_QUERY_LENGTH

logger = logging.getLogger("deputy_college.errors")

# How long a rate-limited visitor is asked to wait; the limits count per minute.
RETRY_AFTER_SECONDS = 60

# The last resort when even the 500 page cannot be rendered (database down, broken
# template): no template, no database, no translation catalogue; both languages.
FALLBACK_500_HTML = """<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>出现了问题 · Something went wrong</title>
<style>
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui,
  sans-serif; font-size: 1.25rem; line-height: 1.7; color: #1f2328; background: #fff;
  max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.75rem; } h2 { font-size: 1.5rem; }
a { color: #7a1515; font-weight: bold; }
a:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
hr { margin: 2rem 0; }
</style>
</head>
<body>
<main>
<h1>抱歉，网站出现了问题</h1>
<p>这不是您的操作造成的。请过几分钟再试一次。</p>
<p>如果问题一直存在，请联系学院工作人员。</p>
<p><a href="/">返回首页</a></p>
<hr>
<div lang="en">
<h2>Sorry, something went wrong on our side</h2>
<p>This was not caused by anything you did. Please try again in a few minutes.</p>
<p>If it keeps happening, please contact the college's staff.</p>
<p><a href="/">Back to the home page</a></p>
</div>
</main>
</body>
</html>
"""


def search(request):
    """The site search: everything this visitor may see, ranked, narrowed, paged."""
    data = request.GET.copy()
    # An over-long query is cut, not refused: the visitor pasted a sentence.
    data["q"] = data.get("q", "")[:MAX_QUERY_LENGTH]
    form = SearchForm(data, years=search_years())
    results = None
    if form.is_valid():
        results = site_search(
            query=form.cleaned_data["q"],
            user=request.user,
            request=request,
            kind=form.cleaned_data["kind"],
            year=form.cleaned_data["year"],
            page=request.GET.get("page"),
        )
    filters = {
        key: request.GET[key] for key in ("kind", "year") if request.GET.get(key)
    }
    return render(
        request,
        "cms/search.html",
        {
            "form": form,
            "query": data["q"].strip(),
            "results": results,
            "page_obj": results.page_obj if results else None,
            "filtered": bool(filters),
            "filter_query": urlencode(filters),
        },
    )


def _back_url(request) -> str:
    """The page the visitor came from, when it is on this site and not this page."""
    referer = request.headers.get("referer", "")
    try:
        host = request.get_host()
    except DisallowedHost:
        return ""
    if not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return ""
    return "" if urlsplit(referer).path == request.path else referer


def _help_contact(request) -> str:
    """Who to ask for help, from the college settings; read only, never created here."""
    site = Site.find_for_request(request)
    return (
        CollegeSettings.objects.filter(site=site)
        .values_list("contact", flat=True)
        .first()
        or ""
    )


def _error_context(request) -> dict:
    return {"back_url": _back_url(request), "help_contact": _help_contact(request)}


def permission_denied(request, exception=None):
    """handler403; a rate limit that blocks (django-ratelimit) answers 429 instead."""
    if isinstance(exception, Ratelimited):
        # django-ratelimit reads RATELIMIT_VIEW only in its middleware; this gives
        # the same answer without it.
        return import_string(settings.RATELIMIT_VIEW)(request, exception)
    reason = str(exception) if exception is not None else ""
    context = {**_error_context(request), "reason": reason}
    return render(request, "403.html", context, status=403)


def page_not_found(request, exception=None):
    """handler404."""
    return render(request, "404.html", _error_context(request), status=404)


def rate_limited(request, exception=None):
    """RATELIMIT_VIEW: too many requests, come back in a minute."""
    response = render(request, "429.html", _error_context(request), status=429)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """handler500: the page in the layout, else a page that cannot fail."""
    try:
        return render(request, "500.html", _error_context(request), status=500)
    except Exception:
        # The layout reads the user, the session and the site settings: with the
        # database down (or the template broken) none of that can be trusted.
        logger.exception("The 500 page could not be rendered; sent the fallback")
        return HttpResponseServerError(FALLBACK_500_HTML)
