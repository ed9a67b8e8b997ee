"""Belonging and overdue supervision in a real browser, as the demo PCN manager and as a
supervisor: worst first, reasons with what would help, and the way from the list to the fix."""

import re
from datetime import date

from playwright.sync_api import expect

from .conftest import check_accessibility, demo_email, sign_in


def _scores(page):
    """The risk scores down the belonging table, from tags such as "High (7)"."""
    tags = page.get_by_test_id("at-risk").locator("tbody tr td:nth-child(2)").all_inner_texts()
    return [int(re.search(r"\((\d+)\)", tag).group(1)) for tag in tags]


def _days_overdue(page):
    cells = page.get_by_test_id("overdue").locator("tbody tr td:nth-child(5)").all_inner_texts()
    return [int(cell.split()[0]) for cell in cells]


def test_the_pcn_manager_finds_who_is_isolated_and_what_would_help(new_page):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    page.goto("/staff/")
    page.get_by_role("link", name="Belonging: who is at risk").click()
    expect(
        page.get_by_role("heading", name="Belonging: who is at risk of isolation")
    ).to_be_visible()
    expect(page.locator(".nhsuk-lede-text")).to_contain_text(
        re.compile(r"Of \d+ people in post, \d+ ha(s|ve) at least one reason")
    )
    expect(page.get_by_test_id("commonest-reasons").locator("li").first).to_be_visible()
    scores = _scores(page)
    assert scores and scores == sorted(scores, reverse=True), scores
    check_accessibility(page, "belonging-pcn-manager")

    page.get_by_text("How the risk is worked out").click()
    expect(page.get_by_text("High risk is 5 or more")).to_be_visible()

    worst = page.get_by_test_id("at-risk").locator("tbody tr").first
    first_reason = worst.locator("td:nth-child(3) li strong").first.inner_text()
    name = worst.locator("td:first-child a").inner_text()
    worst.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"(High|Medium|Low) risk of isolation"))).to_be_visible()
    expect(page.get_by_text(first_reason, exact=False).first).to_be_visible()
    expect(page.get_by_test_id("supervision-due")).to_contain_text("supervision")
    check_accessibility(page, "belonging-person-at-risk")

    page.go_back()
    page.get_by_test_id("at-risk").locator("tbody tr").first.get_by_role(
        "link", name=f"Change details of {name}"
    ).click()
    expect(page.get_by_role("heading", name=re.compile(name))).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value(name)


def test_the_pcn_manager_logs_the_most_overdue_supervision(new_page):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    page.goto("/staff/")
    page.get_by_role("link", name="Supervision due").click()
    expect(page.get_by_text(re.compile("^Everyone in post"))).to_be_visible()
    days = _days_overdue(page)
    assert days and days == sorted(days, reverse=True), days
    expect(
        page.get_by_role("heading", name=re.compile(r"^No known cadence \(\d+\)"))
    ).to_be_visible()
    check_accessibility(page, "supervision-overdue-pcn-manager")

    worst = page.get_by_test_id("overdue").locator("tbody tr").first
    name = worst.locator("td:first-child a").inner_text()
    worst.get_by_role("link", name=f"Log supervision for {name}").click()
    expect(page.get_by_role("heading", name=f"Log supervision for {name}")).to_be_visible()
    today = date.today()
    group = page.get_by_role("group", name="Date of the supervision")
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Clinical supervision").check()
    page.get_by_role("button", name="Log supervision").click()
    expect(page.get_by_text(f"Supervision for {name} is logged.")).to_be_visible()
    expect(page.get_by_test_id("supervision-due")).to_contain_text("Next supervision due by")

    page.goto("/supervision/overdue/")
    expect(page.get_by_test_id("overdue")).not_to_contain_text(name)


def test_a_supervisor_sees_only_the_people_they_supervise(new_page):
    page = new_page()
    sign_in(page, demo_email("pharmacist"))
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My work").click()
    expect(page.get_by_test_id("supervision-due")).to_be_visible()
    page.get_by_role("link", name="Supervision due for the people you supervise").click()
    expect(page.get_by_text(re.compile("^The people you supervise"))).to_be_visible()
    expect(page.get_by_test_id("supervision-counts")).to_contain_text("up to date")
    expect(page.get_by_role("link", name="role catalogue")).to_have_count(0)
    check_accessibility(page, "supervision-overdue-supervisor")
    assert page.goto("/belonging/").status == 403
