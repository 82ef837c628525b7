"""The one settings module. Every difference between machines is read from the environment.

With no environment at all the site runs in its embedded default: SQLite under var/, in-memory
channel layer and cache, tasks run in-process after commit, e-mail written to var/mail/.
docs/deployment.md lists the production variables.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PEDSET_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """Production passes SECRET_KEY; the embedded default keeps a generated one under var/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "Педсеть"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django_htmx",
    "channels",
    "pedset.core",
    "pedset.accounts",
    "pedset.organisations",
    "pedset.privacy",
    "pedset.communities",
    "pedset.notifications",
    "pedset.forum",
    "pedset.moderation",
    "pedset.messaging",
    "pedset.announcements",
    "pedset.documents",
    "pedset.materials",
    "pedset.review",
    "pedset.cabinet",
    "pedset.search",
    "pedset.events",
    "pedset.rooms",
    "pedset.plans",
    "pedset.contests",
    "pedset.certificates",
    "pedset.consultations",
    "pedset.groups",
    "pedset.gallery",
    "pedset.people",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pedset.core.middleware.RussianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pedset.core.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "pedset.urls"
ASGI_APPLICATION = "pedset.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "pedset" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pedset.core.context_processors.site",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # No persistent connections: under ASGI each request may run its sync code in another
    # thread, and kept connections pile up until PostgreSQL refuses new clients (seen in
    # bench/forum_pages.py). Django's guidance for ASGI is the same.
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "pedset.sqlite3",
            # IMMEDIATE takes the write lock at BEGIN, so read-check-write services (the member
            # cap) cannot interleave; WAL lets readers go on while one request writes.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, channels, tasks -----------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "pedset"),
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["pedset.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day, as the reset e-mail says
EMAIL_CONFIRMATION_MAX_AGE = 60 * 60 * 24 * 3  # three days
# Brute-force throttling: attempts per window, per e-mail and per address.
LOGIN_ATTEMPTS_LIMIT = int(os.environ.get("LOGIN_ATTEMPTS_LIMIT", "5"))
LOGIN_ATTEMPTS_WINDOW = int(os.environ.get("LOGIN_ATTEMPTS_WINDOW", "900"))
# A whole school often shares one address: its limit is higher than one person's.
LOGIN_ATTEMPTS_LIMIT_PER_IP = int(os.environ.get("LOGIN_ATTEMPTS_LIMIT_PER_IP", "50"))
PASSWORD_RESET_LIMIT = int(os.environ.get("PASSWORD_RESET_LIMIT", "3"))
PASSWORD_RESET_WINDOW = int(os.environ.get("PASSWORD_RESET_WINDOW", "3600"))
# "Download my data" archives per person per window.
PRIVACY_EXPORT_LIMIT = int(os.environ.get("PRIVACY_EXPORT_LIMIT", "3"))
PRIVACY_EXPORT_WINDOW = int(os.environ.get("PRIVACY_EXPORT_WINDOW", "3600"))
# Forum: posts per window per person; attachments per post and their size.
FORUM_POST_LIMIT = int(os.environ.get("FORUM_POST_LIMIT", "10"))
FORUM_POST_WINDOW = int(os.environ.get("FORUM_POST_WINDOW", "60"))
FORUM_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("FORUM_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024))
)
FORUM_ATTACHMENT_MAX_FILES = int(os.environ.get("FORUM_ATTACHMENT_MAX_FILES", "5"))
# Bank of materials: the size of one file (documents, pictures), of one MP4 video, and how many
# files one material may have at a time (files kept as history of revision rounds not counted).
MATERIAL_FILE_MAX_BYTES = int(os.environ.get("MATERIAL_FILE_MAX_BYTES", str(50 * 1024 * 1024)))
MATERIAL_VIDEO_MAX_BYTES = int(os.environ.get("MATERIAL_VIDEO_MAX_BYTES", str(500 * 1024 * 1024)))
MATERIAL_MAX_FILES = int(os.environ.get("MATERIAL_MAX_FILES", "10"))
# Contest entries (pedset/contests): the size of one file (documents, pictures, MP4 video) and
# how many files one entry may have.
CONTEST_FILE_MAX_BYTES = int(os.environ.get("CONTEST_FILE_MAX_BYTES", str(100 * 1024 * 1024)))
CONTEST_MAX_FILES = int(os.environ.get("CONTEST_MAX_FILES", "5"))
# Reports to moderators per person per window.
MODERATION_FLAG_LIMIT = int(os.environ.get("MODERATION_FLAG_LIMIT", "20"))
MODERATION_FLAG_WINDOW = int(os.environ.get("MODERATION_FLAG_WINDOW", "3600"))
# Private messages (and new conversations) per person per window.
MESSAGES_LIMIT = int(os.environ.get("MESSAGES_LIMIT", "20"))
MESSAGES_WINDOW = int(os.environ.get("MESSAGES_WINDOW", "60"))
# Notification e-mails are sent in tasks of this many people; the daily digest likewise.
NOTIFICATION_EMAIL_CHUNK = int(os.environ.get("NOTIFICATION_EMAIL_CHUNK", "50"))
NOTIFICATION_DIGEST_CHUNK = int(os.environ.get("NOTIFICATION_DIGEST_CHUNK", "50"))
# Announcements (each is e-mailed to every member) and join requests per person per window;
# a request re-made soon after its withdrawal does not notify the managers again.
ANNOUNCEMENT_LIMIT = int(os.environ.get("ANNOUNCEMENT_LIMIT", "5"))
ANNOUNCEMENT_WINDOW = int(os.environ.get("ANNOUNCEMENT_WINDOW", "3600"))
JOIN_REQUEST_LIMIT = int(os.environ.get("JOIN_REQUEST_LIMIT", "5"))
JOIN_REQUEST_WINDOW = int(os.environ.get("JOIN_REQUEST_WINDOW", "3600"))
JOIN_REQUEST_QUIET_PERIOD = int(os.environ.get("JOIN_REQUEST_QUIET_PERIOD", "86400"))
# Searches per window: per signed-in person, and per address for anonymous visitors (a whole
# school often shares one address, hence higher).
SEARCH_LIMIT = int(os.environ.get("SEARCH_LIMIT", "60"))
SEARCH_LIMIT_PER_IP = int(os.environ.get("SEARCH_LIMIT_PER_IP", "120"))
SEARCH_WINDOW = int(os.environ.get("SEARCH_WINDOW", "60"))
# /verify/<code>/: unknown codes per address per window before lookups are refused (guessing).
DOCUMENT_VERIFY_LIMIT = int(os.environ.get("DOCUMENT_VERIFY_LIMIT", "20"))
DOCUMENT_VERIFY_WINDOW = int(os.environ.get("DOCUMENT_VERIFY_WINDOW", "3600"))
# Experts are reminded this many days before the deadline of their review (expertise_deadlines).
EXPERTISE_REMINDER_DAYS = int(os.environ.get("EXPERTISE_REMINDER_DAYS", "2"))
# Online rooms of events (pedset/rooms). BigBlueButton: the server's address ending in
# /bigbluebutton/, its shared secret (`bbb-conf --secret`; never logged nor shown) and the checksum
# algorithm it accepts (sha1, sha256, sha384, sha512). Jitsi Meet: the server's address and,
# for servers with token authentication, the application's id and secret (JWT, HS256).
# Each conferencing system is offered to organisers only when it is configured.
BBB_URL = os.environ.get("BBB_URL", "")
BBB_SECRET = os.environ.get("BBB_SECRET", "")
BBB_CHECKSUM = os.environ.get("BBB_CHECKSUM", "sha1").strip().lower()
JITSI_URL = os.environ.get("JITSI_URL", "")
JITSI_APP_ID = os.environ.get("JITSI_APP_ID", "")
JITSI_APP_SECRET = os.environ.get("JITSI_APP_SECRET", "")
# Seconds to wait for the conferencing server; minutes the room opens before the start and
# stays open after the end.
ROOM_HTTP_TIMEOUT = float(os.environ.get("ROOM_HTTP_TIMEOUT", "5"))
ROOM_OPENS_MINUTES_BEFORE = int(os.environ.get("ROOM_OPENS_MINUTES_BEFORE", "15"))
ROOM_CLOSES_MINUTES_AFTER = int(os.environ.get("ROOM_CLOSES_MINUTES_AFTER", "30"))
AVATAR_MAX_BYTES = 2 * 1024 * 1024
AVATAR_MAX_PIXELS = 4000 * 4000
IMPORT_MAX_BYTES = 5 * 1024 * 1024
# Work plan import (pedset/plans): the largest XLSX accepted (at most 1000 items are read).
PLAN_IMPORT_MAX_BYTES = int(os.environ.get("PLAN_IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))
REGULATION_FILE_MAX_BYTES = 20 * 1024 * 1024

# --- Sessions and security ------------------------------------------------------------------
HTTPS = env_bool("HTTPS")
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = HTTPS and not env_bool("SECURE_SSL_REDIRECT_OFF")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Nothing loads from another site (152-FZ, offline school networks).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "pedset" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Moscow"
# The zones of the seed districts first; any IANA zone is accepted.
COMMON_TIME_ZONES = [
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Yakutsk",
    "Asia/Vladivostok",
    "Asia/Magadan",
    "Asia/Kamchatka",
]

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
_default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if bucket := os.environ.get("S3_BUCKET"):
    # Needs the optional extra: pip install "django-storages[s3]".
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID"),
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- E-mail ---------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Педсеть <noreply@pedset.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Django 6.1 mailers. SMTP when EMAIL_HOST is set; otherwise each message is written as a file
# under var/mail/ (the demo's "inbox"; EMAIL_BACKEND=console prints them instead).
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "use_ssl": env_bool("EMAIL_USE_SSL"),
                "timeout": 20,
            },
        }
    }
elif os.environ.get("EMAIL_BACKEND") == "console":
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }

MESSAGE_TAGS = {40: "error"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
