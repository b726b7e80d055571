"""Settings shared by every environment; secure defaults read from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "cms",
    "certificates",
    "forum",
    "coverage",
    "courses",
    "people",
    "infrastructure",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    # After Wagtail: its catalogue must not override the admin's own wording.
    "wagtailmedia",
    "modelcluster",
    "taggit",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django.contrib.humanize",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "people.middleware.PasswordChangeRequiredMiddleware",
    "people.middleware.ScopedStaffSiteHistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.staff_links",
                "infrastructure.context_processors.unread_notifications",
                "infrastructure.context_processors.college_branding",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the task worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": (
            "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
        )
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses further attempts after too many failures (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "people.authentication.CollegeLoginBackend",
]

# Login throttling on the site's and the admin's login (django-axes): after 5
# failures for one identifier from one address, further attempts with that
# identifier from that address wait 15 minutes; never a permanent lockout.
# Not by address alone: a district office's deputies share one NAT address, and
# one deputy's typos must not lock the others out (decision 0011). Attempts are
# kept in the database, shared by every process.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "infrastructure.clientip.client_ip"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/my/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Background work: the database queue is the embedded default; REDIS_URL switches
# to the RQ backend (install the "redis" extra) when the load outgrows one machine.
REDIS_URL = os.environ.get("REDIS_URL", "")
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASK_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}
if REDIS_URL and os.environ.get("TASK_BACKEND", "").startswith("django_tasks_rq"):
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "上海人大网络学院 <college@localhost>"
)

# Text messages of notifications: a dotted path to a subclass of
# infrastructure.notifications.sms.BaseSmsBackend (the console one only prints them).
SMS_BACKEND = os.environ.get(
    "SMS_BACKEND", "infrastructure.notifications.sms.ConsoleBackend"
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The college's name as the admin's fallback (e.g. "type the name to confirm" on
# deleting a page tree); titles, the login page and mails read the configurable
# one in the site settings (infrastructure.branding, ADR 0009).
WAGTAIL_SITE_NAME = "上海人大网络学院"
WAGTAILADMIN_USER_LOGIN_FORM = "people.forms.AdminLoginForm"
# No outside network at run time: no Gravatar avatars, one time zone to choose.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Chinese has no spaces between words: full-text tokenizers of SQLite and
# PostgreSQL do not split it, so search matches substrings (docs/decisions/0002).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database.fallback"},
}
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "pdf",
    "pptx",
    "txt",
    "xlsx",
    "zip",
    "mp4",
    "webm",
]
WAGTAIL_MODERATION_ENABLED = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "deputy-college")
# Production settings turn this off: seed_demo then refuses, even with --force.
DEMO_DATA_ALLOWED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "weasyprint": {"handlers": ["console"], "level": "WARNING"},
        "fontTools": {"handlers": ["console"], "level": "WARNING"},
        "deputy_college": {"handlers": ["console"], "level": "INFO"},
    },
}

# Bootstrap 5.3 comes from the XStatic-Bootstrap package, served by the project itself.
import xstatic.pkg.bootstrap  # noqa: E402

STATICFILES_DIRS.append(("bootstrap", xstatic.pkg.bootstrap.BASE_DIR))

# Files that only access-checking views serve (certificate PDFs); never under MEDIA_URL.
PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private")
)
# Fonts built at setup (make fonts): a slim CJK serif subset; the full system font is
# the fallback.
FONT_BUILD_DIR = Path(os.environ.get("FONT_BUILD_DIR", BASE_DIR / "var" / "fonts"))
CJK_FONT_FILE = os.environ.get(
    "CJK_FONT_FILE", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
)
CJK_FONT_INDEX = int(
    os.environ.get("CJK_FONT_INDEX", "2")
)  # the SC face of Noto Serif CJK
CERTIFICATE_VERIFY_RATE = os.environ.get("CERTIFICATE_VERIFY_RATE", "30/m")
PASSWORD_RESET_RATE = os.environ.get("PASSWORD_RESET_RATE", "5/h")
# Bounds of a roster file (import_deputies and the admin's roster import).
ROSTER_MAX_ROWS = int(os.environ.get("ROSTER_MAX_ROWS", "20000"))
ROSTER_MAX_COLUMNS = int(os.environ.get("ROSTER_MAX_COLUMNS", "30"))
ROSTER_MAX_CELL_CHARS = int(os.environ.get("ROSTER_MAX_CELL_CHARS", "1000"))
# The forum: posts (topics and replies) and reports per user per minute, and how long
# an author may edit a post after writing it.
FORUM_POST_RATE = os.environ.get("FORUM_POST_RATE", "6/m")
FORUM_REPORT_RATE = os.environ.get("FORUM_REPORT_RATE", "5/m")
FORUM_EDIT_WINDOW_MINUTES = int(os.environ.get("FORUM_EDIT_WINDOW_MINUTES", "30"))

# Rate limits count in a cache every process shares: Redis when REDIS_URL is set,
# the database otherwise (its table is made by cms migration 0006). Other caching
# (Wagtail's site root paths, say) stays in each process's memory without Redis.
_REDIS_CACHE = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": REDIS_URL,
}
CACHES = {
    "default": _REDIS_CACHE
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": _REDIS_CACHE
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "college_cache",
    },
}
RATELIMIT_USE_CACHE = "ratelimit"
# How many reverse proxies of ours stand in front of the site (X-Forwarded-For).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
RATELIMIT_IP_META_KEY = "infrastructure.clientip.client_ip"
# A blocking rate limit answers with the site's 429 page (cms.views.permission_denied
# hands Ratelimited to it, so django-ratelimit's middleware is not needed).
RATELIMIT_VIEW = "cms.views.rate_limited"

# Forum attachments: images (JPEG, PNG, WebP; decoded and encoded again) and PDFs.
FORUM_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("FORUM_ATTACHMENT_MAX_BYTES", str(5 * 1024 * 1024))
)
FORUM_ATTACHMENTS_PER_POST = int(os.environ.get("FORUM_ATTACHMENTS_PER_POST", "4"))
FORUM_ATTACHMENT_MAX_PIXELS = 40_000_000
