"""Signing in with an NHS identity (NHSmail on Microsoft Entra ID, NHS Care Identity Service 2)
over OpenID Connect, through Authlib's Django client (decision 32).

What is checked, by Authlib and here: the authorisation code flow with PKCE (S256); the state
the browser brings back against the one kept in this session (once only); the ID token's
signature against the issuer's published keys (JWKS, fetched again when a key id is new); its
issuer (the configured one, and the discovery document must agree), audience (our client id),
expiry and issue time with `LEEWAY` for clocks that differ; and its nonce against this
session's. Nothing is fetched from the issuer until someone presses its button.
"""

from dataclasses import dataclass

import requests
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from joserfc.errors import JoseError

# Seconds a token's times may be off from ours (the issuer's clock ahead or behind).
LEEWAY = 120
TIMEOUT = 10  # seconds to wait for the issuer before telling the person it can't be reached

LABELS = {"nhsmail": "NHSmail", "cis2": "NHS Care Identity"}
# The claims PCN Commons reads: `sub` (who, at this issuer, for good), `email` (to find the
# account or invitation the first time), `name` (for a new account from an invitation).
SCOPES = {"nhsmail": "openid email profile", "cis2": "openid email profile"}


@dataclass(frozen=True)
class Provider:
    key: str
    label: str
    issuer: str
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class Claims:
    issuer: str
    subject: str
    email: str
    name: str


class NhsSignInFailed(Exception):
    """The issuer could not be reached, or what came back can't be trusted. `reason` is for
    the audit; the message is for the person."""

    def __init__(self, message, *, reason, unreachable=False):
        super().__init__(message)
        self.reason = reason
        self.unreachable = unreachable


def providers():
    """The NHS identities this installation is registered with (all three settings present)."""
    return [
        Provider(key, LABELS[key], **config)
        for key, config in settings.NHS_SIGN_IN.items()
        if key in LABELS
    ]


def provider(key):
    return next((p for p in providers() if p.key == key), None)


def label(key):
    return LABELS.get(key, key)


def _client(found):
    oauth = OAuth()
    return oauth.register(
        name=f"nhs_{found.key}",
        client_id=found.client_id,
        client_secret=found.client_secret,
        server_metadata_url=found.issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={
            "scope": SCOPES[found.key],
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": "client_secret_post",
            "default_timeout": TIMEOUT,
        },
    )


def start(request, found, redirect_uri):
    """The redirect to the issuer's sign-in page; state, nonce and PKCE verifier are kept in
    this session for `finish`."""
    client = _client(found)
    try:
        _check_issuer(found, client.load_server_metadata())
        return client.authorize_redirect(request, redirect_uri)
    except (requests.RequestException, ValueError, KeyError) as error:
        raise NhsSignInFailed(
            f"We couldn't reach {found.label}. Try again in a few minutes, or sign in with your "
            "email address and password.",
            reason=f"issuer unreachable: {type(error).__name__}",
            unreachable=True,
        ) from error


def finish(request, found):
    """The checked claims of the person the issuer sent back, or NhsSignInFailed."""
    client = _client(found)
    refused = (
        f"We couldn't confirm your {found.label} sign-in, so you have not been signed in. "
        "Try again; if it happens again, tell your PCN manager."
    )
    try:
        _check_issuer(found, client.load_server_metadata())
        token = client.authorize_access_token(
            request,
            leeway=LEEWAY,
            claims_options={
                "iss": {"essential": True, "value": found.issuer},
                "sub": {"essential": True},
            },
        )
    except OAuthError as error:
        raise NhsSignInFailed(refused, reason=f"{error.error}") from error
    except JoseError as error:
        raise NhsSignInFailed(refused, reason=f"ID token: {error.error}") from error
    except (requests.RequestException, ValueError, KeyError) as error:
        raise NhsSignInFailed(
            f"We couldn't reach {found.label} to finish signing you in. Try again in a few minutes.",
            reason=f"issuer unreachable: {type(error).__name__}",
            unreachable=True,
        ) from error
    userinfo = token.get("userinfo")
    if not userinfo:  # no ID token, or one we could not tie to this session's nonce
        raise NhsSignInFailed(refused, reason="no ID token")
    return Claims(
        issuer=found.issuer,
        subject=str(userinfo["sub"]),
        email=str(userinfo.get("email") or "").strip().lower(),
        name=str(userinfo.get("name") or "").strip(),
    )


def _check_issuer(found, metadata):
    # The discovery document must name the issuer we were configured with: a document served
    # for another issuer would let that issuer's tokens in.
    if metadata.get("issuer") != found.issuer:
        raise ValueError("the discovery document names another issuer")
