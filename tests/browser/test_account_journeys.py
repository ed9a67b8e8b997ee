"""A person's own keys, in a real browser: a staff member gets a private calendar address
(shown once), makes an API token that expires, revokes it, and replaces their calendar
address from their account page, then stops it."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, demo_email, sign_in


def test_a_staff_member_manages_their_calendar_address_and_api_tokens(new_page):
    page = new_page()
    sign_in(page, demo_email("pharmacist"))
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My work").click()
    page.get_by_role("button", name=re.compile("^(Get my|Make a new) calendar address$")).click()
    expect(page.get_by_role("heading", name="Your new calendar address")).to_be_visible()
    check_accessibility(page, "calendar-address-made")
    old_address = page.get_by_test_id("calendar-address").inner_text()
    assert page.request.get(old_address).ok

    page.goto("/account/")
    check_accessibility(page, "account-before-token")
    page.get_by_label("Name of the token").fill("Monthly report spreadsheet")
    page.get_by_label("30 days").check()
    page.get_by_role("button", name="Create a token").click()
    expect(page.locator("#new-token")).to_contain_text("pcn_")
    tokens = page.get_by_test_id("api-tokens")
    expect(tokens).to_contain_text("Monthly report spreadsheet")
    expect(tokens).to_contain_text("18 December 2026")
    feeds = page.get_by_test_id("calendar-feeds")
    expect(feeds).to_contain_text("Central Liverpool PCN")
    check_accessibility(page, "account-with-token-and-calendar")

    feeds.get_by_role("button", name=re.compile("^Make a new address")).click()
    expect(page.get_by_role("heading", name="Your new calendar address")).to_be_visible()
    new_address = page.get_by_test_id("calendar-address").inner_text()
    assert new_address != old_address
    assert page.request.get(new_address).ok
    assert page.request.get(old_address).status == 404

    page.goto("/account/")
    page.get_by_test_id("api-tokens").get_by_role(
        "button", name="Revoke Monthly report spreadsheet"
    ).click()
    expect(page.get_by_text("no longer works").first).to_be_visible()
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()

    # Stopped, as the person would when they no longer want their rota in a calendar app.
    page.get_by_test_id("calendar-feeds").get_by_role("button", name=re.compile("^Stop it")).click()
    expect(page.get_by_text("You have no calendar address.")).to_be_visible()
    assert page.request.get(new_address).status == 404
