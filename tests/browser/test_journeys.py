"""Journeys a user makes, in a real browser, checking accessibility on every page on the way."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, demo_email, sign_in


def test_a_new_pcn_manager_creates_an_account_and_sets_up_their_network(new_page, server):
    page = new_page()
    page.goto("/")
    check_accessibility(page, "sign-in")
    page.get_by_role("link", name="Create an account").click()
    check_accessibility(page, "create-account")
    page.get_by_label("Full name").fill("Morgan Ellis")
    page.get_by_label("Email address").fill("morgan.ellis@example.nhs.uk")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    check_accessibility(page, "create-account-sent")
    body = sorted(server["mail"].glob("*.log"))[-1].read_text()
    page.goto(re.search(r"http://\S+/create-account/\S+/", body).group(0))
    check_accessibility(page, "create-account-password")
    page.get_by_label("Create a password").fill("morgan.ellis@example.nhs.uk")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("The password is too similar to the email")).to_have_count(2)
    check_accessibility(page, "create-account-password-refused")
    page.get_by_label("Create a password").fill("north-stockton-rota-7")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Your networks")).to_be_visible()
    check_accessibility(page, "no-network-yet")

    page.get_by_role("link", name="Set up a network from its PCN code").click()
    page.get_by_label("PCN code, PCN name or practice name").fill("U35981")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_text("No PCN has the code U35981")).to_have_count(2)  # summary and field
    expect(page.get_by_role("link", name=re.compile(r"\(U35980\)"))).to_be_visible()
    check_accessibility(page, "set-up-unknown-code")

    page.get_by_label("PCN code, PCN name or practice name").fill("Nantwich")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Nantwich & Rural PCN (U29951)").click()
    expect(page.get_by_role("heading", name="Nantwich & Rural PCN (U29951)")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(5)
    check_accessibility(page, "set-up-confirm")
    page.get_by_role("button", name="Ask to set up Nantwich & Rural PCN").click()
    expect(page.get_by_test_id("waiting-for-approval")).to_contain_text(
        "NHS Cheshire and Merseyside Integrated Care Board"
    )
    check_accessibility(page, "set-up-waiting")

    # The ICB's observer (of Central Liverpool, in the same ICB) approves.
    approver = new_page()
    sign_in(approver, demo_email("icb-observer"))
    approver.goto("/networks/applications/")
    check_accessibility(approver, "networks-waiting")
    approver.get_by_role("link", name="Nantwich & Rural PCN (U29951)").click()
    check_accessibility(approver, "network-request")
    approver.get_by_role("button", name="Approve and set up Nantwich & Rural PCN").click()
    expect(
        approver.get_by_text("Nantwich & Rural PCN is set up, with Morgan Ellis")
    ).to_be_visible()

    page.goto("/overview/")
    expect(page.get_by_role("heading", name="Nantwich & Rural PCN")).to_be_visible()
    expect(page.get_by_test_id("overview-table").locator("tbody tr")).to_have_count(5)
    check_accessibility(page, "overview-new-network")


def test_too_many_failed_sign_ins_ask_you_to_wait_or_reset(new_page):
    page = new_page()
    for n in range(5):
        sign_in(page, "nobody.at.all@example.nhs.uk", password=f"guess-{n}")
    expect(page.get_by_test_id("locked-out")).to_contain_text("Wait 15 minutes and try again")
    expect(page.get_by_role("link", name="reset your password")).to_be_visible()
    check_accessibility(page, "sign-in-locked-out")


def test_setting_up_a_network_that_exists_links_to_it(new_page):
    page = new_page()
    sign_in(page, demo_email("pcn-manager", "u03864"))
    page.goto("/networks/new/?q=U35980")
    expect(page.get_by_text("This network is already set up")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Set up"))).to_have_count(0)
    check_accessibility(page, "set-up-exists")


ROLE_VIEWS = {
    # role email slug: (nav links shown, nav links hidden, can change Dingle Park's rooms)
    "pcn-manager": ({"Overview", "Practices", "Allocation", "People", "History"}, set(), True),
    "clinical-director": (
        {"Overview", "Practices", "Allocation", "People", "History"},
        set(),
        False,
    ),
    "pm-n82033": ({"Overview", "Practices", "Allocation"}, {"People", "History"}, True),
    "pm-n82054": ({"Overview", "Practices", "Allocation"}, {"People", "History"}, False),
    "pharmacist": ({"Overview", "Practices", "Allocation"}, {"People", "History"}, False),
    "icb-observer": ({"Overview", "Practices", "Allocation", "History"}, {"People"}, False),
}


def test_each_role_sees_what_it_may_and_nothing_more(new_page):
    for slug, (shown, hidden, edits_rooms) in ROLE_VIEWS.items():
        page = new_page()
        sign_in(page, demo_email(slug))
        page.goto("/overview/")  # each role lands on its own home; the overview is for all
        expect(page.get_by_role("heading", name="Central Liverpool PCN")).to_be_visible()
        menu = page.get_by_role("navigation", name="Menu")
        for link in shown:
            expect(menu.get_by_role("link", name=link, exact=True)).to_be_visible()
        for link in hidden:
            expect(menu.get_by_role("link", name=link, exact=True)).to_have_count(0)
        check_accessibility(page, f"overview-{slug}")

        page.goto("/practices/N82033/")
        expect(page.get_by_role("heading", name="Dingle Park Practice")).to_be_visible()
        expect(page.get_by_role("link", name="Change rooms at Dingle Park Practice")).to_have_count(
            1 if edits_rooms else 0
        )
        check_accessibility(page, f"practice-{slug}")
        if not edits_rooms:
            response = page.goto("/practices/N82033/rooms/")
            assert response.status == 403


def test_a_practice_manager_changes_their_rooms_and_sees_the_history(new_page):
    page = new_page()
    sign_in(page, demo_email("pm-n82033"))
    page.goto("/practices/N82033/")
    page.get_by_role("link", name="Change rooms at Dingle Park Practice").click()
    check_accessibility(page, "rooms-edit")

    page.get_by_label("Wednesday morning").fill("-2")
    page.get_by_role("button", name="Save rooms").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Wednesday morning: rooms can't be fewer than 0."
    )
    check_accessibility(page, "rooms-edit-error")

    page.get_by_label("Wednesday morning").fill("3")
    page.get_by_role("button", name="Save rooms").click()
    expect(page.get_by_text("Rooms at Dingle Park Practice are saved.")).to_be_visible()
    rooms = page.get_by_test_id("rooms")
    expect(rooms.locator("tbody tr").first.locator("td").nth(2)).to_have_text("3")

    page.get_by_role("link", name="See the history of Dingle Park Practice").click()
    newest = page.locator(".app-history-entry").first
    expect(newest).to_contain_text("Aisha Khan")  # who: Dingle Park's demo practice manager
    expect(newest.get_by_role("row", name="Wednesday morning 2 3")).to_be_visible()  # before, after
    check_accessibility(page, "practice-history")


def test_a_pcn_manager_invites_a_practice_manager_who_joins(new_page, server):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="People").click()
    check_accessibility(page, "people")
    page.get_by_label("Full name").fill("Nadia Hussain")
    page.get_by_label("Email address").fill("nadia.hussain@example.nhs.uk")
    page.get_by_label("Practice manager", exact=True).check()
    page.get_by_label("Which practice do they manage?").select_option(
        label="The Elms Medical Centre"
    )
    page.get_by_role("button", name="Send invitation").click()
    expect(
        page.get_by_text("We have emailed an invitation to nadia.hussain@example.nhs.uk")
    ).to_be_visible()

    emails = sorted(server["mail"].glob("*.log"))
    body = emails[-1].read_text()
    link = re.search(r"http://\S+/invitations/\S+/", body).group(0)

    invitee = new_page()
    invitee.goto(link)
    check_accessibility(invitee, "invitation-sign-up")
    invitee.get_by_label("Create a password").fill("elms-rooms-and-rota-5")
    invitee.get_by_role("button", name="Create account and join").click()
    expect(invitee.get_by_text("Welcome to Central Liverpool PCN")).to_be_visible()
    invitee.goto("/practices/N82070/")
    expect(
        invitee.get_by_role("link", name="Change rooms at The Elms Medical Centre")
    ).to_be_visible()


def test_the_pcn_manager_enters_an_official_population(new_page):
    page = new_page()
    sign_in(page, demo_email("pcn-manager", "u03864"))
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Practices").click()
    page.locator("table tbody tr a").first.click()
    page.get_by_role("link", name="Enter the official figure for weighted population").click()
    check_accessibility(page, "official-population")
    page.get_by_label("Figure").fill("7,000")
    page.get_by_role("button", name="Save official figure").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the figure as a whole number")
    check_accessibility(page, "official-population-error")
    page.get_by_label("Figure").fill("7000")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Source").fill("ICB letter of 3 February 2026")
    page.get_by_role("button", name="Save official figure").click()
    expect(page.get_by_test_id("populations")).to_contain_text("7,000")
    expect(page.get_by_test_id("populations")).to_contain_text("Official")


def test_the_other_pages_pass_axe(new_page):
    page = new_page()
    page.goto("/password-reset/")
    check_accessibility(page, "password-reset")
    page.goto("/nhs-data/")
    check_accessibility(page, "nhs-data")
    sign_in(page, demo_email("pcn-manager"))
    for path, name in [
        ("/history/", "history"),
        ("/account/", "account"),
        ("/practices/", "practices"),
        ("/practices/N82033/edit/", "practice-edit-pcn-manager"),
        ("/networks/new/", "set-up"),
        ("/sign-out/", "sign-out"),
        ("/?choose=1", "networks"),
    ]:
        page.goto(path)
        check_accessibility(page, name)


def test_the_pcn_manager_uploads_the_icbs_official_populations(new_page, tmp_path):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    page.goto("/practices/")
    page.get_by_role("link", name="Upload the ICB's official populations from a CSV file").click()
    check_accessibility(page, "populations-upload")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Choose a CSV file to upload.").first).to_be_visible()
    check_accessibility(page, "populations-upload-error")

    def upload(body):
        path = tmp_path / "icb.csv"
        path.write_text(body)
        page.get_by_label("Upload the figures as a CSV file").set_input_files(str(path))
        page.get_by_label("Day").fill("1")
        page.get_by_label("Month").fill("1")
        page.get_by_label("Year").fill("2026")
        page.get_by_label("Source").fill("ICB letter of 3 February 2026")
        page.get_by_role("button", name="Check the file").click()

    upload("practice_code,registered,adjusted,weighted\nN82033,5800,,lots\n")
    expect(page.get_by_test_id("import-errors")).to_contain_text("Line 2, column weighted")
    check_accessibility(page, "populations-upload-problems")
    page.get_by_role("link", name="Upload another file").click()
    upload("practice_code,registered,adjusted,weighted\nN82033,5800,,7200\n")
    expect(page.get_by_test_id("import-rows")).to_contain_text("7,200")
    check_accessibility(page, "populations-upload-preview")
    page.get_by_role("button", name="Save these figures").click()
    expect(page.get_by_text("2 official figures at 1 January 2026")).to_be_visible()
