"""Needs-based allocation in a real browser: a practice manager opts in and out and sees what
the practice gets and why beside the equal split; the PCN manager saves a scenario; the clinical
director agrees it; the practice manager objects — axe on every page."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, demo_email, sign_in

SERVICES = {
    "Structured medication reviews": "Yes, opt in",
    "Care home rounds": "Yes, opt in",
    "Home visiting": "No, opt out",
}


def _service_fieldset(page, name):
    return page.locator("fieldset.app-answer").filter(
        has=page.get_by_role("heading", name=name, exact=True)
    )


def test_a_practice_manager_opts_in_and_out_and_sees_why_beside_the_equal_split(new_page):
    page = new_page()
    sign_in(page, demo_email("pm-n82033"))
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Allocation").click()
    expect(page.get_by_role("heading", name="Allocation of staff time")).to_be_visible()
    page.get_by_role("link", name="Change Dingle Park Practice's opt-ins and demand").click()
    expect(
        page.get_by_role("heading", name="Which services does your practice take part in?")
    ).to_be_visible()
    check_accessibility(page, "allocation-answers")

    for service, choice in SERVICES.items():
        fieldset = _service_fieldset(page, service)
        fieldset.get_by_label(choice).check()
        demand = fieldset.get_by_label("Sessions a week the practice needs (optional)")
        demand.fill("4" if choice.startswith("Yes") else "")
    page.get_by_role("button", name="Save answers").click()

    expect(page.get_by_text(re.compile("Saved Dingle Park Practice's answers"))).to_be_visible()
    mine = page.get_by_test_id("my-practice")
    expect(mine).to_contain_text("What Dingle Park Practice gets, and why")
    expect(mine).to_contain_text(
        re.compile(r"Home visiting: 0 sessions a week \(equal split: 0\)\. Opted out")
    )
    expect(mine).to_contain_text(
        re.compile(r"Structured medication reviews: \d+ sessions? a week \(equal split: \d+\)")
    )
    expect(mine).to_contain_text("rounded fairly")
    check_accessibility(page, "allocation-practice-manager")

    page.get_by_role("link", name="Services and opt-ins").click()
    row = page.get_by_test_id("participation").get_by_role("row", name=re.compile("^Home visiting"))
    expect(row).to_contain_text("Out")
    check_accessibility(page, "allocation-services")

    page.get_by_role("link", name="Compare", exact=True).click()
    page.get_by_label("First").select_option(label="Equal split")
    page.get_by_label("Second").select_option(label="Current settings")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_test_id("comparison")).to_contain_text("Dingle Park Practice")
    expect(page.get_by_text("Unmet demand: Equal split").first).to_be_visible()
    check_accessibility(page, "allocation-compare")


def test_the_pcn_manager_shares_by_need_and_saves_a_scenario_the_director_agrees(new_page):
    manager = new_page()
    sign_in(manager, demo_email("pcn-manager"))
    manager.goto("/allocation/")
    manager.get_by_role("link", name="Change how staff time is shared").click()
    check_accessibility(manager, "allocation-fairness")
    manager.get_by_label("A blend, with weights").check()
    manager.get_by_role("button", name="Save and see the allocation").click()
    expect(manager.get_by_role("alert")).to_contain_text(
        "A blend needs at least one weight above zero"
    )
    manager.get_by_label("Weight of weighted population").fill("3")
    manager.get_by_label("Weight of declared demand").fill("1")
    manager.get_by_role("button", name="Save and see the allocation").click()
    expect(manager.get_by_text("Shared by A blend, with weights").first).to_be_visible()
    check_accessibility(manager, "allocation-pcn-manager")

    manager.get_by_role("link", name="Save as a scenario").click()
    manager.get_by_label("Scenario name").fill("Need and demand, 3 to 1")
    manager.get_by_role("button", name="Save scenario").click()
    expect(manager.get_by_role("heading", name="Need and demand, 3 to 1")).to_be_visible()
    expect(manager.get_by_test_id("status")).to_contain_text("Proposed")
    expect(
        manager.get_by_role("button", name="Agree this allocation for the network")
    ).to_have_count(0)
    check_accessibility(manager, "allocation-scenario-proposed")
    scenario_url = manager.url

    director = new_page()
    sign_in(director, demo_email("clinical-director"))
    director.goto(scenario_url)
    # No practice has answered yet: agreeing names them and needs a tick and a reason.
    director.get_by_role("button", name="Agree without them").click()
    expect(director.get_by_test_id("holdout-list")).to_contain_text(
        "Dingle Park Practice: has not answered"
    )
    check_accessibility(director, "allocation-agree-without")
    director.get_by_role("button", name="Agree without these practices").click()
    expect(director.get_by_role("alert")).to_contain_text(
        re.compile(r"Not agreed: \d+ practices have not answered")
    )
    director.get_by_label("I am agreeing this for the network without").check()
    director.get_by_label("Why are you agreeing without them?").fill(
        "The January rota starts next week; practices can still object."
    )
    director.get_by_role("button", name="Agree without these practices").click()
    expect(director.get_by_text("is now the network's agreed allocation")).to_be_visible()
    expect(director.get_by_test_id("status")).to_contain_text("Agreed")
    expect(director.get_by_test_id("agreed-note")).to_contain_text(
        "by Dr Tom Okafor without answers from"
    )
    expect(director.get_by_test_id("agreed-note")).to_contain_text(
        "because: “The January rota starts next week; practices can still object.”"
    )
    check_accessibility(director, "allocation-agreed-without")
    director.goto("/allocation/scenarios/")
    check_accessibility(director, "allocation-scenarios")

    practice = new_page()
    sign_in(practice, demo_email("pm-n82054"))
    practice.goto(scenario_url)
    practice.get_by_label("We object").check()
    practice.get_by_role("button", name="Record response").click()
    expect(practice.get_by_text("Say why your practice objects").first).to_be_visible()
    practice.get_by_label("We object").check()
    practice.get_by_label("Comment").fill("Our care home beds have doubled since January.")
    practice.get_by_role("button", name="Record response").click()
    row = practice.get_by_test_id("scenario-totals").get_by_role(
        "row", name=re.compile("^Abercromby")
    )
    expect(row).to_contain_text("Objects")
    expect(row).to_contain_text("Our care home beds have doubled since January.")
    check_accessibility(practice, "allocation-scenario-objection")

    practice.goto("/allocation/ledger/")
    expect(practice.get_by_test_id("ledger-totals")).to_contain_text("Abercromby Family Practice")
    check_accessibility(practice, "allocation-ledger")
