"""Arkivar settings: one module, driven by ARKIVAR_* environment variables (style.md §13).

With nothing set you get a working embedded install: SQLite (WAL) and files under
ARKIVAR_DATA_DIR (default: ./data next to the repository), and the database task queue.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

DATA_DIR = Path(env.str("ARKIVAR_DATA_DIR", default=str(BASE_DIR / "data"))).resolve()
DEBUG = env.bool("ARKIVAR_DEBUG", default=False)


def _secret_key() -> str:
    """The key comes from the environment; the embedded default keeps one in the data folder."""
    key = env.str("ARKIVAR_SECRET_KEY", default="")
    if key:
        return str(key)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ARKIVAR_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "felles",
    "organisasjon",
    "kodeliste",
    "sporing",
    "tilgang",
    "arkivstruktur",
    "sakarkiv",
    "dokument",
    "sok",
    "uttrekk",
    "bevaring",
    "demo",
    "rest_framework",
    "drf_spectacular",
    "noark_api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "noark_api.cors.CorsMiddleware",  # answers CORS preflights under /api/ itself
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tilgang.innlogging.middleware.OktgenerasjonMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sakarkiv.kontekst.meny",
            ],
        },
    },
]


def _databases() -> dict[str, Any]:
    url = env.str("ARKIVAR_DATABASE_URL", default="")
    if url:
        database: dict[str, Any] = env.db_url_config(url)
        database.setdefault("CONN_MAX_AGE", 60)
        database["CONN_HEALTH_CHECKS"] = True
        if "postgresql" in database["ENGINE"]:
            # The API's and the pages' queries join a dozen tables (parents, codes, access);
            # searching every join order cost 10–25 ms of planning for a 0.3 ms single-row
            # lookup. Four keeps the reordering that matters at a tenth of the planning.
            database.setdefault("OPTIONS", {}).setdefault("options", "-c join_collapse_limit=4")
        return {"default": database}
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "arkivar.sqlite3",
            "OPTIONS": {
                # One writer: take the write lock at BEGIN so that a numbering transaction
                # never fails half-way with "database is locked" (performance.md §4).
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisasjon.Bruker"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Login (tilgang.innlogging). Local password login is for break-glass administrators; staff log
# in with OpenID Connect against the municipality's identity provider (style.md §6).
ARKIVAR_LOKAL_INNLOGGING = env.bool("ARKIVAR_LOKAL_INNLOGGING", default=True)
ARKIVAR_OIDC_ENABLED = env.bool("ARKIVAR_OIDC_ENABLED", default=False)
ARKIVAR_OIDC_ISSUER = env.str("ARKIVAR_OIDC_ISSUER", default="")
ARKIVAR_OIDC_CLIENT_ID = env.str("ARKIVAR_OIDC_CLIENT_ID", default="")
ARKIVAR_OIDC_CLIENT_SECRET = env.str("ARKIVAR_OIDC_CLIENT_SECRET", default="")
ARKIVAR_OIDC_SCOPES = env.str("ARKIVAR_OIDC_SCOPES", default="openid profile email")
ARKIVAR_OIDC_BRUKERNAVN_CLAIM = env.str(
    "ARKIVAR_OIDC_BRUKERNAVN_CLAIM", default="preferred_username"
)
ARKIVAR_OIDC_KNAPPETEKST = env.str("ARKIVAR_OIDC_KNAPPETEKST", default="kommunens brukerkonto")


def _sjekk_innlogging() -> None:
    """An integration that is switched on must be complete (style.md §13)."""
    if ARKIVAR_OIDC_ENABLED:
        mangler = [
            navn
            for navn, verdi in (
                ("ARKIVAR_OIDC_ISSUER", ARKIVAR_OIDC_ISSUER),
                ("ARKIVAR_OIDC_CLIENT_ID", ARKIVAR_OIDC_CLIENT_ID),
                ("ARKIVAR_OIDC_CLIENT_SECRET", ARKIVAR_OIDC_CLIENT_SECRET),
                ("ARKIVAR_OIDC_SCOPES", ARKIVAR_OIDC_SCOPES.strip()),
                ("ARKIVAR_OIDC_BRUKERNAVN_CLAIM", ARKIVAR_OIDC_BRUKERNAVN_CLAIM.strip()),
            )
            if not verdi
        ]
        if mangler:
            raise ImproperlyConfigured(
                "ARKIVAR_OIDC_ENABLED is on, but these variables are missing or empty: "
                + ", ".join(mangler)
            )
        if "openid" not in ARKIVAR_OIDC_SCOPES.split():
            raise ImproperlyConfigured("ARKIVAR_OIDC_SCOPES must contain 'openid'.")
        issuer = urlsplit(ARKIVAR_OIDC_ISSUER)
        lokal = issuer.scheme == "http" and issuer.hostname in ("localhost", "127.0.0.1", "::1")
        if not (issuer.scheme == "https" or lokal) or not issuer.hostname:
            raise ImproperlyConfigured(
                "ARKIVAR_OIDC_ISSUER must be an https:// URL (http:// only for localhost)."
            )
    if not ARKIVAR_LOKAL_INNLOGGING and not ARKIVAR_OIDC_ENABLED:
        raise ImproperlyConfigured(
            "ARKIVAR_LOKAL_INNLOGGING=false needs ARKIVAR_OIDC_ENABLED=true; "
            "otherwise nobody can log in."
        )


_sjekk_innlogging()

# Axes checks for a lock-out first; ModelBackend checks passwords only while local login is
# on; OidcBackend never checks a password but restores the user of an OIDC session.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    *(["django.contrib.auth.backends.ModelBackend"] if ARKIVAR_LOKAL_INNLOGGING else []),
    "tilgang.innlogging.oidc.OidcBackend",
]

# django-axes: after ARKIVAR_LOGIN_MAKS_FORSOEK failed logins for one user name from one address,
# that pair is locked for ARKIVAR_LOGIN_SPERRETID_MINUTTER. Behind a reverse proxy REMOTE_ADDR is
# the proxy, so the lock-out is then in effect per user name.
AXES_FAILURE_LIMIT = env.int("ARKIVAR_LOGIN_MAKS_FORSOEK", default=5)
_sperretid_minutter = env.int("ARKIVAR_LOGIN_SPERRETID_MINUTTER", default=15)
if AXES_FAILURE_LIMIT < 1 or _sperretid_minutter < 1:
    raise ImproperlyConfigured(
        "ARKIVAR_LOGIN_MAKS_FORSOEK and ARKIVAR_LOGIN_SPERRETID_MINUTTER must be at least 1."
    )
AXES_COOLOFF_TIME = timedelta(minutes=_sperretid_minutter)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "tilgang.innlogging.views.brukernavn_for_sperring"
AXES_LOCKOUT_CALLABLE = "tilgang.innlogging.views.sperret_svar"
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429

# Sessions: server-side (database), HttpOnly, SameSite=Lax (the OIDC callback is a top-level
# GET, so the cookie still comes back from the identity provider).
SESSION_COOKIE_AGE = 60 * env.int("ARKIVAR_OKT_VARIGHET_MINUTTER", default=480)
if SESSION_COOKIE_AGE < 60:
    raise ImproperlyConfigured("ARKIVAR_OKT_VARIGHET_MINUTTER must be at least 1.")
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("ARKIVAR_OKT_UTLOEPER_VED_LUKKING", default=False)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "media"},
    },
    "dokumenter": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "dokumenter"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Document files on S3-compatible storage instead of the data folder, when a bucket is named
# (django-storages; MinIO, Ceph or a cloud provider's S3). dokument.lagring works the same on both.
_s3_bucket = env.str("ARKIVAR_S3_BUCKET", default="")
if _s3_bucket:
    STORAGES["dokumenter"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _s3_bucket,
            "endpoint_url": env.str("ARKIVAR_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("ARKIVAR_S3_REGION", default="") or None,
            "access_key": env.str("ARKIVAR_S3_ACCESS_KEY", default="") or None,
            "secret_key": env.str("ARKIVAR_S3_SECRET_KEY", default="") or None,
            # Content-addressed names never change content; never rename on a clash either.
            "file_overwrite": True,
            "default_acl": None,
            "querystring_auth": True,
        },
    }

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("ARKIVAR_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Dokumentobjekt content larger than this is refused with the limit named.
ARKIVAR_MAKS_FILSTOERRELSE = env.int("ARKIVAR_MAKS_FILSTOERRELSE", default=200 * 1024 * 1024)
# Seconds an outside tool (LibreOffice, ocrmypdf) may work on one file before it is stopped.
ARKIVAR_KONVERTERING_TIDSAVBRUDD = env.int("ARKIVAR_KONVERTERING_TIDSAVBRUDD", default=300)
# Received files that would unpack beyond these limits are refused as bombs (dokument.konvertering
# .kontroll): total unpacked size of a ZIP-based file, and pixels in one image.
ARKIVAR_MAKS_UTPAKKET_STOERRELSE = env.int(
    "ARKIVAR_MAKS_UTPAKKET_STOERRELSE", default=1024 * 1024 * 1024
)
ARKIVAR_MAKS_BILDEPIKSLER = env.int("ARKIVAR_MAKS_BILDEPIKSLER", default=200_000_000)
# PEM files of the certificate authorities whose signatures on received PDFs count as verified
# (ElektroniskSignaturVerifisert "V"); comma-separated paths. Empty: no signature is trusted.
ARKIVAR_SIGNATUR_TILLITSANKRE = env.list("ARKIVAR_SIGNATUR_TILLITSANKRE", default=[])

# The Noark 5 REST API (noark_api, style.md §10): one renderer/parser pair for
# application/vnd.noark5+json, Basic (through django-axes), Bearer tokens and the session, Noark
# error bodies. Basic stays first: its challenge is the one anonymous requests get.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["noark_api.format.Noark5JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "noark_api.format.Noark5JSONParser",
        "noark_api.format.VanligJSONParser",
        "noark_api.format.MergePatchParser",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "noark_api.format.Noark5Innholdsforhandling",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "noark_api.autentisering.BasicMedSperre",
        "noark_api.autentisering.BearerToken",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["noark_api.tillatelser.KreverInnlogging"],
    "DEFAULT_METADATA_CLASS": "noark_api.metadata.Noark5Metadata",
    "EXCEPTION_HANDLER": "noark_api.feil.unntakshaandterer",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "URL_FORMAT_OVERRIDE": None,
    "UNICODE_JSON": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Arkivar: Noark 5 tjenestegrensesnitt",
    "DESCRIPTION": (
        "Noark 5 tjenestegrensesnitt 1.1 (HATEOAS, application/vnd.noark5+json). Clients start "
        "at /api/ and follow _links; hrefs are opaque. Errors carry the Noark body "
        '{"feil": {"kode", "beskrivelse"}} with DRF\'s "detail" next to it.'
    ),
    "VERSION": "1.1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/",
    "COMPONENT_SPLIT_REQUEST": True,
}
# OAuth2 tokens of the API (noark_api.tokens), lifetimes in seconds. Clients expect an access
# token to last at least an hour (client-compat.md §3.4); a refresh token outlives it.
ARKIVAR_API_TOKEN_LEVETID = env.int("ARKIVAR_API_TOKEN_LEVETID", default=3600)
ARKIVAR_API_REFRESH_LEVETID = env.int("ARKIVAR_API_REFRESH_LEVETID", default=24 * 3600)
if ARKIVAR_API_TOKEN_LEVETID < 60 or ARKIVAR_API_REFRESH_LEVETID < ARKIVAR_API_TOKEN_LEVETID:
    raise ImproperlyConfigured(
        "ARKIVAR_API_TOKEN_LEVETID must be at least 60 (seconds), and "
        "ARKIVAR_API_REFRESH_LEVETID at least as long."
    )
# The development administrator (client-compat.md §3.5), made only by `arkivar demo` and
# `arkivar utviklingsadmin`, never by migrations: a production database gets it only if asked.
# An empty user name leaves it out of the demo.
ARKIVAR_UTVIKLINGSADMIN_BRUKERNAVN = env.str(
    "ARKIVAR_UTVIKLINGSADMIN_BRUKERNAVN", default="admin@example.com"
)
ARKIVAR_UTVIKLINGSADMIN_PASSORD = env.str("ARKIVAR_UTVIKLINGSADMIN_PASSORD", default="password")
# Browser origins allowed to call the API across origins (comma-separated; "*" for any).
# Empty: no CORS headers, the same-origin rule holds (noark_api.cors).
ARKIVAR_API_CORS_ORIGINER = env.list("ARKIVAR_API_CORS_ORIGINER", default=[])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("ARKIVAR_LOG_LEVEL", default="INFO")},
}
