"""PCN Commons under production settings, served by gunicorn as `make serve` runs it: every page
answers as each demo role without a server error, loads nothing from another host, and comes
with its security headers; static files have hashed names; Django's deployment check passes;
and without its key or hosts it refuses to start."""

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest

from .conftest import ROOT, Visitor, production_env

ROLES = [
    "PCN manager",
    "Clinical director",
    "Practice manager",
    "Staff member",
    "Observer (read-only)",
]
# What a page may answer: itself, a refusal (a role without it), a redirect (to sign in, to
# choose, to the next step), or "use POST" for a page that only takes a form.
EXPECTED = {200, 301, 302, 303, 403, 405}
HASHED = re.compile(r"\.[0-9a-f]{12}\.[a-z0-9]+$")


class Resources(HTMLParser):
    """What a page loads: scripts, stylesheets, icons, images, frames (not links it shows)."""

    LOADED = {
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "audio": "src",
        "video": "src",
        "embed": "src",
        "object": "data",
        "link": "href",
    }

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.LOADED and attrs.get(self.LOADED[tag]):
            self.urls.append(attrs[self.LOADED[tag]])
        if tag in ("img", "source") and attrs.get("srcset"):
            self.urls += [part.split()[0] for part in attrs["srcset"].split(",")]
        if tag == "meta" and attrs.get("property", "").startswith("og:"):
            self.urls.append(attrs.get("content", ""))
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", attrs.get("style") or ""):
            self.urls.append(url)


def loaded(html):
    parser = Resources()
    parser.feed(html)
    inline_css = " ".join(re.findall(r"<style[^>]*>(.*?)</style>", html, re.DOTALL))
    return parser.urls + re.findall(r"url\(\s*['\"]?([^'\")]+)", inline_css)


def elsewhere(urls, port):
    """The URLs among `urls` that go to a host other than this server."""
    ours = {f"127.0.0.1:{port}", f"localhost:{port}"}
    return [
        u
        for u in urls
        if urlparse(u).scheme in ("http", "https", "")
        and urlparse(u).netloc not in ("", *ours)
        or u.startswith("//")
    ]


@pytest.fixture(scope="module")
def visits(production):
    """Every page, as each role and signed out: {(who, path): response}."""
    port = production["port"]
    visitors = {"signed out": Visitor(port)}
    for role in ROLES:
        visitors[role] = Visitor(port).sign_in(production["sign_ins"][role])
    jobs = [(who, path) for who in visitors for path in production["pages"]]
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda job: visitors[job[0]].get(job[1]), jobs))
    return dict(zip(jobs, responses, strict=True))


def test_every_page_answers_each_role_and_none_fails(visits, production):
    unexpected = {
        f"{who} {path}": response.status
        for (who, path), response in visits.items()
        if response.status not in EXPECTED
    }
    assert not unexpected, f"{unexpected}\n{production['log'].read_text()[-3000:]}"
    # The walk reached the pages themselves, not only sign-in redirects and refusals.
    for role in ROLES:
        shown = [path for (who, path), r in visits.items() if who == role and r.status == 200]
        assert len(shown) > 20, f"{role} saw only {shown}"
    assert visits[("PCN manager", "/api/docs")].status == 200


def test_signed_out_people_are_sent_to_sign_in_not_shown_network_pages(visits):
    for (who, path), response in visits.items():
        if who == "signed out" and response.status == 200:
            assert path.rstrip("/").split("/")[-1] not in ("overview", "staff", "docs"), path
    assert visits[("signed out", "/api/docs")].status == 302
    assert "/sign-in/" in visits[("signed out", "/api/docs")].getheader("Location")


def test_no_page_loads_anything_from_another_host(visits, production):
    port = production["port"]
    stylesheets = set()
    for (who, path), response in visits.items():
        if response.status != 200 or "text/html" not in response.getheader("Content-Type", ""):
            continue
        urls = loaded(response.text)
        assert not elsewhere(urls, port), f"{path} as {who} loads {elsewhere(urls, port)}"
        stylesheets |= {u for u in urls if u.endswith(".css")}
    assert stylesheets
    visitor = Visitor(port)
    for sheet in stylesheets:
        css = visitor.get(sheet).text
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
        assert not elsewhere(urls, port), f"{sheet} loads {elsewhere(urls, port)}"
        assert "@import" not in css or not re.search(r"@import\s+['\"]?(https?:)?//", css)


