"""The shared purpose in a real browser: the PCN manager drafts a new priority, a practice
manager agrees, the clinical director agrees the version without the practices that have not
answered (naming them, with a reason), the priority's owner adds progress and sees that their
service contributes. Every page at 1280 and 375 pixels wide, checked with axe."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, demo_email, sign_in

NEW_PRIORITY = "Fewer people on high-risk medicines without a review"
DINGLE = "Dingle Park Practice"


def _menu(page, name):
    # When the menu is full, Purpose sits under "More", as a person finds it.
    menu = page.get_by_role("navigation", name="Menu")
    if not menu.get_by_role("link", name=name).count():
        menu.get_by_role("button", name=re.compile("More")).click()
    menu.get_by_role("link", name=name).click()


def _both_widths(page, name):
    check_accessibility(page, f"{name}-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    check_accessibility(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_priority_is_drafted_agreed_and_its_owner_records_progress(new_page):
    # The PCN manager drafts a fourth priority, owned by the clinical pharmacist.
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    _menu(page, "Purpose")
    expect(page.get_by_test_id("statement")).to_contain_text("work as one network")
    _both_widths(page, "purpose-page")
    page.get_by_role("button", name="Draft changes").click()
    _both_widths(page, "purpose-draft")
    slot = page.get_by_test_id("priority-4")
    slot.get_by_label("Priority", exact=True).fill(NEW_PRIORITY)
    slot.get_by_label("Owner").select_option(label="Sam Clarke")
    slot.get_by_label("Target figure (optional)").fill("90")
    slot.get_by_label("Unit (optional)").fill("%")
    slot.get_by_label("Structured medication reviews").check()
    page.get_by_role("button", name="Ask the practices").click()
    # No measure: refused on the priority's own field, nothing saved.
    expect(page.get_by_role("alert")).to_contain_text("say what will show progress")
    check_accessibility(page, "purpose-draft-refused")
    slot = page.get_by_test_id("priority-4")
    slot.get_by_label("What will show progress").fill(
        "Patients on high-risk medicines reviewed in the last year"
    )
    page.get_by_label("What changed and why").fill("A fourth priority from the prescribing data.")
    page.get_by_role("button", name="Ask the practices").click()
    expect(page.get_by_text(re.compile(r"^Version 2 is drafted"))).to_be_visible()
    expect(page.get_by_test_id("changes")).to_contain_text(f"Priority added: {NEW_PRIORITY}.")
    _both_widths(page, "purpose-version-draft")

    # A practice manager sees it waiting on the overview, objects without a reason (refused),
    # then agrees.
    pm = new_page()
    sign_in(pm, demo_email("pm-n82033"))
    waiting = pm.get_by_test_id("purpose-waiting")
    expect(waiting).to_contain_text(f"waits for {DINGLE} to agree or object")
    check_accessibility(pm, "purpose-overview-panel")
    waiting.get_by_role("link").click()
    pm.get_by_label("We object").check()
    pm.get_by_role("button", name="Send our answer").click()
    expect(pm.get_by_role("alert")).to_contain_text("Say what you object to")
    check_accessibility(pm, "purpose-answer-refused")
    pm.get_by_label("We agree").check()
    pm.get_by_role("button", name="Send our answer").click()
    expect(pm.get_by_text(f"Your answer for {DINGLE} is recorded.")).to_be_visible()
    expect(
        pm.get_by_test_id("answers").get_by_role("row", name=re.compile(DINGLE))
    ).to_contain_text("Agrees")

    # The clinical director agrees it: the confirmation names each practice not answered.
    cd = new_page()
    sign_in(cd, demo_email("clinical-director"))
    cd.goto("/purpose/")
    cd.get_by_role("link", name="See the draft and each practice's answer").click()
    cd.get_by_role("button", name="Agree this version").click()
    expect(cd.get_by_role("heading", level=1)).to_have_text("Agree without these 5 practices?")
    pending = cd.get_by_test_id("pending")
    expect(pending).to_contain_text("The Elms Medical Centre: has not answered")
    expect(pending).not_to_contain_text(DINGLE)
    _both_widths(cd, "purpose-agree-confirm")
    cd.get_by_role("button", name="Agree without them").click()
    expect(cd.get_by_role("alert")).to_contain_text("Say why the network agrees this without")
    check_accessibility(cd, "purpose-agree-refused")
    cd.get_by_label("Why agree it now").fill(
        "Agreed at the board on 17 November; every practice was invited."
    )
    cd.get_by_role("button", name="Agree without them").click()
    expect(cd.get_by_text("Shared purpose, version 2 is agreed and now in force.")).to_be_visible()
    expect(cd.get_by_test_id("agreed-line")).to_contain_text("Agreed without")
    expect(cd.get_by_test_id("agreed-line")).to_contain_text("every practice was invited")

    # The owner, a clinical pharmacist, sees that their service contributes and adds progress.
    sam = new_page()
    sign_in(sam, demo_email("pharmacist"))
    _menu(sam, "My work")
    expect(sam.get_by_test_id("purpose-panel")).to_contain_text("Your service contributes")
    _menu(sam, "Purpose")
    new = sam.get_by_test_id("priority").filter(has_text=NEW_PRIORITY)
    expect(new.get_by_test_id("contributes")).to_have_text("Your service contributes")
    new.get_by_role("link", name=f"Add progress on {NEW_PRIORITY}").click()
    _both_widths(sam, "purpose-progress")
    sam.get_by_label("What happened").fill("Searches run at every practice; 120 patients listed.")
    sam.get_by_label("Figure so far (optional)").fill("41")
    sam.get_by_role("button", name="Add progress").click()
    expect(sam.get_by_text(f"Progress on {NEW_PRIORITY} is recorded.")).to_be_visible()
    new = sam.get_by_test_id("priority").filter(has_text=NEW_PRIORITY)
    expect(new.get_by_test_id("latest-progress")).to_contain_text("41 of 90%")
    _both_widths(sam, "purpose-page-staff")
