"""History in a real browser: the PCN manager filters the network's history by a person and a
kind of change, pages on with the filters kept, and reads an entry in words — at 1280 px and on
a phone's 375 px, where the table of changes must not make the page scroll sideways."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, demo_email, sign_in

PCN_MANAGER = "Priya Shah"  # the demo network's PCN manager


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"the page is {width} px wide in a {viewport} px window"


def test_the_pcn_manager_filters_the_history_pages_on_and_reads_an_entry(new_page):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="History").click()
    expect(page.get_by_test_id("history-count")).to_contain_text(re.compile(r"Showing 1 to 50 of"))
    check_accessibility(page, "history-1280")

    page.get_by_label("Who made the change").select_option(label=PCN_MANAGER)
    page.get_by_label("What changed").select_option(label="Money")
    page.get_by_role("button", name="Show changes").click()
    expect(page.get_by_test_id("history-count")).to_contain_text(re.compile(r"Showing 1 to 50 of"))
    titles = page.locator(".app-history-entry h2")
    expect(titles.first).to_contain_text(PCN_MANAGER)
    check_accessibility(page, "history-filtered-1280")

    page.get_by_role("navigation", name="Pages of history").get_by_role(
        "link", name=re.compile("Next")
    ).click()
    expect(page.get_by_test_id("history-count")).to_contain_text(re.compile(r"Showing 51 to"))
    expect(page.get_by_label("Who made the change")).to_have_value(re.compile(r"\d+"))
    expect(page.get_by_label("What changed")).to_have_value("money")
    for title in titles.all():
        expect(title).to_contain_text(PCN_MANAGER)

    # An entry in words: what happened, the field's label and the amount in pounds.
    page.get_by_role("link", name="Page 1", exact=True).click()
    income = page.locator(".app-history-entry").filter(has_text="recorded money received").first
    expect(income.locator("h2")).to_contain_text(f"{PCN_MANAGER} recorded money received")
    expect(income.get_by_role("row", name=re.compile(r"^Amount £[\d,]+\.\d\d$"))).to_be_visible()
    expect(income).not_to_contain_text("{")

    page.set_viewport_size({"width": 375, "height": 800})
    check_accessibility(page, "history-filtered-375")
    no_sideways_scroll(page)


def test_a_wrong_date_in_the_filters_is_named_and_the_page_fits_a_phone(new_page):
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, demo_email("pcn-manager"))
    page.goto("/history/")
    no_sideways_scroll(page)
    check_accessibility(page, "history-375")

    page.get_by_role("group", name="From").get_by_label("Day").fill("31")
    page.get_by_role("group", name="From").get_by_label("Month").fill("2")
    page.get_by_role("group", name="From").get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Show changes").click()
    expect(page.get_by_role("alert")).to_contain_text("From must be a real date")
    check_accessibility(page, "history-error-375")
    no_sideways_scroll(page)
