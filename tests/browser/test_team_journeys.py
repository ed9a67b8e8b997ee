"""Teams in a real browser, as the demo PCN manager: from belonging's "add them to a team" to the
team's page, where the isolated person joins, the meeting time is set and the team's week shows;
then a person's teams picked on their form. Each page axe-clean at 1280 and 375 pixels wide."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, demo_email, sign_in

NARROW = {"width": 375, "height": 800}
WIDE = {"width": 1280, "height": 900}


def _check_both_widths(page, name):
    check_accessibility(page, f"{name}-1280")
    page.set_viewport_size(NARROW)
    check_accessibility(page, f"{name}-375")
    page.set_viewport_size(WIDE)


def test_the_pcn_manager_puts_an_isolated_person_in_a_team_that_meets(new_page):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    page.goto("/belonging/")
    fix = page.get_by_role("link", name="Add them to a team with peers.").first
    row = page.get_by_test_id("at-risk").locator("tbody tr").filter(has=fix)
    name = row.locator("td:first-child a").first.inner_text()
    fix.click()

    expect(page.get_by_role("heading", name="Teams", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Add a team")).to_be_visible()
    expect(page.get_by_label("Time", exact=True)).to_be_visible()
    _check_both_widths(page, "teams")

    page.get_by_role("link", name="Personalised care team").click()
    expect(page.get_by_role("heading", name="Personalised care team")).to_be_visible()
    _check_both_widths(page, "team")

    page.get_by_label("Person", exact=True).select_option(label=name)
    page.get_by_role("button", name="Add to the team").click()
    expect(page.get_by_text(f"{name} is added to Personalised care team.")).to_be_visible()
    expect(page.get_by_test_id("team-members")).to_contain_text(name)

    page.get_by_role("link", name=re.compile("Change the meeting time")).click()
    page.get_by_label("Day", exact=True).select_option(label="Thursday")
    page.get_by_label("Time", exact=True).fill("10:00")
    page.get_by_label("How often").select_option(label="Every other week")
    page.get_by_label("Where", exact=True).fill("Online, on Teams")
    _check_both_widths(page, "team-meeting-form")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_test_id("team-meeting")).to_have_text(
        "Thursdays at 10:00, every other week, Online, on Teams."
    )
    week = page.get_by_test_id("team-week")
    expect(week).to_contain_text(name)
    expect(week).to_contain_text("(team meets)")
    expect(week.get_by_text("Team meeting").first).to_be_visible()
    # The demo publishes a rota for this week: the members' week is read from it.
    expect(page.get_by_test_id("team-week-source")).to_contain_text(
        re.compile(r"From the published rota for w/c \w{3} \d+ \w{3}")
    )
    _check_both_widths(page, "team-week")

    # Back on belonging, they are no longer "not in any team".
    page.goto("/belonging/")
    row = (
        page.get_by_test_id("at-risk")
        .locator("tbody tr")
        .filter(has=page.get_by_role("link", name=name, exact=True))
    )
    if row.count():
        expect(row).not_to_contain_text("Not in any team")


def test_the_pcn_manager_picks_a_persons_teams_on_their_form(new_page):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    page.goto("/staff/")
    first = page.locator("table tbody tr").first.locator("a").first
    name = first.inner_text()
    first.click()
    page.get_by_role("link", name=f"Change details of {name}").click()
    teams = page.get_by_role("group", name="Teams")
    expect(teams.get_by_label("Clinical team")).to_be_visible()
    expect(page.get_by_text("There are no teams yet")).to_have_count(0)
    _check_both_widths(page, "person-form-teams")

    teams.get_by_label("Clinical team").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"{name} is saved.")).to_be_visible()
    expect(page.get_by_role("link", name="Clinical team")).to_be_visible()
    expect(page.get_by_test_id("week-source")).to_contain_text(
        re.compile(r"^(From the published rota for w/c \w{3} \d+ \w{3}|Usual week — )")
    )
    _check_both_widths(page, "person-this-week")
