"""The practices' voice in a real browser: the clinical director puts a who-does-what version in
force before every practice agreed, sees them named, gives a reason, and the agreement shows it
— axe on every page, at a desktop and a phone's width."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, demo_email, sign_in

PHONE = {"width": 375, "height": 800}


def test_the_director_agrees_a_matrix_version_without_every_practice(new_page):
    page = new_page()
    sign_in(page, demo_email("clinical-director"))
    page.goto("/coordination/who-does-what/")
    # The demo's proposal, or the one an earlier journey proposed in its place.
    proposed = page.get_by_test_id("versions").get_by_role("row", name=re.compile("Proposed"))
    proposed.get_by_role("link").click()
    page.get_by_role("button", name="Agree without every practice").click()
    holdouts = page.get_by_test_id("holdout-list")
    expect(holdouts).to_contain_text("has not answered")
    check_accessibility(page, "matrix-agree-without")
    page.set_viewport_size(PHONE)
    check_accessibility(page, "matrix-agree-without-375")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("I am agreeing this for the network without").check()
    page.get_by_role("button", name="Agree without these practices").click()
    expect(page.get_by_role("alert")).to_contain_text("Say why you are agreeing without")
    page.get_by_label("I am agreeing this for the network without").check()
    page.get_by_label("Why are you agreeing without them?").fill(
        "Estates needs an owner before the lease renewal in January."
    )
    page.get_by_role("button", name="Agree without these practices").click()
    expect(page.get_by_text(re.compile(r"is now in force for the network"))).to_be_visible()
    note = page.get_by_test_id("agreed-note")
    expect(note).to_contain_text("by Dr Tom Okafor without answers from")
    expect(note).to_contain_text("because: “Estates needs an owner before the lease renewal")
    check_accessibility(page, "matrix-agreed-without")

    page.goto("/coordination/who-does-what/")
    expect(page.get_by_test_id("agreed-note")).to_contain_text("Estates needs an owner")
    check_accessibility(page, "matrix-agreed-without-page")
    page.set_viewport_size(PHONE)
    check_accessibility(page, "matrix-agreed-without-page-375")


def test_the_agreed_allocation_shows_who_it_was_agreed_without_at_a_phones_width(new_page):
    page = new_page()
    page.set_viewport_size(PHONE)
    sign_in(page, demo_email("pm-n82033"))
    page.goto("/allocation/scenarios/")
    expect(page.get_by_test_id("scenarios")).to_contain_text("Agreed without answers from")
    check_accessibility(page, "allocation-scenarios-375")
    page.get_by_role("link", name="Weighted need").click()
    expect(page.get_by_test_id("agreed-note")).to_contain_text("because: “")
    check_accessibility(page, "allocation-scenario-agreed-375")


def test_the_pcn_manager_saves_a_scenario_with_its_own_settings(new_page):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    page.goto("/allocation/")
    expect(page.get_by_test_id("difference-hint")).to_contain_text("Allocated − fair share")
    check_accessibility(page, "allocation-difference")
    page.set_viewport_size(PHONE)
    check_accessibility(page, "allocation-difference-375")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/allocation/scenarios/")
    page.get_by_label("Scenario name").fill("By registered list, floor 1")
    page.get_by_label("Its own fairness settings, set below").check()
    page.get_by_test_id("scenario-settings").get_by_label("Registered list", exact=True).check()
    page.get_by_label("Floor: sessions a week each opted-in practice gets at least").fill("1")
    check_accessibility(page, "allocation-scenario-own-settings-form")
    page.get_by_role("button", name="Save scenario").click()
    expect(page.get_by_test_id("scenario-own-settings")).to_contain_text(
        "This scenario has its own settings, used for every service: Registered list, floor 1."
    )
    expect(page.get_by_test_id("settings-compared")).to_contain_text("Differs")
    check_accessibility(page, "allocation-scenario-own-settings")
    page.set_viewport_size(PHONE)
    check_accessibility(page, "allocation-scenario-own-settings-375")


def test_a_rates_source_key_leads_to_its_source(new_page):
    page = new_page()
    sign_in(page, demo_email("clinical-director"))
    page.goto("/money/?year=2025/26")
    page.locator('a[href$="#source-S1"]').first.click()
    expect(page.locator("#source-S1")).to_contain_text("Consultant nurses added to ARRS")
    check_accessibility(page, "sources")
    page.goto("/money/?year=2025/26")
    check_accessibility(page, "money-overview-source-links")
    page.set_viewport_size(PHONE)
    check_accessibility(page, "money-overview-source-links-375")
