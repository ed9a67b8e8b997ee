"""Settings shared by every environment. Anything a deployment changes comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parents[3]
DATA_DIR = Path(os.environ.get("PCN_DATA_DIR", BASE_DIR / "data"))
REFERENCE_DATA_DIR = BASE_DIR / "data" / "reference"

# No key here: production requires SECRET_KEY; development makes one per checkout (dev.py).
SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "pcn.core",
    "pcn.reference",
    "pcn.networks",
    "pcn.workforce",
    "pcn.benchmarking",
    "pcn.allocation",
    "pcn.rota",
    "pcn.money",
    "pcn.coordination",
    "pcn.purpose",
    "pcn.planning",
    "pcn.home",
    "pcn.demo",
    "pcn.benchmarks",
    "django_tasks",
    "django_tasks_db",
    "pcn.api",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "ninja",  # serves the API docs' Swagger UI from our static files, not a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pcn.core.sessions.SignedInSessionMiddleware",
    # After sign-in is known: a session marked by a network's two-factor rule goes no further.
    "pcn.core.two_factor_confinement.TwoFactorConfinementMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pcn.core.middleware.CurrentNetworkMiddleware",
    # Last: it turns a sign-in refused for too many failures into the sign-in page saying so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pcn.config.urls"
WSGI_APPLICATION = "pcn.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "pcn.config.jinja2_backend.Jinja2",
        "DIRS": [BASE_DIR / "pcn" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "pcn.config.jinja2_env.environment"},
    },
    {
        # Only for django-ninja's API documentation page, which ships a Django template.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
    },
]


def _database():
    url = os.environ.get("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=60)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "pcn.sqlite3",
        "OPTIONS": {
            # WAL lets readers carry on while an import writes; IMMEDIATE avoids
            # "database is locked" when two writers start a transaction at once.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every sign-in, right or wrong, of an email and address pair locked out.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (django-axes), the one mechanism for every way of signing in with a
# password. An email and address pair is locked out after 5 failures in a row, for 15 minutes:
# an attacker at one address can't guess a password, and can't lock the real person out from
# elsewhere. The address is REMOTE_ADDR (no proxy headers trusted); each failure during a
# lockout starts its 15 minutes again; a success clears the count.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "pcn.core.views.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the audit log (core.sign_in)
AXES_VERBOSE = False
# How many proxies in front set X-Forwarded-For (production: TRUSTED_PROXIES, default 1); the
# address throttling counts and the audit records is the one the outermost of them saw.
TRUSTED_PROXIES = 0
AXES_CLIENT_IP_CALLABLE = "pcn.core.client_address.client_address"
# Two-factor codes (django-otp): wrong codes count as failed sign-ins in django-axes, the one
# throttle, so django-otp's own throttling is off.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_TOTP_ISSUER = "PCN Commons"
# Security keys (django-otp-webauthn) as a second factor only, never instead of a password. The
# relying party and the origin a key's answer must name are the address of each request
# (pcn.core.security_keys.KeyHelper), already checked against ALLOWED_HOSTS; so the plugin's
# fixed list of origins stays empty, and its check that asks for one is silenced.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "pcn.core.security_keys.KeyHelper"
OTP_WEBAUTHN_RP_ID_CALLABLE = "pcn.core.security_keys.relying_party_id"
OTP_WEBAUTHN_RP_NAME = "PCN Commons"
OTP_WEBAUTHN_TIMEOUT_SECONDS = 120
SILENCED_SYSTEM_CHECKS = ["otp_webauthn.E030"]
LOGIN_URL = "core:sign_in"
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "core:sign_in"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "pcn" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Invitations and password resets: console by default, SMTP when EMAIL_HOST is set.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "sent-email"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "PCN Commons <no-reply@pcn-commons.local>"
)

INVITATION_VALID_DAYS = 14
# The address links in scheduled emails point to (no request to take it from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")


def _nhs_sign_in(prefix):
    """One NHS identity provider from OIDC_<prefix>_ISSUER, _CLIENT_ID and _CLIENT_SECRET; None
    (no button) unless all three are set (README: configuration)."""
    found = {
        name.lower(): os.environ.get(f"OIDC_{prefix}_{name}", "").strip()
        for name in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET")
    }
    return found if all(found.values()) else None


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


NHS_SIGN_IN = {
    key: found
    for key, found in (("nhsmail", _nhs_sign_in("NHSMAIL")), ("cis2", _nhs_sign_in("CIS2")))
    if found
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Long work (rota solves, batch runs) runs in `manage.py db_worker` processes, off the request.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Content security policy: everything from this server, nothing inline but what carries the
# page's nonce (the NHS template's js-enabled line, the script that starts the NHS components).
# Style attributes stay allowed: bar charts set their widths from figures; a style attribute
# runs no script. Nothing is loaded from another host (decision 17).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        # The NHS sign-in buttons are forms whose answer redirects to the issuer's sign-in
        # page, and browsers hold redirects after a form to this list too.
        "form-action": [SELF, *sorted({_origin(p["issuer"]) for p in NHS_SIGN_IN.values()})],
        "frame-ancestors": [NONE],
    }
}
CSRF_FAILURE_VIEW = "pcn.core.errors.csrf_failure"

# A rota solve whose worker has been silent this long (it reports every half second) has lost
# its worker, killed or its machine down: the run is failed and the plan offers to optimise
# again. Generous, since a worker is also silent while it builds a large problem.
ROTA_SOLVE_SILENCE_SECONDS = int(os.environ.get("PCN_ROTA_SOLVE_SILENCE_SECONDS", "60"))
