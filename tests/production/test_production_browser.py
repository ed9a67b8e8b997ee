"""A real Chromium on the production setup: a page loads without asking any other host for
anything and without breaking its content security policy; the error pages are styled and
pass axe. With PCN_SCREENSHOTS=all the pages are kept as screenshots to look at."""

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM, check_accessibility

from .conftest import Visitor

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium():
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


@pytest.fixture
def page(chromium, production):
    """A page whose every request comes as through the TLS proxy; requests to any other host
    are refused and counted in `page.elsewhere`, CSP complaints in `page.csp_errors`."""
    # localhost, not 127.0.0.1: Chromium keeps Secure cookies over plain HTTP for localhost only.
    url = production["url"].replace("127.0.0.1", "localhost")
    context = chromium.new_context(
        base_url=url,
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.base_url = url
    page.elsewhere, page.csp_errors = [], []

    def elsewhere(route):
        page.elsewhere.append(route.request.url)
        route.abort()

    def through_the_proxy(route):
        # As the TLS proxy passes it on: HTTPS said in X-Forwarded-Proto, and the page's
        # origin as the browser would send it over HTTPS.
        headers = {**route.request.headers, "x-forwarded-proto": "https"}
        if "origin" in headers:
            headers["origin"] = headers["origin"].replace("http://", "https://")
        route.continue_(headers=headers)

    context.route(lambda requested: not requested.startswith(url), elsewhere)
    context.route(lambda requested: requested.startswith(url), through_the_proxy)
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_errors.append(message.text)
        ),
    )
    yield page
    context.close()


def _sign_in(page, production, email):
    """Signed in through the server's sign-in form (over HTTP, as through the proxy), the
    session cookie handed to the browser: Chromium keeps no Secure cookie from a plain-HTTP
    origin, and only the proxy speaks TLS here."""
    visitor = Visitor(production["port"]).sign_in(email)
    page.context.add_cookies(
        [
            {"name": name, "value": value, "url": page.base_url}
            for name, value in visitor.cookies.items()
        ]
    )


def test_a_page_loads_nothing_from_another_host_and_keeps_to_its_policy(page, production):
    _sign_in(page, production, production["sign_ins"]["PCN manager"])
    page.goto("/overview/")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/overview/")
    assert page.locator("main h1").first.is_visible()
    # The NHS components started (their script ran under the nonce): the page is marked so.
    assert "js-enabled" in page.locator("body").get_attribute("class")
    assert page.evaluate("getComputedStyle(document.body).fontFamily").lower().startswith("arial")
    assert page.elsewhere == []
    assert page.csp_errors == []
    check_accessibility(page, "production-overview")


def test_a_missing_page_is_styled_and_says_where_to_go(page, production):
    _sign_in(page, production, production["sign_ins"]["PCN manager"])
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert page.get_by_role("link", name="Your network's overview").is_visible()
    assert page.elsewhere == [] and page.csp_errors == []
    check_accessibility(page, "production-404")


def test_a_refused_page_names_the_role_and_who_can_change_it(page, production):
    observer = production["sign_ins"]["Observer (read-only)"]
    visitor = Visitor(production["port"]).sign_in(observer)
    refused = next(path for path in production["pages"] if visitor.get(path).status == 403)
    _sign_in(page, production, observer)
    response = page.goto(refused)
    assert response.status == 403
    assert page.get_by_role("heading", name="You do not have access to this page").is_visible()
    assert "Observer (read-only)" in page.get_by_test_id("forbidden").inner_text()
    assert page.get_by_role("link", name="Priya Shah").is_visible()
    assert page.elsewhere == [] and page.csp_errors == []
    check_accessibility(page, "production-403")