def test_static_files_are_served_with_hashed_names(visits, production):
    visitor = Visitor(production["port"])
    page = visits[("PCN manager", "/overview/")]
    assert page.status == 200
    static = [u for u in loaded(page.text) if u.startswith("/static/")]
    assert any(u.endswith(".css") for u in static) and any(u.endswith(".js") for u in static)
    for url in static:
        assert HASHED.search(url), f"{url} has no hashed name"
        response = visitor.get(url)
        assert response.status == 200, url
        assert "immutable" in response.getheader("Cache-Control", ""), url
    # The stylesheet's own images were rewritten to their hashed names too.
    sheet = next(u for u in static if "nhsuk-frontend" in u and u.endswith(".css"))
    for image in re.findall(r"url\(\s*['\"]?([^'\")]+)", visitor.get(sheet).text):
        assert HASHED.search(image), image


def test_pages_come_with_a_content_security_policy_and_hsts(visits):
    for (who, path), response in visits.items():
        if response.status != 200:
            continue
        policy = response.getheader("Content-Security-Policy", "")
        directives = dict(
            (part.split(" ", 1) + [""])[:2] for part in policy.split("; ") if part.strip()
        )
        assert directives.get("default-src") == "'self'", f"{path} as {who}: {policy!r}"
        assert directives["script-src"].startswith("'self'"), policy
        assert directives["frame-ancestors"] == "'none'", policy
        # Only style attributes may be inline (bar widths); never a script or a <style>.
        assert not [d for d, v in directives.items() if "unsafe" in v and d != "style-src-attr"]
        hsts = response.getheader("Strict-Transport-Security", "")
        assert re.search(r"max-age=\d{7,}", hsts), f"{path}: {hsts!r}"
        assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_inline_scripts_carry_the_pages_nonce(visits):
    response = visits[("signed out", "/sign-in/")]
    nonce = re.search(r"'nonce-([^']+)'", response.getheader("Content-Security-Policy")).group(1)
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.text)
    assert scripts, "the NHS template's js-enabled line and the components' start are inline"
    for attributes in scripts:
        if "application/json" in attributes:
            continue
        assert f'nonce="{nonce}"' in attributes, attributes


def test_plain_http_is_redirected_to_https(production):
    response = Visitor(production["port"]).get("/sign-in/", https=False)
    assert response.status == 301
    assert response.getheader("Location") == f"https://127.0.0.1:{production['port']}/sign-in/"


def test_sessions_end_after_an_idle_hour_and_with_the_browser(production):
    visitor = Visitor(production["port"])
    page = visitor.get("/sign-in/")
    assert page.status == 200
    visitor.sign_in(production["sign_ins"]["PCN manager"])
    # The session cookie is a browser-session cookie (no Max-Age), Secure and HttpOnly; the
    # server ends it after an hour without a request.
    response = visitor.get("/overview/")
    cookie = next(
        v
        for h, v in response.getheaders()
        if h.lower() == "set-cookie" and v.startswith("sessionid=")
    )
    assert "Secure" in cookie and "HttpOnly" in cookie and "Max-Age" not in cookie
    settings = (
        production["run"](
            "shell",
            "-c",
            "from django.conf import settings; "
            "print(settings.SESSION_COOKIE_AGE, settings.SESSION_SAVE_EVERY_REQUEST)",
        )
        .splitlines()[-1]
        .split()
    )
    assert settings == ["3600", "True"]


def test_the_deployment_check_passes(production):
    production["run"]("check", "--deploy", "--fail-level", "WARNING")


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_key_or_hosts(tmp_path, missing):
    env = production_env(tmp_path)
    del env[missing]
    done = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert f"will not start in production without {missing}" in done.stderr
