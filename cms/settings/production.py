"""Production: DEBUG off whatever the environment says, a real SECRET_KEY and
SITE_URL required, HTTPS cookies, no demo accounts."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production")
if not os.environ.get("SITE_URL"):
    raise ImproperlyConfigured(
        "SITE_URL must be set in production: links in mail, certificates and QR "
        "codes are built from it (e.g. https://college.example.org)"
    )
WAGTAILADMIN_BASE_URL = os.environ["SITE_URL"].rstrip("/")
# Debug pages show settings and source: never in production, whatever DEBUG says.
DEBUG = False
# Demo accounts have a published password: seed_demo refuses to run here.
DEMO_DATA_ALLOWED = False
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
