"""The staff register in a real browser: from an empty network to a register from the NHS file,
who is isolated and why, and staff using My work — as each role, axe on every page."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, create_account, demo_email, set_up_network, sign_in


def test_a_pcn_manager_starts_the_register_from_the_nhs_file(new_page, server):
    page = new_page()
    create_account(
        page, server, "Robin Ashworth", "robin.ashworth@example.nhs.uk", "hyndburn-register-4"
    )
    set_up_network(new_page, page, server, "U09057")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Staff").click()
    expect(page.get_by_text("0 people")).to_be_visible()
    page.get_by_role("link", name="From the NHS workforce file").click()
    expect(page.get_by_test_id("nhs-records")).to_be_visible()
    check_accessibility(page, "workforce-from-nhs")
    page.get_by_role("button", name="Create draft records").click()
    expect(page.get_by_text("10 draft records added")).to_be_visible()
    drafts = page.get_by_text("Draft — name to fill in")
    expect(drafts).to_have_count(10)
    check_accessibility(page, "workforce-register-drafts")

    page.locator("table tbody tr").first.get_by_role("link").click()
    expect(page.get_by_text("A draft from the NHS workforce file")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Change details")).click()
    page.get_by_label("Full name").fill("Jordan Pickup")
    if not page.get_by_label("Role", exact=True).input_value():  # an NHS role outside the catalogue
        page.get_by_label("Role", exact=True).select_option(label="Care Co-ordinator")
    # A draft's employer is a member practice until said otherwise: which one is required.
    page.get_by_label("Employing practice").select_option(index=1)
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.get_by_role("heading", name="Jordan Pickup")).to_be_visible()
    expect(page.get_by_test_id("belonging-checks")).to_contain_text("No Home base set")
    check_accessibility(page, "workforce-person-named")

    page.goto("/belonging/")
    at_risk = page.get_by_test_id("at-risk")
    expect(at_risk).to_contain_text("Jordan Pickup")
    expect(at_risk).to_contain_text("No home base")
    expect(at_risk).to_contain_text("Set a home practice or the network team.")
    check_accessibility(page, "workforce-belonging-new-network")


def test_the_pcn_manager_reads_belonging_supervision_pulse_retention_and_catalogue(new_page):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Staff").click()
    check_accessibility(page, "workforce-register")

    page.get_by_role("link", name="Belonging: who is at risk").click()
    expect(page.get_by_test_id("at-risk").locator("tbody tr").first).to_be_visible()
    check_accessibility(page, "workforce-belonging")

    page.go_back()
    page.get_by_role("link", name="Supervision due").click()
    expect(page.get_by_role("heading", name=re.compile("^Overdue"))).to_be_visible()
    check_accessibility(page, "workforce-supervision-overdue")

    page.go_back()
    page.get_by_role("link", name="Pulse results").click()
    expect(page.get_by_test_id("pulse-trend")).to_be_visible()
    check_accessibility(page, "workforce-pulse-results")

    page.go_back()
    page.get_by_role("link", name="Retention").click()
    expect(page.get_by_role("heading", name="By home base")).to_be_visible()
    check_accessibility(page, "workforce-retention")

    page.go_back()
    page.get_by_role("link", name="Role catalogue").click()
    expect(page.get_by_test_id("catalogue")).to_contain_text("Clinical Pharmacist")
    check_accessibility(page, "workforce-catalogue")
    page.get_by_role(
        "link", name=re.compile("Enter supervision at least every .* Care Co-ordinator")
    ).click()
    check_accessibility(page, "workforce-catalogue-figure")
    page.get_by_label("Figure").fill("0")
    page.get_by_label("Where it comes from").fill("Our supervision policy")
    page.get_by_role("button", name="Save the figure").click()
    expect(page.get_by_text("The figure must be more than 0.").first).to_be_visible()
    check_accessibility(page, "workforce-catalogue-figure-error")
    page.get_by_label("Figure").fill("42")
    page.get_by_role("button", name="Save the figure").click()
    expect(page.get_by_text("Entered by this network")).to_be_visible()


def test_the_register_goes_out_as_csv_and_comes_back_with_no_changes(new_page, tmp_path):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    page.goto("/staff/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("staff-register-U35980-") and saved.suffix == ".csv"

    page.get_by_role("link", name="Import a CSV").click()
    check_accessibility(page, "workforce-import")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Choose a CSV file to upload.").first).to_be_visible()
    check_accessibility(page, "workforce-import-error")
    page.get_by_label("Upload the register as a CSV file").set_input_files(str(saved))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("No changes")).to_be_visible()
    check_accessibility(page, "workforce-import-no-changes")


def test_a_staff_member_uses_my_work_and_the_pcn_manager_approves_their_leave(new_page):
    page = new_page()
    sign_in(page, demo_email("pharmacist"))
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My work").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    expect(page.get_by_test_id("supervision-due")).to_be_visible()
    page.get_by_role("group", name="I feel I belong to a team").get_by_label("4 – Agree").check()
    page.get_by_role("group", name="I get the support I need").get_by_label("3 – Neither").check()
    page.get_by_role("group", name="My role is clear").get_by_label("5 – Strongly agree").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Thank you. Your answers are only ever shown")).to_be_visible()
    expect(
        page.get_by_role("group", name="I feel I belong to a team").get_by_label("4 – Agree")
    ).to_be_checked()
    check_accessibility(page, "workforce-my-work")

    page.get_by_role("link", name="Ask for leave").click()
    check_accessibility(page, "workforce-ask-for-leave")
    page.get_by_label("Annual leave").check()
    for prefix, day in (("First day", "14"), ("Last day", "18")):
        group = page.get_by_role("group", name=prefix)
        group.get_by_label("Day").fill(day)
        group.get_by_label("Month").fill("1")
        group.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Send request").click()
    expect(
        page.get_by_text(
            "Your request for annual leave, Thu 14 Jan 2027 to Mon 18 Jan 2027 (3 working days) "
            "is with the PCN manager."
        )
    ).to_be_visible()

    manager = new_page()
    sign_in(manager, demo_email("pcn-manager"))
    manager.goto("/leave-requests/")
    check_accessibility(manager, "workforce-leave-requests")
    manager.get_by_role(
        "button", name=re.compile("^Approve Sam Clarke's leave from Thu 14 Jan 2027")
    ).click()
    expect(manager.get_by_text(re.compile("^Approved: Sam Clarke, Annual leave"))).to_be_visible()


def test_other_roles_see_what_they_may(new_page):
    practice_manager = new_page()
    sign_in(practice_manager, demo_email("pm-n82033"))
    practice_manager.goto("/practices/N82033/staff/")
    expect(practice_manager.get_by_role("heading", name=re.compile("PCN staff at"))).to_be_visible()
    check_accessibility(practice_manager, "workforce-practice-staff")
    assert practice_manager.goto("/staff/").status == 403
    assert practice_manager.goto("/belonging/").status == 403

    observer = new_page()
    sign_in(observer, demo_email("icb-observer"))
    observer.goto("/pulse/")
    expect(observer.get_by_test_id("pulse-trend")).to_be_visible()
    observer.goto("/retention/")
    expect(observer.get_by_role("heading", name="Retention")).to_be_visible()
    observer.goto("/roles/")
    expect(observer.get_by_role("link", name=re.compile("^Enter"))).to_have_count(0)
    assert observer.goto("/staff/").status == 403
