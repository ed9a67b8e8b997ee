"""The benchmark against England in a real browser: the PCN manager opens it from the overview,
reads where the network sits on the chart and in the table and which PCNs count as similar; and
a PCN not set up yet is benchmarked from the set-up page — axe on every page."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, demo_email, sign_in


def test_the_pcn_manager_reads_how_the_network_compares_with_england(new_page):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Overview").click()
    page.get_by_role("link", name="See how your network compares with England").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How Central Liverpool PCN compares with England"
    )
    expect(page.get_by_test_id("benchmark-dates")).to_contain_text(
        "Workforce census 30 June 2026; registered patients 1 July 2026"
    )
    expect(page.get_by_test_id("headline-fte")).to_contain_text(
        "21.97 FTE: 4.80 per 10,000 patients"
    )
    expect(page.get_by_test_id("headline-percentile")).to_contain_text(
        "62nd percentile in England, 63rd among similar PCNs"
    )
    expect(page.get_by_test_id("headline-register")).to_contain_text("FTE in ARRS roles")
    # The chart: a strip a role, each with its words for people who cannot see it.
    pharmacists = page.get_by_role(
        "img",
        name=re.compile(
            r"^Clinical Pharmacist: 1\.39 FTE per 10,000 patients, 83rd percentile in England "
            r"and 83rd among similar PCNs"
        ),
    )
    expect(pharmacists).to_be_visible()
    expect(
        page.get_by_test_id("strip-clinical-pharmacist").locator(".app-strip__peer")
    ).to_have_count(30)
    # The table: the same figures, with the register today beside the census.
    row = page.get_by_test_id("benchmark-table").get_by_role(
        "row", name=re.compile("^Clinical Pharmacist")
    )
    expect(row).to_contain_text("6.36")
    expect(row).to_contain_text("83.1")
    # What similar means, and who they are.
    expect(page.get_by_test_id("similar-meaning")).to_contain_text(
        "the 15 of NHS Cheshire and Merseyside Integrated Care Board nearest to it"
    )
    expect(page.get_by_test_id("similar-table").locator("tbody tr")).to_have_count(30)
    expect(page.get_by_test_id("benchmark-sources")).to_contain_text("none is dropped")
    check_accessibility(page, "benchmark")


def test_a_pcn_is_benchmarked_from_the_set_up_page_before_it_exists(new_page):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    page.goto("/networks/new/?q=U89141")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stockton PCN (U89141)")
    page.get_by_role("link", name="See how your network compares with England").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How Stockton PCN compares with England"
    )
    expect(page.get_by_test_id("benchmark-summary")).not_to_contain_text("Your register today")
    expect(page.get_by_test_id("benchmark-chart")).to_be_visible()
    check_accessibility(page, "benchmark-before-set-up")
    page.get_by_role("link", name="Back to setting up Stockton PCN").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stockton PCN (U89141)")
