"""Settings for Intervisiewijzer, read from the environment.

Zero configuration gives a working site on SQLite with DEBUG off; see README for every variable.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from intervisie.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent  # repository root
SRC_DIR = BASE_DIR / "src"
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use SECRET_KEY from the environment, or one generated once into the data directory."""
    given = env_str("SECRET_KEY")
    if given:
        return given
    path = DATA_DIR / "secret_key"
    if not path.exists():
        # Created readable for the owner only, before the key is written.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("TESTING", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
HTTPS = SITE_URL.startswith("https://")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "django_htmx",
    "template_partials",
    "django_filters",
    "ninja",  # serves swagger-ui from its own static files (no CDN) for /api/docs
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "intervisie.common",
    "intervisie.accounts",
    "intervisie.organisations",
    "intervisie.groups",
    "intervisie.meetings",
    "intervisie.accreditation",
    "intervisie.cases",
    "intervisie.methods",
    "intervisie.live",
    "intervisie.reflections",
    "intervisie.events",
    "intervisie.providers",
    "intervisie.billing",
    "intervisie.trajectories",
    "intervisie.programmes",
    "intervisie.directory",
    "intervisie.api",
    "intervisie.dashboard",  # it reads from every app above, and none of them imports it
    "intervisie.scheduler",  # queues the periodic jobs of the apps above; nothing imports it
    "intervisie.demo",  # last: it writes demo data through every app above; nothing imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "intervisie.common.middleware.LanguageMiddleware",
    "intervisie.common.middleware.FriendlyMethodNotAllowedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "intervisie.accounts.middleware.RequireMFAMiddleware",
]

ROOT_URLCONF = "intervisie.urls"
WSGI_APPLICATION = "intervisie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "intervisie" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "intervisie.common.context_processors.site",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
# SQLite by default. IMMEDIATE transactions take the write lock at BEGIN, so two requests that
# both want the last place are serialised even though SQLite ignores select_for_update().
_SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 0))}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(_SQLITE_OPTIONS)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "intervisie.sqlite3",
            "OPTIONS": dict(_SQLITE_OPTIONS),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file-based test database, so threads in concurrency tests really compete for the lock.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"  # the dashboard: every role finds its own part there
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "intervisie.accounts.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "intervisie.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_NOTIFICATIONS = True  # tell people when their password or e-mail changes
ACCOUNT_USER_DISPLAY = "intervisie.accounts.models.user_display"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Intervisiewijzer] "
ACCOUNT_RATE_LIMITS = False if TESTING else {}  # allauth's defaults in production
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Intervisiewijzer"
if DEBUG and env_str("MFA_TOTP_INSECURE_BYPASS_CODE"):
    MFA_TOTP_INSECURE_BYPASS_CODE = env_str("MFA_TOTP_INSECURE_BYPASS_CODE")

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["intervisie.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing folder
STATICFILES_DIRS = [SRC_DIR / "intervisie" / "static"]
# Uploads (a provider's reader documents) are served only through views that check who may read them.
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from the apps in development and tests
if DEBUG or TESTING:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# --- E-mail ---------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Intervisiewijzer <noreply@intervisiewijzer.nl>")
# Seconds the SMTP connection waits for the mail server; without it a server that stops answering
# holds a worker for ever. Far below TASK_STUCK_MINUTES, so an attempt has ended before a retry.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 60, minimum=1)

# --- Background tasks -----------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A job without an outcome after this many minutes is taken to have died with its worker (kill -9,
# out of memory): retry_emails queues its e-mail again and marks the job failed.
TASK_STUCK_MINUTES = env_int("TASK_STUCK_MINUTES", 15, minimum=1)
if TASK_STUCK_MINUTES * 60 <= EMAIL_TIMEOUT:
    raise ImproperlyConfigured("TASK_STUCK_MINUTES must be longer than EMAIL_TIMEOUT (in seconds)")

# --- Cache -----------------------------------------------------------------------------------------
# allauth's rate limits and its TOTP replay protection live in the cache, so every app process must
# share it: a file cache in DATA_DIR on one machine; set CACHE_URL (e.g. redis://...) for several.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

# --- Security ---------------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
# With an https SITE_URL: plain http is redirected and browsers are told to use https only (HSTS),
# for a year, this host's subdomains included. Behind a TLS proxy this needs BEHIND_PROXY=true, or
# every request looks like plain http and is redirected again. Preloading (a browser's built-in
# list) is off until chosen: it is a promise about the whole domain that takes months to undo.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Behind one proxy, allauth's per-IP rate limits must use the client's address, not the proxy's.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if BEHIND_PROXY else 0)
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Partner sites that may show /embed/ in a frame, e.g. "https://www.present24x7.nl".
EMBED_ALLOWED_ORIGINS = env_list("EMBED_ALLOWED_ORIGINS", ["https://www.present24x7.nl"])

from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Domain settings ------------------------------------------------------------------------------
WAITLIST_OFFER_DAYS = env_int("WAITLIST_OFFER_DAYS", 7)
SEARCH_PAGE_SIZE = 20
# Video rooms: one Jitsi room per meeting under this base URL (a self-hosted Jitsi in production).
VIDEO_BASE_URL = env_str("VIDEO_BASE_URL", "https://meet.jit.si")
# Meeting reminders go out this many hours before a meeting; quorum is checked at the RSVP deadline,
# which is this many hours before the meeting unless the planner sets one.
# Case texts (inbreng) are deleted this many days after their meeting; who brought a case and when stays.
CASE_RETENTION_DAYS = env_int("CASE_RETENTION_DAYS", 30)
# The privacy screen keeps deduce's built lookup lists here (a few MB); never in site-packages.
PRIVACY_CACHE_DIR = Path(env_str("PRIVACY_CACHE_DIR", str(DATA_DIR / "privacy")))
REMINDER_HOURS_BEFORE = env_int("REMINDER_HOURS_BEFORE", 48)
RSVP_DEADLINE_HOURS_BEFORE = env_int("RSVP_DEADLINE_HOURS_BEFORE", 72)
# A guided trajectory's step that needs someone's action (a request to answer, a quote to send or to
# answer, a report to send on) gets one reminder e-mail after this many days.
TRAJECTORY_REMINDER_DAYS = env_int("TRAJECTORY_REMINDER_DAYS", 7)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
