"""Settings for Digitaliseringsportalen, read from the environment. Single sign-on (sso.py) and the API
(api.py) have modules of their own; environment.py reads the variables and decides the mode.

Two modes: development (the default: SQLite, DEBUG, tasks run eagerly in-process) and production
(PORTAL_ENVIRONMENT=production), which refuses to start without a real secret and database.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portfolio.settings.api import *  # noqa: F403
from portfolio.settings.environment import ENVIRONMENT as ENVIRONMENT
from portfolio.settings.environment import PRODUCTION, env_bool, env_list
from portfolio.settings.sso import *  # noqa: F403

BASE_DIR = Path(__file__).resolve().parent.parent.parent


DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")

DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: PostgreSQL compiles a query the planner prices high before it runs it, and the portal's are
    # short reads that it priced high: the dashboard's lights at 5,000 projects took 1.1 s to compile and
    # 0.06 s to run. Added to any options the URL gives.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()

if PRODUCTION:
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("Production needs SECRET_KEY: at least 50 random characters.")
    if DEBUG:
        raise ImproperlyConfigured("Production runs with DEBUG off.")
    if not DATABASE_URL or DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("Production needs DATABASE_URL pointing at PostgreSQL.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Production needs ALLOWED_HOSTS.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "guardian",
    "simple_history",
    "django_htmx",
    "csp",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Our apps, in the direction their dependencies point.
    "focusareas",
    "portfolio",
    "benefits",
    "governance",
    # The read-only API (issue 21) sits on top of them all: it reads every app, nothing imports it.
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the rest, so a database that cannot be reached anywhere below gives the Danish 503 page.
    "portfolio.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # SAML 2.0's own session (its cookie survives the IdP's cross-site POST): loaded only when a SAML view
    # or the logout reads it, so other pages pay nothing for it.
    "djangosaml2.middleware.SamlSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Nobody reads anything without logging in: views opt out with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # The Content-Security-Policy header on every page, in every environment (see CONTENT_SECURITY_POLICY).
    "portfolio.security.ContentSecurityPolicyMiddleware",
    # Last, as axes asks: it turns a locked-out login into the Danish lockout page.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Static files straight from gunicorn, after collectstatic; development uses runserver's finders.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "portfolio.urls"
WSGI_APPLICATION = "portfolio.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portfolio.context_processors.navigation",
            ],
            "builtins": ["portfolio.templatetags.dates"],
        },
    },
]

AUTH_USER_MODEL = "portfolio.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address are refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): five wrong passwords for one username from one address lock that pair
# for 15 minutes. The pair, not the username alone, so nobody can lock a colleague out from elsewhere;
# not the address alone, so a town hall behind one NAT address is not locked out by one person.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# No start-up banner on every manage.py command; failed logins and lockouts are logged all the same.
AXES_VERBOSE = False
# The client's address: the socket's, or behind TRUSTED_PROXY_COUNT reverse proxies that append to
# X-Forwarded-For, the entry the outermost of them added (portfolio/security.py says why that one).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "portfolio.security.client_ip_address"
# Axes logs every login and logout (who, when, from where); portfolio.tasks.login_logs_prune forgets
# them after this many days.
LOGIN_LOG_RETENTION_DAYS = int(os.environ.get("LOGIN_LOG_RETENTION_DAYS", "90"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# guardian: no anonymous user object, and object permissions come from services only.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = True

# Danish for everyone, whatever the browser asks for: LocaleMiddleware comes with the English catalogue.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("Engelsk"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Third-party assets are served straight from the npm packages: never copied into static/.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Generated PDFs are private: they live outside any public URL and are streamed by views that check access.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Celery: with no broker configured, tasks run eagerly in-process (the local default).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or ""
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
# The generated PDFs keep their job state on rows (governance.models.PdfJob), never in a cache.
# The "dashboard" cache holds the rendered dashboard (governance/dashboard.py). With CACHE_URL (a Redis
# database of its own: a cache clear empties its whole database) every web process shares one copy, so a
# change costs one render, not one per process; without it each process keeps its own. Short socket
# timeouts: a slow or absent Redis costs a render, never a hung request.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured("CACHE_URL must be a redis:// or rediss:// URL.")


def shared_cache(prefix: str) -> dict:
    """A cache every web process shares through CACHE_URL (under its own key prefix), else each its own."""
    if not CACHE_URL:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": prefix}
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": prefix,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "dashboard": shared_cache("dashboard"),
    # The API's request counters per token (api/throttling.py): shared, or a token's limit would be
    # multiplied by the number of web processes.
    "api_throttle": shared_cache("api-throttle"),
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A PDF render's memory is bounded: a worker child is replaced after 50 tasks or above 500 MB.
CELERY_WORKER_MAX_TASKS_PER_CHILD = 50
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 500_000  # KiB
CELERY_TASK_TIME_LIMIT = 15 * 60
# Redis hands a dead worker's unacknowledged task to another worker after this long: above the task
# time limit, so a slow render is never run twice while it is still alive.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 30 * 60}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Each app that runs on a schedule exports its beat entries; they are gathered here.
from benefits.schedules import BEAT_SCHEDULE as BENEFITS_BEAT_SCHEDULE  # noqa: E402
from governance.schedules import BEAT_SCHEDULE as GOVERNANCE_BEAT_SCHEDULE  # noqa: E402
from portfolio.schedules import BEAT_SCHEDULE as PORTFOLIO_BEAT_SCHEDULE  # noqa: E402

CELERY_BEAT_SCHEDULE = {**PORTFOLIO_BEAT_SCHEDULE, **BENEFITS_BEAT_SCHEDULE, **GOVERNANCE_BEAT_SCHEDULE}

# The municipality this installation serves, on every PDF's cover: its name and its logo (a path among the
# static files, e.g. "img/logo.svg"). Unset in production: nothing is printed. Development and the demo show
# Norddjurs Kommune with a plain demo mark (not the municipal coat of arms).
MUNICIPALITY_NAME = os.environ.get("MUNICIPALITY_NAME", "" if PRODUCTION else "Norddjurs Kommune").strip()
DEMO_MUNICIPALITY_LOGO = "img/demo-kommune-logo.svg"
MUNICIPALITY_LOGO = os.environ.get("MUNICIPALITY_LOGO", "" if PRODUCTION else DEMO_MUNICIPALITY_LOGO).strip()
# The address links in e-mails use.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# OS2 KITOS API v2 for `manage.py import_kitos --api` (unset: only file imports).
KITOS_API_URL = os.environ.get("KITOS_API_URL") or None
KITOS_API_TOKEN = os.environ.get("KITOS_API_TOKEN") or None
KITOS_ORGANIZATION_UUID = os.environ.get("KITOS_ORGANIZATION_UUID") or None

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "digitaliseringsportalen@localhost")

# Security: secure defaults in production so `manage.py check --deploy` has nothing to say.
# A session lasts a working day at most and ends with the browser. It is not saved on every request
# (SESSION_SAVE_EVERY_REQUEST): that would be a database write per page view for a sliding expiry.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp), the same in development so the browser tests run under it: only
# the portal's own files, no inline script or style and no eval anywhere (htmx is configured for that in
# base.html). Charts are inline SVG elements with presentation attributes, which style-src does not govern.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
    # The health endpoint is probed over plain HTTP inside the deployment network.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs a line per laid-out page: too chatty for a 300-page report. django-axes logs four lines
    # per login; repeated failures and lockouts are warnings, and every login is in its access log (admin).
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # pysaml2 loads its XML schemas on import; xmlschema says so at INFO on every command.
        "xmlschema": {"level": "WARNING"},
    },
}

# The portal numbers new projects <prefix>-<year>-NNN (portfolio.lifecycle.services.project_number_next).
PROJECT_NUMBER_PREFIX = os.environ.get("PROJECT_NUMBER_PREFIX", "ND")
