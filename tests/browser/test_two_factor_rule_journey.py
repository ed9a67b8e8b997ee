"""A network requires two-factor sign-in: the PCN manager turns the rule on and sees who it
applies to; the clinical director, signing in with a password, is sent to set it up, does so
(the test works out the app's code from the key on the page, as a phone would) and goes on.

On the small demo network, so no other journey's people are asked; the rule is turned off
again whatever happens."""

import re

from playwright.sync_api import expect

from tests import totp

from .conftest import check_accessibility, demo_email, sign_in
from .test_two_factor_sign_in_journeys import server_time

PCN = "u03864"


def at_both_widths(page, name):
    check_accessibility(page, name)
    page.set_viewport_size({"width": 375, "height": 800})
    check_accessibility(page, f"{name}-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_required_rule_sends_the_clinical_director_to_set_up_two_factor(new_page, server):
    manager = new_page()
    sign_in(manager, demo_email("pcn-manager", PCN))
    manager.goto("/people/")
    rule = manager.get_by_test_id("two-factor-rule")
    expect(rule).to_contain_text("Not required")
    try:
        manager.get_by_role("button", name="Require two-factor sign-in").click()
        expect(manager.get_by_text("Two-factor sign-in is now required")).to_be_visible()
        expect(manager.get_by_text("you will be asked at your next sign-in")).to_be_visible()
        expect(rule).to_contain_text("Required")
        people = manager.get_by_test_id("two-factor-people")
        director_row = people.get_by_role("row").filter(has_text="Clinical director")
        expect(director_row).to_contain_text("Not set up yet")
        expect(people.get_by_role("row").filter(has_text="Practice manager")).to_have_count(0)
        at_both_widths(manager, "people-two-factor-required")

        director = new_page()
        sign_in(director, demo_email("clinical-director", PCN))
        expect(
            director.get_by_role("heading", name="Set up two-factor sign-in to go on")
        ).to_be_visible()
        expect(director.get_by_test_id("requiring-networks")).to_contain_text("requires")
        at_both_widths(director, "two-factor-required")
        director.goto("/overview/")
        expect(director).to_have_url(re.compile(r"/account/two-factor/required/$"))

        director.get_by_role("button", name="Set up an authenticator app").click()
        secret = director.get_by_test_id("totp-secret").inner_text()
        director.get_by_label("Code").fill(totp.code(secret, at=server_time(server)))
        director.get_by_role("button", name="Turn on two-factor sign-in").click()
        expect(director.get_by_role("heading", name="Two-factor sign-in is on")).to_be_visible()
        director.goto("/overview/")
        expect(director).to_have_url(re.compile(r"/overview/$"))
        expect(director.get_by_test_id("overview-table")).to_be_visible()
        check_accessibility(director, "overview-after-two-factor")

        manager.reload()
        expect(director_row).to_contain_text("Set up")
    finally:
        manager.goto("/people/")
        stop = manager.get_by_role("button", name="Stop requiring two-factor sign-in")
        if stop.count():
            stop.click()
            expect(manager.get_by_text("is no longer required")).to_be_visible()
