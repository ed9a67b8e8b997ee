"""The recruitment planner in a real browser: the PCN manager opens it from the forecast, reads
the proposed posts and why each, rules out a role and plans again, adds the posts to the
forecast and finds them there labelled planned; the clinical director reads the plan but has no
button to add it. axe on every page."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, demo_email, sign_in


def test_the_pcn_manager_plans_recruitment_and_adds_it_to_the_forecast(new_page):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    page.goto("/money/forecast/")
    page.get_by_test_id("planner-link").click()
    expect(page.get_by_role("heading", name="Recruitment planner", level=1)).to_be_visible()
    expect(page.get_by_test_id("plan-inputs")).to_contain_text("Headroom to use this year")
    expect(page.get_by_test_id("plan-inputs")).to_contain_text("(the default: this year's")
    posts = page.get_by_test_id("plan-posts")
    expect(posts).to_be_visible()
    why = page.get_by_test_id("plan-why").get_by_role("listitem")
    expect(why.first).to_contain_text(re.compile(r"costs £[\d,]+\.\d\d this year from \w+ 20\d\d"))
    expect(page.get_by_test_id("plan-objective")).to_contain_text("Headroom used this year")
    check_accessibility(page, "planner")

    # Rule out the first role proposed, and plan again.
    first = posts.get_by_role("row").nth(1).get_by_role("rowheader").inner_text()
    name = re.split(r"\s*\(band", first)[0].strip()
    page.get_by_label(f"{name}: what the planner may do").select_option("forbid")
    page.get_by_role("button", name="Plan again").click()
    expect(page.get_by_role("heading", name="Recruitment planner", level=1)).to_be_visible()
    expect(page.get_by_label(f"{name}: what the planner may do")).to_have_value("forbid")
    expect(page.get_by_test_id("plan-posts")).not_to_contain_text(name)
    check_accessibility(page, "planner-replanned")

    count = page.get_by_test_id("plan-why").get_by_role("listitem").count()
    page.get_by_role("button", name="Add these posts to the forecast").click()
    expect(page.get_by_text(f"Added {count} planned post")).to_be_visible()
    planned = page.get_by_test_id("planned-posts")
    expect(planned.get_by_text("Planned", exact=True)).to_have_count(count)
    expect(planned).not_to_contain_text(name)
    expect(page.get_by_test_id("planned-summary")).to_contain_text(
        re.compile(r"Headroom after the planned posts\s*£[\d,]+\.\d\d of £[\d,]+\.\d\d")
    )
    expect(page.get_by_role("heading", name="Planned posts (not yet recruited)")).to_be_visible()
    check_accessibility(page, "forecast-with-planned-posts")


def test_the_clinical_director_reads_the_plan_without_adding_it(new_page):
    page = new_page()
    sign_in(page, demo_email("clinical-director"))
    page.goto("/money/forecast/")
    page.get_by_test_id("planner-link").click()
    expect(page.get_by_test_id("plan-posts")).to_be_visible()
    expect(page.get_by_role("button", name="Add these posts to the forecast")).to_have_count(0)
    check_accessibility(page, "planner-clinical-director")
