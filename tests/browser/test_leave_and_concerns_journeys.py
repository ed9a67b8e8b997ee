"""Leave and anonymous concerns in a real browser, on the tests' clock (today Wed 18 Nov 2026,
the demo's rota published for four weeks from Mon 16 Nov): staff ask for leave, are refused a
past date, withdraw a request; the PCN manager sees what a request takes out of the rota; staff
raise a concern anonymously and the PCN manager reads it without a name. axe on every page, at
1280 and 375 pixels wide."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, demo_email, sign_in

PHARMACIST = "Sam Clarke"


def _narrow(page, name):
    page.set_viewport_size({"width": 375, "height": 800})
    check_accessibility(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})


def _ask(page, start, end):
    page.goto("/my-work/")
    page.get_by_role("link", name="Ask for leave").click()
    page.get_by_label("Annual leave").check()
    for legend, (day, month, year) in (("First day", start), ("Last day", end)):
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(day)
        group.get_by_label("Month").fill(month)
        group.get_by_label("Year").fill(year)
    page.get_by_role("button", name="Send request").click()


def test_staff_ask_for_leave_withdraw_one_and_the_manager_sees_the_rota_clash(new_page):
    page = new_page()
    sign_in(page, demo_email("pharmacist"))

    _ask(page, ("16", "11", "2026"), ("17", "11", "2026"))
    expect(page.get_by_role("alert")).to_contain_text(
        "The first day can't be in the past: today is Wed 18 Nov 2026."
    )
    check_accessibility(page, "leave-ask-refused")
    _narrow(page, "leave-ask-refused")

    _ask(page, ("7", "12", "2026"), ("8", "12", "2026"))
    expect(page.get_by_role("status")).to_contain_text(
        "Your request for annual leave, Mon 7 Dec 2026 to Tue 8 Dec 2026 (2 working days)"
    )
    _ask(page, ("10", "12", "2026"), ("10", "12", "2026"))
    leave = page.get_by_test_id("leave")
    expect(leave).to_contain_text("Thu 10 Dec 2026")
    check_accessibility(page, "leave-my-work")
    _narrow(page, "leave-my-work")
    leave.get_by_role("button", name=re.compile("Withdraw Annual leave, Thu 10 Dec 2026")).click()
    expect(page.get_by_role("status")).to_contain_text("Withdrawn: annual leave, Thu 10 Dec 2026.")
    expect(
        page.get_by_test_id("leave").get_by_role("row", name=re.compile("Thu 10 Dec"))
    ).to_contain_text("Withdrawn")

    manager = new_page()
    sign_in(manager, demo_email("pcn-manager"))
    manager.goto("/leave-requests/")
    request = (
        manager.get_by_test_id("leave-request")
        .filter(has_text=PHARMACIST)
        .filter(has_text="Mon 7 Dec 2026 to Tue 8 Dec 2026")
    )
    expect(request).to_contain_text("(2 working days)")
    expect(request.get_by_test_id("rota-clashes")).to_contain_text(
        re.compile(r"Mon 7 Dec, (morning|afternoon)|No published sessions")
    )
    expect(request.get_by_test_id("practices-affected")).to_be_visible()
    expect(manager.get_by_text("Thu 10 Dec 2026")).to_have_count(0)
    check_accessibility(manager, "leave-requests")
    _narrow(manager, "leave-requests")
    request.get_by_role("button", name=re.compile("^Approve")).click()
    expect(manager.get_by_role("status")).to_contain_text(
        f"Approved: {PHARMACIST}, Annual leave, Mon 7 Dec 2026 to Tue 8 Dec 2026."
    )


def test_staff_raise_a_concern_anonymously_and_the_manager_reads_it_without_a_name(new_page):
    page = new_page()
    sign_in(page, demo_email("pharmacist"))
    page.goto("/concerns/")
    page.get_by_label("Subject").fill("Left out at the Tuesday site")
    page.get_by_label("What concerns you about how the network works").fill(
        "Nobody includes the network staff in the morning huddle."
    )
    page.get_by_label("Raise this anonymously").check()
    check_accessibility(page, "concern-anonymous-form")
    _narrow(page, "concern-anonymous-form")
    page.get_by_role("button", name="Raise the concern").click()
    expect(page.get_by_role("status")).to_contain_text("without your name")
    concerns = page.get_by_test_id("concerns")
    expect(concerns.get_by_role("row", name=re.compile("Left out"))).to_contain_text(
        "Raised anonymously by you"
    )
    check_accessibility(page, "concern-anonymous-mine")

    manager = new_page()
    sign_in(manager, demo_email("pcn-manager"))
    manager.goto("/concerns/")
    row = manager.get_by_test_id("concerns").get_by_role("row", name=re.compile("Left out"))
    expect(row).to_contain_text("Anonymous")
    expect(row).not_to_contain_text(PHARMACIST)
    row.get_by_role("link").click()
    expect(manager.get_by_text("Nobody includes the network staff")).to_be_visible()
    expect(manager.get_by_text(re.compile("Raised anonymously on"))).to_be_visible()
    expect(manager.locator("main")).not_to_contain_text(PHARMACIST)
    check_accessibility(manager, "concern-anonymous-manager")
    _narrow(manager, "concern-anonymous-manager")
    manager.get_by_label("Response").fill("We'll ask the practice to invite everyone.")
    manager.get_by_role("button", name="Send the response").click()

    page.goto("/concerns/")
    page.get_by_test_id("concerns").get_by_role("link", name="Left out at the Tuesday site").click()
    expect(page.get_by_test_id("concern-response")).to_contain_text("invite everyone")
    expect(page.get_by_text(re.compile("Raised anonymously by you"))).to_be_visible()
    check_accessibility(page, "concern-anonymous-answered")
