"""Django's settings, made from the validated :class:`~salesplan.web.config.WebSettings`.

Security settings follow the mode: in production, secure cookies, HSTS and an SSL
redirect; in both, HttpOnly session cookies, SameSite=Lax, CSRF on every form,
a Content-Security-Policy of 'self' (no CDN: every asset is served by the app).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from salesplan.web.config import SettingsError, WebSettings
from salesplan.web.locale_cache import compiled_locale_dir

try:
    WEB = WebSettings.from_environment()
except SettingsError as error:
    raise ImproperlyConfigured(str(error)) from None

HERE = Path(__file__).parent
DEBUG = False
SECRET_KEY = WEB.secret_key
ALLOWED_HOSTS = WEB.allowed_hosts
# persistent connections in production; in development (and tests) each request closes its own
DATABASES = {
    "default": dj_database_url.parse(WEB.database_url, conn_max_age=60 if WEB.production else 0)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # concurrent saves: take the write lock when a transaction starts (a deferred one fails
    # at once on upgrade), wait for it, and let readers go on beside the writer (WAL)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "salesplan.web.accounts",
    "salesplan.web.plans",
    "salesplan.web.dashboards",
    "salesplan.web.imports",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "salesplan.web.accounts.middleware.ContentSecurityPolicyMiddleware",
]
ROOT_URLCONF = "salesplan.web.urls"
WSGI_APPLICATION = "salesplan.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "salesplan.web.accounts.context.membership",
            ],
        },
    },
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
DEFAULT_FROM_EMAIL = WEB.mail_from
if WEB.smtp_host:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = WEB.smtp_host
else:  # no mail server: password-reset mail is written where an admin can read it
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = WEB.data_dir / "outbox"
PASSWORD_RESET_TIMEOUT = 3 * 60 * 60  # a reset link works for three hours
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("id", "Bahasa Indonesia")]
LOCALE_PATHS = [compiled_locale_dir()]  # the .po catalogs, compiled at startup with Babel
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATICFILES_DIRS = [HERE / "static"]
STATIC_ROOT = None  # no collectstatic: WhiteNoise serves from the apps (WHITENOISE_USE_FINDERS)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from the packages: no collectstatic step
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if WEB.production:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
