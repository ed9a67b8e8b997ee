"""A real server with the demo network, and a real Chromium driven by Playwright.

The server runs in its own process on its own database (a fresh SQLite file, or a fresh
PostgreSQL database when DATABASE_URL is set), built by the same commands a user runs, on the
tests' clock (tests/clock.py). The journeys are dealt into two groups by module (tests/conftest.py);
each test worker that runs a group starts a server of its own, beside the other tests on the
other workers.

Screenshots are kept when a test fails (test-results/screenshots/); with PCN_SCREENSHOTS=all,
of every page checked for accessibility too, to look at what was built.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests import clock
from tests import identity_provider as nhs_identity_provider
from tests.servers import free_port, own_database, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-results" / "screenshots"
KEEP_EVERY_SCREENSHOT = os.environ.get("PCN_SCREENSHOTS") == "all"
DEMO_PASSWORD = "commons-demo-2026"


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("server")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pcn.config.settings.dev",
        "PCN_DATA_DIR": str(workdir),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
        # One clock for the build and the server: the server starts where the build ended, so
        # what a journey changes is newer than everything the demo made (History, newest first).
        clock.EPOCH: str(clock.real_time()),
    }
    # NHSmail and NHS Care Identity, both from a real OpenID Connect provider on the loopback,
    # on the server's clock.
    identity_provider = nhs_identity_provider.start(epoch=float(env[clock.EPOCH]))
    env.update(identity_provider.env())
    # The NHS files come loaded (tests/servers.py); `migrate` and `demo` run as a user runs them.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    database_url = own_database(f"browser_{worker}", workdir, tmp_path_factory)
    if database_url:
        env["DATABASE_URL"] = database_url
    manage = [sys.executable, "-m", "tests.clock", str(ROOT / "manage.py")]
    for command in (["migrate", "--no-input"], ["demo"], ["demo", "--pcn", "U03864"]):
        subprocess.run(manage + command, env=env, check=True, capture_output=True, cwd=ROOT)
    port = free_port()
    process = subprocess.Popen(
        manage + ["runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Rota solves run as tasks: one worker, as `make run` starts.
    worker = subprocess.Popen(
        # No reloader: it would start the worker again in a process off the tests' clock.
        manage + ["db_worker", "--interval", "0.2", "--no-reload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if not wait_for_port(port, 60):
        process.kill()
        worker.kill()
        identity_provider.stop()
        raise RuntimeError("The server did not start within 60 seconds")
    # `manage` and `env` run other commands against the server's database (SQLite file or
    # PostgreSQL) on the same clock.
    yield {
        "url": f"http://127.0.0.1:{port}",
        "mail": workdir / "mail",
        "env": env,
        "manage": manage,
        "identity_provider": identity_provider,
    }
    for child in (process, worker):
        child.terminate()
        child.wait(timeout=10)
    identity_provider.stop()


@pytest.fixture(scope="module")
def browser():
    # Playwright runs an event loop in this process while it is open, and Django refuses to
    # create the test database or open a connection from inside one. So the browser closes
    # after each module of journeys: tests that run after them on the same worker (on
    # PostgreSQL they open new connections) start outside any loop.
    # Required, never skipped: CI installs Debian's Chromium, and a missing one must fail.
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Notes on the test whether its body failed, so `new_page` knows to keep screenshots."""
    report = yield
    if report.when == "call":
        item.body_failed = report.failed
    return report


@pytest.fixture
def new_page(request, browser, server):
    contexts = []

    def make(host=None):
        """A page on the test server; `host="localhost"` reaches it by name rather than by
        127.0.0.1, as security keys need (browsers refuse them on an IP address)."""
        base_url = server["url"].replace("127.0.0.1", host) if host else server["url"]
        context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
        # Only the test server answers. These machines reach no other host, and a request
        # that waits for one (the NHS stylesheet's fonts on assets.nhs.uk) stalls a page for
        # seconds before the browser falls back to Arial; refused at once, it falls back at once.
        # The test identity provider, on the loopback too, is the one other host allowed.
        allowed = (server["url"], base_url, server["identity_provider"].url)
        context.route(lambda url: not url.startswith(allowed), lambda route: route.abort())
        contexts.append(context)
        return context.new_page()

    yield make
    if getattr(request.node, "body_failed", False):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        pages = [page for context in contexts for page in context.pages]
        for number, page in enumerate(pages, 1):
            page.screenshot(
                path=str(SCREENSHOTS / f"{request.node.name}-{number}.png"), full_page=True
            )
    for context in contexts:
        context.close()


def sign_in(page, email, password=DEMO_PASSWORD):
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()


def sign_out(page):
    page.goto("/sign-out/")
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()


def demo_email(role, pcn="u35980"):
    return f"{role}.{pcn}@demo.pcn-commons.local"


def check_accessibility(page, name):
    """axe-core on the page as it stands: no violations at all. With PCN_SCREENSHOTS=all, also
    keeps a screenshot named `name`."""
    # After a click the next page may still be on its way: check the page that arrives.
    page.wait_for_load_state()
    page.locator("main h1").first.wait_for()
    # After a change of window size the NHS header moves the links that no longer fit into its
    # "More" menu on a later animation frame; until then they spill out of the blue header
    # (white on white). Let those frames pass, as a person's eye would.
    page.evaluate(
        "() => new Promise(done => { let frames = 3;"
        " const next = () => (--frames ? requestAnimationFrame(next) : done());"
        " requestAnimationFrame(next); })"
    )
    if KEEP_EVERY_SCREENSHOT:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    # Evaluated through the browser's tools, not added as an inline <script>, which the
    # pages' content security policy refuses (decision 17).
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "where": [node["target"] for node in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert not violations, f"axe found problems on {page.url}:\n{json.dumps(violations, indent=2)}"


def create_account(page, server, full_name, email, password):
    """Create an account as a newcomer does: name and email, then the emailed link."""
    page.goto("/create-account/")
    page.get_by_label("Full name").fill(full_name)
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    body = sorted(server["mail"].glob("*.log"))[-1].read_text()
    page.goto(re.search(r"http://\S+/create-account/\S+/", body).group(0))
    page.get_by_label("Create a password").fill(password)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state()


SITE_ADMINISTRATOR = ("site.admin@example.nhs.uk", "site-administrator-pass-1")


def set_up_network(new_page, page, server, pcn_code):
    """`page`'s user asks to set up the PCN, and a site administrator approves (decision 18)."""
    page.goto(f"/networks/new/?q={pcn_code}")
    page.get_by_role("button", name=re.compile("^Ask to set up")).click()
    email, password = SITE_ADMINISTRATOR
    make_admin = (
        "from pcn.core.models import User; "
        f"User.objects.filter(email='{email}').exists() or "
        f"User.objects.create_superuser('{email}', '{password}', full_name='Site Administrator')"
    )
    subprocess.run(
        server["manage"] + ["shell", "-c", make_admin],
        env=server["env"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    admin = new_page()
    sign_in(admin, email, password)
    admin.goto("/networks/applications/")
    admin.get_by_role("link", name=re.compile(rf"\({pcn_code}\)")).click()
    admin.get_by_role("button", name=re.compile("^Approve and set up")).click()
    admin.get_by_text("is set up, with").wait_for()
    admin.close()
    page.goto("/overview/")
