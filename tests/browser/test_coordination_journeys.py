"""Coordination in a real browser: the PCN manager proposes who does what, sends a request and
watches answers, records a meeting's decision and action, responds to a concern; a practice
manager agrees the matrix, answers from their inbox and raises a concern; the weekly digest's
unsubscribe link works without signing in."""

import re
import subprocess

from playwright.sync_api import expect

from .conftest import ROOT, check_accessibility, demo_email, sign_in

ELMS = "The Elms Medical Centre"


def _menu(page, name):
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=name).click()


def test_the_pcn_manager_proposes_the_matrix_sends_a_request_and_records_a_meeting(new_page):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    page.goto("/overview/")
    expect(page.get_by_test_id("activity-feed")).to_be_visible()
    check_accessibility(page, "coordination-overview")
    _menu(page, "Coordination")
    expect(page.get_by_role("heading", name="Coordination", exact=True)).to_be_visible()
    check_accessibility(page, "coordination-hub")

    # Who does what: propose a change; the version page says what changed.
    page.get_by_role("link", name="Who does what").click()
    expect(page.get_by_test_id("matrix")).to_be_visible()
    check_accessibility(page, "coordination-matrix")
    page.get_by_role("link", name="Propose changes").click()
    check_accessibility(page, "coordination-matrix-propose")
    page.get_by_label("Clinical director for Rota").select_option("A")
    page.get_by_label("PCN manager for Rota").select_option("R")
    page.get_by_label("Add an activity (optional)").fill("Digital and data")
    page.get_by_label("PCN manager for the new activity").select_option("RA")
    page.get_by_label("What changed and why").fill("The clinical director answers for the rota.")
    page.get_by_role("button", name="Propose to practices").click()
    expect(page.get_by_text(re.compile(r"^Version \d+ is proposed"))).to_be_visible()
    changes = page.get_by_test_id("changes")
    expect(changes).to_contain_text("Rota: PCN manager responsible and accountable → responsible")
    expect(changes).to_contain_text("Digital and data added")
    check_accessibility(page, "coordination-matrix-version")

    # A request: a past date is refused, then sent; the board shows every practice waiting.
    _menu(page, "Coordination")
    page.get_by_role("link", name="Requests to practices").click()
    expect(page.get_by_test_id("request-board")).to_contain_text("Overdue")
    check_accessibility(page, "coordination-requests-board")
    page.get_by_role("link", name="Send a request").click()
    page.get_by_label("What is needed").fill("Your winter surge plans")
    page.get_by_label("Why it is needed").fill("The ICB asks every network by December.")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2020")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("alert")).to_contain_text("has passed")
    check_accessibility(page, "coordination-request-refused")
    page.get_by_label("Year").fill("2030")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Sent to 6 practices")).to_be_visible()
    expect(page.get_by_test_id("request-answers")).to_contain_text("Not answered")
    check_accessibility(page, "coordination-request")

    # A meeting with a decision and an action; an action without an owner is refused.
    _menu(page, "Coordination")
    page.get_by_role("link", name="Meetings and decisions").click()
    check_accessibility(page, "coordination-meetings")
    page.get_by_label("Practice managers").check()
    page.get_by_label("Title").fill("December practice managers")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Agenda").fill("Winter surge\nWho does what")
    page.get_by_label("Priya Shah").check()
    page.get_by_label("Helen Brooks").check()
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.get_by_test_id("agenda")).to_contain_text("Winter surge")
    page.get_by_label("What was decided").fill("Surge clinics run from the hub.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("decisions")).to_contain_text("Agreed by")
    page.get_by_label("What will be done").fill("Book the surge clinic staff")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose who owns this action")
    page.get_by_label("Owner").select_option(
        label="Helen Brooks – Practice manager of Abercromby Family Practice"
    )
    page.get_by_label("Day").fill("20")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_test_id("actions")).to_contain_text("Book the surge clinic staff")
    check_accessibility(page, "coordination-meeting")
    page.get_by_role("link", name="Meetings and decisions").click()
    page.get_by_role("link", name="The action tracker").click()
    expect(page.get_by_test_id("actions")).to_contain_text("Overdue")
    check_accessibility(page, "coordination-action-tracker")

    # A concern tracked to a response.
    _menu(page, "Coordination")
    page.get_by_role("link", name="Concerns").click()
    check_accessibility(page, "coordination-concerns")
    page.get_by_role("link", name="Requests arrive with too little notice").click()
    page.get_by_label("Response").fill("From January, requests give at least two weeks.")
    page.get_by_role("button", name="Send the response").click()
    expect(page.get_by_test_id("concern-response")).to_contain_text("at least two weeks")
    check_accessibility(page, "coordination-concern")

    _menu(page, "Coordination")
    page.get_by_role("link", name="Your weekly digest").click()
    expect(page.get_by_role("heading", name="Overdue answers from practices")).to_be_visible()
    check_accessibility(page, "coordination-digest")


