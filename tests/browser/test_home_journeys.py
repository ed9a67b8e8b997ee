"""Each role starts at their home after signing in and finishes a task from it: a practice
manager answers a request, the clinical director opens an approval, the PCN manager follows a
to-do item; staff land on My work and observers on the network's summary. Each home is checked
at 1280 and at 375 pixels wide."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, demo_email, sign_in


def _home_at_both_widths(page, name):
    check_accessibility(page, f"home-{name}-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    check_accessibility(page, f"home-{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_practice_manager_answers_a_request_from_their_home(new_page):
    page = new_page()
    sign_in(page, demo_email("pm-n82082"))
    expect(page).to_have_url(re.compile("/home/$"))
    expect(page.get_by_role("heading", name="What needs you")).to_be_visible()
    requests = page.get_by_test_id("practice-N82082-requests")
    expect(requests).to_contain_text("Overdue")
    expect(page.get_by_test_id("practice-N82082-week")).to_be_visible()
    expect(page.get_by_test_id("practice-N82082-statement")).to_contain_text("Read the statement")
    _home_at_both_widths(page, "practice-manager")

    requests.get_by_role("link", name="Send your Q3 workforce figures").click()
    page.get_by_label("Done").check()
    page.get_by_label("Note").fill("Sent to the network on Tuesday.")
    page.get_by_role("button", name="Send our answer").click()
    expect(page.get_by_test_id("request-answers")).to_contain_text("Done")

    page.get_by_role("link", name=re.compile("homepage$")).click()  # the service's name
    expect(page.get_by_test_id("practice-N82082-requests")).not_to_contain_text(
        "Send your Q3 workforce figures"
    )


def test_a_practice_manager_with_little_waiting_still_reads_well(new_page):
    page = new_page()
    sign_in(page, demo_email("pm-n82054"))
    expect(page.get_by_test_id("practice-N82054")).to_be_visible()
    _home_at_both_widths(page, "practice-manager-quiet")


def test_the_clinical_director_opens_an_approval_from_their_home(new_page):
    page = new_page()
    sign_in(page, demo_email("clinical-director"))
    expect(page).to_have_url(re.compile("/home/$"))
    expect(page.get_by_test_id("director-isolation")).to_be_visible()
    _home_at_both_widths(page, "clinical-director")
    page.get_by_test_id("director-matrix").get_by_role("link").first.click()
    expect(page.locator("main h1")).to_contain_text("Who does what")
    check_accessibility(page, "home-clinical-director-approval")


def test_the_pcn_manager_follows_a_to_do_item_from_their_home(new_page):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    expect(page).to_have_url(re.compile("/home/$"))
    _home_at_both_widths(page, "pcn-manager")
    chase = page.get_by_test_id("manager-requests")
    chase.get_by_role("link", name=re.compile("enhanced access hours")).click()
    expect(page.get_by_test_id("request-answers")).to_be_visible()
    check_accessibility(page, "home-pcn-manager-request")


def test_staff_land_on_my_work_and_observers_on_the_summary(new_page):
    staff = new_page()
    sign_in(staff, demo_email("pharmacist"))
    expect(staff).to_have_url(re.compile("/my-work/$"))
    expect(staff.get_by_role("heading", name="My rota this week")).to_be_visible()
    check_accessibility(staff, "home-staff")

    observer = new_page()
    sign_in(observer, demo_email("icb-observer"))
    expect(observer).to_have_url(re.compile("/overview/$"))
    expect(observer.get_by_role("heading", name="Central Liverpool PCN")).to_be_visible()
    _home_at_both_widths(observer, "observer")
