"""The rota in a real browser, with a real task worker: the PCN manager generates a rota and
watches it solve, sees why, moves a session by hand, publishes; a practice manager sees who is at
their practice; a staff member sees their week and gets their calendar address."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, demo_email, sign_in


def test_the_pcn_manager_generates_adjusts_and_publishes_a_rota(new_page):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Rota").click()
    expect(page.get_by_role("heading", name="Rota", exact=True)).to_be_visible()
    check_accessibility(page, "rota-plans")
    page.get_by_label("Weeks").fill("1")
    page.get_by_label("Seconds the optimiser may take").fill("3")
    page.get_by_role("button", name="Generate rota").click()

    expect(page.get_by_test_id("run-figures")).to_be_visible(timeout=60_000)
    # The quality in plain words; the figures behind a details element, in plain labels.
    expect(page.get_by_test_id("quality-summary")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Proven bound")
    figures = page.get_by_test_id("run-figures")
    figures.get_by_text("The figures behind this").click()
    expect(figures).to_contain_text("Score (lower is better)")
    score_before = page.get_by_test_id("score").locator("dd").inner_text()
    grid = page.get_by_test_id("rota-grid")
    expect(grid).to_be_visible()
    expect(grid.locator("thead")).to_contain_text(", morning")
    check_accessibility(page, "rota-plan-by-person")
    at_phone_width(page, "rota-plan-by-person")

    page.get_by_role("link", name="Why each choice: the rules, practices and people").click()
    expect(page.get_by_test_id("no-violations")).to_be_visible()
    findings = page.get_by_test_id("rule-findings").locator("details").first
    findings.locator("summary").click()
    expect(findings.locator("table")).to_be_visible()
    check_accessibility(page, "rota-why")
    at_phone_width(page, "rota-why")
    page.go_back()

    first = grid.locator("tbody tr").first.get_by_role("link").first
    first.click()
    expect(page.get_by_role("heading", name=re.compile("^Move "))).to_be_visible()
    expect(page.locator(".nhsuk-caption-l")).to_contain_text(
        re.compile(r", (morning|afternoon|evening)")
    )
    check_accessibility(page, "rota-move")
    page.get_by_label("Where").select_option(label="Hub or remote (network work)")
    page.get_by_role("button", name="Move and check").click()
    expect(page.get_by_text(re.compile("^(Moved|Moved, but)"))).to_be_visible()
    expect(page.get_by_text("Locked").first).to_be_visible()
    # The status is the rota's as it stands now, after the move.
    page.get_by_test_id("run-figures").get_by_text("The figures behind this").click()
    score_after = page.get_by_test_id("score").locator("dd").inner_text()
    moved = page.get_by_text(re.compile("^Moved")).first.inner_text()
    if "The score is now" in moved:
        assert f"The score is now {score_after}" in moved, (moved, score_after)
        assert (score_after == score_before) == ("no change" in moved), (moved, score_before)
    check_accessibility(page, "rota-plan-after-move")

    # The demo's published rota covers this rota's week: publishing asks first.
    page.get_by_role("button", name=re.compile("^Publish")).click()
    expect(page.get_by_role("heading", name="Publish over an earlier rota?")).to_be_visible()
    expect(page.get_by_test_id("replaces")).to_contain_text(
        re.compile(r"This replaces the rota published on \w{3} \d+ \w{3} for the week from Mon")
    )
    check_accessibility(page, "rota-publish-over")
    at_phone_width(page, "rota-publish-over")
    page.get_by_role("button", name="Publish and replace the earlier rota").click()
    expect(
        page.get_by_text(re.compile(r"^(Published\. Staff see|The rota breaks)"))
    ).to_be_visible()
    page.get_by_role("link", name="By practice").click()
    check_accessibility(page, "rota-plan-by-practice")


def at_phone_width(page, name):
    """The page at 375 pixels wide, as on a phone: axe-clean, and kept as `name`-375."""
    page.set_viewport_size({"width": 375, "height": 800})
    check_accessibility(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_practice_manager_and_a_staff_member_see_the_published_rota(new_page):
    practice = new_page()
    sign_in(practice, demo_email("pm-n82033"))
    practice.get_by_role("navigation", name="Menu").get_by_role("link", name="Rota").click()
    practice.get_by_test_id("plans").get_by_role("link").first.click()
    expect(practice.get_by_test_id("rota-grid")).to_contain_text("Dingle Park Practice")
    expect(practice.get_by_role("button", name=re.compile("^Publish"))).to_have_count(0)
    # The published rota only: no scores, no runs, no optimiser.
    main = practice.locator("main")
    for words in ("Score", "What to know about this rota", "Re-optimise", "optimis"):
        expect(main).not_to_contain_text(words)
    check_accessibility(practice, "rota-practice-manager")
    at_phone_width(practice, "rota-practice-manager")
    practice.get_by_role("link", name="Print view for noticeboards").click()
    expect(
        practice.get_by_role("heading", name=re.compile("Dingle Park Practice: PCN staff"))
    ).to_be_visible()

    staff = new_page()
    sign_in(staff, demo_email("pharmacist"))
    staff.get_by_role("navigation", name="Menu").get_by_role("link", name="My work").click()
    expect(staff.get_by_role("heading", name="My rota this week")).to_be_visible()
    expect(staff.get_by_test_id("my-rota")).to_be_visible()
    check_accessibility(staff, "my-work-rota")
    staff.get_by_role("button", name=re.compile("^(Get my|Make a new) calendar address$")).click()
    feed = staff.get_by_test_id("calendar-address")
    expect(feed).to_contain_text("/rota/calendar/")
    address = feed.inner_text()
    check_accessibility(staff, "calendar-address")
    calendar = staff.request.get(address)
    assert calendar.ok and "BEGIN:VEVENT" in calendar.text()


def two_weeks_from(page, *, day, month, year):
    """The PCN manager generates a two-week rota from that Monday (3 seconds) and waits."""
    sign_in(page, demo_email("pcn-manager"))
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Rota").click()
    page.get_by_role("textbox", name="Day", exact=True).fill(str(day))
    page.get_by_role("textbox", name="Month", exact=True).fill(str(month))
    page.get_by_role("textbox", name="Year", exact=True).fill(str(year))
    page.get_by_label("Weeks").fill("2")
    page.get_by_label("Seconds the optimiser may take").fill("3")
    page.get_by_role("button", name="Generate rota").click()
    expect(page.get_by_test_id("run-figures")).to_be_visible(timeout=60_000)
    return page


def test_a_rota_over_christmas_names_the_bank_holidays_and_nobody_works_them(new_page):
    page = two_weeks_from(new_page(), day=21, month=12, year=2026)
    holidays = page.get_by_test_id("bank-holidays")
    expect(holidays.first).to_contain_text("Friday 25 December: Christmas Day (bank holiday)")
    # The holiday's columns hold no session for anyone in the week shown.
    holiday_columns = 0
    for grid in page.get_by_test_id("rota-grid").all():
        headers = grid.locator("thead th").all_inner_texts()
        columns = [i for i, text in enumerate(headers) if "Bank holiday" in text]
        holiday_columns += len(columns)
        for row in grid.locator("tbody tr").all():
            cells = row.locator("th, td").all_inner_texts()
            assert all(not cells[i].strip() for i in columns if i < len(cells)), cells
    assert holiday_columns == 2  # Christmas Day, morning and afternoon
    check_accessibility(page, "rota-plan-christmas")


def test_easter_is_named_enhanced_access_runs_evenings_and_saturdays_and_a_holiday_can_be_worked(
    new_page,
):
    page = two_weeks_from(new_page(), day=22, month=3, year=2027)
    expect(page.get_by_test_id("bank-holidays")).to_contain_text(
        "Friday 26 March: Good Friday (bank holiday) — nobody works"
    )
    # Enhanced access: the week's minutes against the contract's, and evening sessions in the
    # grid with enhanced access in them.
    access = page.get_by_test_id("enhanced-access")
    expect(access).to_contain_text("minutes a week the contract requires")
    access.get_by_text("How the minutes are worked out").click()
    expect(access).to_contain_text("adjusted population at 1 Jan 2026")
    grid = page.get_by_test_id("rota-grid")
    headers = grid.locator("thead th").all_inner_texts()
    evenings = [i for i, text in enumerate(headers) if ", evening" in text]
    assert evenings, headers
    cells = [row.locator("th, td").all_inner_texts() for row in grid.locator("tbody tr").all()]
    assert any("Enhanced access" in row[i] for row in cells for i in evenings if i < len(row))
    check_accessibility(page, "rota-plan-easter")

    page.get_by_role("link", name="Week 2").click()
    holidays = page.get_by_test_id("bank-holidays")
    expect(holidays).to_contain_text("Monday 29 March: Easter Monday (bank holiday) — nobody works")
    holidays.get_by_text("Work Easter Monday for a service").click()
    holidays.get_by_label("Service").select_option(label="Enhanced access")
    holidays.get_by_label("Why (for example, the ICB agreed a flu clinic)").fill(
        "The ICB agreed an Easter Monday clinic"
    )
    holidays.get_by_role("button", name="Work this bank holiday").click()
    expect(page.get_by_text("Monday 29 March is worked for Enhanced access.")).to_be_visible()
    expect(page.get_by_test_id("bank-holidays")).to_contain_text(
        "worked for Enhanced access (The ICB agreed an Easter Monday clinic)"
    )
    check_accessibility(page, "rota-plan-easter-worked")