def test_a_practice_manager_agrees_the_matrix_answers_a_request_and_raises_a_concern(new_page):
    page = new_page()
    sign_in(page, demo_email("pm-n82070"))
    _menu(page, "Coordination")
    expect(page.get_by_test_id("matrix-waiting")).to_contain_text(ELMS)
    expect(page.get_by_test_id("inbox-summary")).to_contain_text("overdue")
    check_accessibility(page, "coordination-hub-practice-manager")

    page.get_by_role("link", name="Read it and agree or object").click()
    check_accessibility(page, "coordination-matrix-answer")
    page.get_by_label("We object").check()
    page.get_by_role("button", name="Send our answer").click()
    expect(page.get_by_role("alert")).to_contain_text("Say what you object to")
    page.get_by_label("We agree").check()
    page.get_by_role("button", name="Send our answer").click()
    expect(page.get_by_text(f"Your answer for {ELMS} is recorded")).to_be_visible()
    expect(
        page.get_by_test_id("matrix-answers").get_by_role("row", name=re.compile(ELMS))
    ).to_contain_text("Agrees")

    _menu(page, "Coordination")
    page.get_by_role("link", name="Asked of your practice").click()
    check_accessibility(page, "coordination-inbox")
    inbox = page.get_by_test_id("inbox")
    expect(inbox).to_contain_text("Overdue")
    inbox.get_by_role("link", name=re.compile("enhanced access hours")).click()
    page.get_by_label("Cannot do").check()
    page.get_by_role("button", name="Send our answer").click()
    expect(page.get_by_role("alert")).to_contain_text("Say why the practice cannot do it")
    page.get_by_label("Done").check()
    page.get_by_label("Note").fill("Hours sent to the ICB on Monday.")
    page.get_by_role("button", name="Send our answer").click()
    answers = page.get_by_test_id("request-answers")
    expect(answers.get_by_role("row", name=re.compile(ELMS))).to_contain_text("Done")
    check_accessibility(page, "coordination-request-answered")

    _menu(page, "Coordination")
    page.get_by_role("link", name="Concerns").click()
    page.get_by_label("Subject").fill("Meetings clash with morning surgery")
    page.get_by_label("What concerns you about how the network works").fill(
        "Tuesday mornings are our busiest time."
    )
    page.get_by_role("button", name="Raise the concern").click()
    expect(page.get_by_text("Your concern is with the PCN manager")).to_be_visible()
    check_accessibility(page, "coordination-concern-raised")

    page.goto("/meetings/")
    expect(page.get_by_role("button", name="Record the meeting")).to_have_count(0)
    page.get_by_test_id("meetings").get_by_role("link").first.click()
    expect(page.get_by_test_id("decisions")).to_be_visible()
    check_accessibility(page, "coordination-meeting-practice-manager")


def test_the_digest_link_unsubscribes_without_signing_in(new_page, server):
    env = {**server["env"], "SITE_URL": server["url"]}
    subprocess.run(
        [*server["manage"], "send_digest", "--now", "--pcn", "U35980"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    to = demo_email("pm-n82033")
    # The file backend writes each connection's emails into one file, one after another,
    # each followed by a line of 79 dashes: the practice manager's is one of them.
    emails = [e for f in server["mail"].glob("*.log") for e in f.read_text().split("-" * 79)]
    mine = [e for e in emails if f"To: {to}" in e and "This week in" in e]
    assert mine, "the practice manager got no digest"
    link = re.search(r"^(http\S+/digest/unsubscribe/\S+/)$", mine[-1], re.MULTILINE).group(1)
    page = new_page()
    page.goto(link)
    expect(page.get_by_role("heading", name="Stop the weekly digest")).to_be_visible()
    check_accessibility(page, "coordination-unsubscribe")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_test_id("unsubscribed")).to_contain_text(to)
