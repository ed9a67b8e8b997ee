"""Production: behind a proxy that ends TLS and sets X-Forwarded-Proto (decision 17).

The operator must give SECRET_KEY and ALLOWED_HOSTS; without them nothing starts. `make serve`
runs with these settings, and so must every `manage.py` command on the server
(DJANGO_SETTINGS_MODULE=pcn.config.settings.production), so that what it signs (the digest's
unsubscribe links) the server trusts.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _required(name, what):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"PCN Commons will not start in production without {name}: {what} "
            "See the README's configuration section."
        )
    return value


SECRET_KEY = _required(
    "SECRET_KEY",
    "a long random secret kept only by this installation, e.g. the output of "
    "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
)
ALLOWED_HOSTS = [
    host.strip()
    for host in _required(
        "ALLOWED_HOSTS", "the host names people use to reach it, comma-separated."
    ).split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
DEBUG = False
STATIC_ROOT = os.environ.get("STATIC_ROOT", STATIC_ROOT)  # noqa: F405

# HTTPS only. The proxy in front ends TLS and says so in X-Forwarded-Proto; it must set that
# header itself, never pass on one from the client.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
# The proxies that append the client's address to X-Forwarded-For (pcn.core.client_address).
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "1"))
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading asks browsers to ship the host in their HTTPS-only list, a commitment only the
# operator can make for their domain: off unless they set it, and the check's reminder silenced.
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "") == "1"
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]  # noqa: F405

# Sessions end after an idle hour (SESSION_IDLE_MINUTES): each request a signed-in person makes
# moves the expiry on, so someone working is never signed out, and a shared computer left alone
# is. Closing the browser ends the session too.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "60")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
