"""A small, real OpenID Connect provider for the tests, on the loopback, in its own process.

It serves two issuers, `/nhsmail` and `/cis2`, each with discovery, its keys (JWKS), an
authorisation endpoint that consents at once for the person the test chose, and a token
endpoint that checks the client, the redirect address and the PKCE verifier (S256 only).

A test steers it through `POST /control` (JSON): `{"person": {"sub", "email", "name"},
"fault": None | "tampered" | "wrong_nonce" | "expired" | "skewed" | "other_key"}`. The fault
applies to the next ID token only.

    python -m tests.clock tests/identity_provider/server.py PORT CLIENT_ID CLIENT_SECRET

runs it on the tests' clock, so its tokens are dated as the server under test reads time.
"""

import base64
import hashlib
import json
import secrets
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey

ISSUERS = ("nhsmail", "cis2")
KEY = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig"})
LIFETIME = 300  # seconds an ID token is good for


class State:
    person = {"sub": "nobody", "email": "nobody@nhs.net", "name": "Nobody"}
    fault = None
    codes = {}  # code -> what the token endpoint must check and put in the token


def sign(claims, key=KEY):
    return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)


class Handler(BaseHTTPRequestHandler):
    client_id = client_secret = base = None

    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type="application/json", headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def issuer_and_path(self):
        url = urlparse(self.path)
        parts = url.path.strip("/").split("/", 1)
        if parts[0] not in ISSUERS:
            return None, url.path, parse_qs(url.query)
        return (
            f"{self.base}/{parts[0]}",
            "/" + (parts[1] if len(parts) > 1 else ""),
            parse_qs(url.query),
        )

    def do_GET(self):
        issuer, path, query = self.issuer_and_path()
        if issuer is None:
            return self.answer(404, {"error": "not_found"})
        if path == "/.well-known/openid-configuration":
            return self.answer(
                200,
                {
                    "issuer": issuer,
                    "authorization_endpoint": f"{issuer}/authorize",
                    "token_endpoint": f"{issuer}/token",
                    "jwks_uri": f"{issuer}/jwks",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "code_challenge_methods_supported": ["S256"],
                    "scopes_supported": ["openid", "email", "profile"],
                    "token_endpoint_auth_methods_supported": ["client_secret_basic"],
                },
            )
        if path == "/jwks":
            return self.answer(200, {"keys": [KEY.as_dict(private=False)]})
        if path == "/authorize":
            return self.authorize(issuer, {k: v[0] for k, v in query.items()})
        return self.answer(404, {"error": "not_found"})

    def authorize(self, issuer, q):
        if q.get("client_id") != self.client_id or q.get("response_type") != "code":
            return self.answer(400, {"error": "unauthorized_client"})
        if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            return self.answer(400, {"error": "invalid_request", "error_description": "PKCE"})
        if "openid" not in q.get("scope", "").split():
            return self.answer(400, {"error": "invalid_scope"})
        code = secrets.token_urlsafe(24)
        State.codes[code] = {
            "issuer": issuer,
            "redirect_uri": q["redirect_uri"],
            "challenge": q["code_challenge"],
            "nonce": q.get("nonce"),
            "person": dict(State.person),
        }
        target = q["redirect_uri"] + "?" + urlencode({"code": code, "state": q.get("state", "")})
        return self.answer(302, b"", "text/plain", headers=[("Location", target)])

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if self.path == "/control":
            wanted = json.loads(body or b"{}")
            State.person = wanted.get("person", State.person)
            State.fault = wanted.get("fault")
            return self.answer(200, {"ok": True})
        issuer, path, _ = self.issuer_and_path()
        if issuer is None or path != "/token":
            return self.answer(404, {"error": "not_found"})
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if not self.client_authenticated(form):
            return self.answer(401, {"error": "invalid_client"})
        grant = State.codes.pop(form.get("code", ""), None)  # a code is good once
        if grant is None or grant["issuer"] != issuer:
            return self.answer(400, {"error": "invalid_grant"})
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return self.answer(400, {"error": "invalid_grant", "error_description": "redirect"})
        verifier = form.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
            return self.answer(400, {"error": "invalid_grant", "error_description": "PKCE"})
        return self.answer(
            200,
            {
                "access_token": secrets.token_urlsafe(24),
                "token_type": "Bearer",
                "expires_in": LIFETIME,
                "id_token": self.id_token(issuer, grant),
            },
        )

    def client_authenticated(self, form):
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            given = base64.b64decode(header[6:]).decode().split(":", 1)
        else:
            given = [form.get("client_id"), form.get("client_secret")]
        return given == [self.client_id, self.client_secret]

    def id_token(self, issuer, grant):
        fault, State.fault = State.fault, None
        now = int(time.time())
        person = grant["person"]
        claims = {
            "iss": issuer,
            "sub": person["sub"],
            "aud": self.client_id,
            "iat": now,
            "exp": now + LIFETIME,
            "nonce": grant["nonce"],
            "email": person.get("email"),
            "name": person.get("name"),
        }
        if fault == "wrong_nonce":
            claims["nonce"] = "a-nonce-from-another-sign-in"
        if fault == "expired":  # well past any tolerance for clocks that differ
            claims.update(iat=now - 3600, exp=now - 1800)
        if fault == "skewed":  # the provider's clock a minute ahead: within tolerance
            claims.update(iat=now + 60, exp=now + 60 + LIFETIME)
        if fault == "other_key":
            return sign(claims, OTHER_KEY)
        token = sign(claims)
        if fault == "tampered":  # someone changed whose token it is after it was signed
            header, _, signature = token.split(".")
            claims["email"] = "someone.else@nhs.net"
            forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
            token = ".".join([header, forged.decode(), signature])
        return token


def main(port, client_id, client_secret):
    Handler.client_id, Handler.client_secret = client_id, client_secret
    Handler.base = f"http://127.0.0.1:{port}"
    ThreadingHTTPServer(("127.0.0.1", int(port)), Handler).serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:4])
