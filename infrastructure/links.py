"""Absolute links for what leaves the site: mail, SMS, certificate and record PDFs.

Built from the root URL of the default Wagtail site, which `make run` sets to the
address it serves (`set_site_url`) and which staff edit under Settings → Sites; the
`SITE_URL` setting (WAGTAILADMIN_BASE_URL) is only the fallback before any site
exists. One helper, so that a QR code and the mail announcing it never disagree.
"""

from django.conf import settings
from wagtail.models import Site


def site_root_url() -> str:
    """The default site's root URL without a trailing slash, e.g. http://host:8102."""
    site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
    if site is not None:
        return site.root_url.rstrip("/")
    return str(getattr(settings, "WAGTAILADMIN_BASE_URL", "")).rstrip("/")


def absolute_url(path: str) -> str:
    """The absolute form of a site path (from `reverse`), for use outside the site."""
    if not path.startswith("/"):
        path = "/" + path
    return site_root_url() + path
