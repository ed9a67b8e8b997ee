"""The network's money in a real browser: the PCN manager sees this year's entitlements and the
unspent-money forecast, runs a recruitment what-if, records a month's claim and distributes
income; a practice manager opens their own statement and nobody else's — axe on every page."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, demo_email, sign_in


def _money(page):
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Money").click()


def test_the_pcn_manager_forecasts_claims_and_shares_out_income(new_page):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    _money(page)
    expect(page.get_by_role("heading", name="Entitlements 2026/27")).to_be_visible()
    expect(page.get_by_test_id("unspent-warning")).to_contain_text(
        re.compile(
            r"£[\d,]+\.\d\d of this year's ARRS entitlement is forecast to go unclaimed by 31 March 2027"
        )
    )
    expect(page.get_by_test_id("entitlements")).to_contain_text(
        re.compile(r"£26\.631 × [\d,]+ weighted patients = £[\d,]+\.\d\d")
    )
    check_accessibility(page, "money-entitlements")

    page.get_by_role("link", name="Rates", exact=True).click()
    expect(page.get_by_test_id("rates-2025/26")).to_contain_text("£26.631")
    check_accessibility(page, "money-rates")

    page.get_by_role("link", name="Forecast", exact=True).click()
    expect(page.get_by_test_id("forecast-months").get_by_role("row")).to_have_count(13)
    form = page.get_by_test_id("what-if-form")
    form.get_by_label("Role").select_option("clinical-pharmacist")
    form.get_by_label("WTE").fill("1.0")
    form.get_by_label("Day").fill("1")
    form.get_by_label("Month").fill("1")
    form.get_by_label("Year").fill("2027")
    form.get_by_role("button", name="Work it out").click()
    result = page.get_by_test_id("what-if-result")
    expect(result).to_contain_text("Cost to 31 March")
    expect(result).to_contain_text("£17,295.51")  # the demo ICB's raised maximum
    expect(result).to_contain_text("Covered next year?")
    check_accessibility(page, "money-forecast-what-if")

    page.get_by_role("link", name="Claims", exact=True).click()
    expect(page.get_by_test_id("cash-flow")).to_contain_text("Owed to the network")
    check_accessibility(page, "money-claims")
    page.get_by_test_id("claims").get_by_role("link", name="October 2026").click()
    expect(page.get_by_test_id("status")).to_contain_text("Draft")
    check_accessibility(page, "money-claim-draft")
    form = page.get_by_test_id("submit-claim")
    form.get_by_label("Day").fill("10")
    form.get_by_label("Month").fill("11")
    form.get_by_label("Year").fill("2026")
    form.get_by_role("button", name=re.compile("Record as submitted")).click()
    expect(
        page.get_by_text("Recorded the ARRS claim for October 2026 as submitted.")
    ).to_be_visible()
    expect(page.get_by_test_id("status")).to_contain_text("Submitted 10 November 2026")
    check_accessibility(page, "money-claim-submitted")

    page.get_by_role("link", name="Back to claims").click()
    page.get_by_role("link", name="Pay lines", exact=True).click()
    expect(page.get_by_test_id("lines")).to_contain_text("Reimbursable")
    check_accessibility(page, "money-pay-lines")

    page.get_by_role("link", name="Income", exact=True).click()
    form = page.get_by_test_id("income-form")
    form.get_by_label("Payment stream").select_option("enhanced_access")
    form.get_by_label("Amount received (£)").fill("40,000.01")
    form.get_by_role("button", name="Record and share out").click()
    expect(page.get_by_text(re.compile(r"Recorded £40,000\.01 Enhanced access"))).to_be_visible()
    check_accessibility(page, "money-income")

    page.get_by_role("link", name=re.compile("^Change.*Core PCN funding: registered part")).click()
    page.get_by_label("Agreed percentages").check()
    for field in (
        page.locator("fieldset").filter(has_text="must add up to 100").get_by_role("textbox").all()
    ):
        field.fill("10")
    page.get_by_role("button", name="Save rule").click()
    expect(page.get_by_role("alert")).to_contain_text("not 100")
    check_accessibility(page, "money-rule-refused")

    page.get_by_role("link", name="Back to income").click()
    page.get_by_role("link", name="Practice ledger").click()
    expect(page.get_by_test_id("ledger")).to_contain_text("Dingle Park Practice")
    check_accessibility(page, "money-ledger")


def test_a_practice_manager_opens_their_statement_and_no_one_elses(new_page):
    page = new_page()
    sign_in(page, demo_email("pm-n82033"))
    _money(page)
    expect(page.get_by_test_id("unspent-warning")).to_be_visible()
    expect(page.get_by_role("link", name="Claims", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Statement for Dingle Park Practice").click()
    expect(page.get_by_role("heading", name="Dingle Park Practice: 2026/27")).to_be_visible()
    page.get_by_label("Quarter").select_option("Q3")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Dingle Park Practice: Q3 2026/27")).to_be_visible()
    expect(page.get_by_test_id("statement-income")).to_contain_text("Total income")
    expect(page.get_by_test_id("net")).to_contain_text("£")
    expect(page.get_by_text(re.compile(r"sessions in published rotas"))).to_be_visible()
    expect(page.get_by_test_id("employed-costs")).to_contain_text(
        "Pay of the people the practice employs"
    )
    expect(page.get_by_test_id("statement-first-calls")).to_contain_text("Clinical director")
    check_accessibility(page, "money-statement-practice-manager")

    page.get_by_role("link", name="Printable statement").click()
    expect(page.get_by_role("heading", name=re.compile("Dingle Park Practice"))).to_be_visible()
    check_accessibility(page, "money-statement-print")

    response = page.goto("/money/statements/N82054/")
    assert response.status == 403
    response = page.goto("/money/claims/")
    assert response.status == 403


def test_the_pcn_manager_enters_the_icbs_maximum_and_claims_arrears(new_page):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    _money(page)
    page.get_by_role("link", name="Maxima", exact=True).click()
    expect(page.get_by_role("heading", name="ARRS maxima in 2026/27")).to_be_visible()
    table = page.get_by_test_id("maxima")
    expect(table).to_contain_text("Care Co-ordinator")
    expect(table).to_contain_text("£36,000.00")
    expect(page.get_by_test_id("carried-forward")).to_contain_text("latest held")
    expect(page.get_by_test_id("estimate-methods")).to_contain_text("£36,051")
    expect(table).to_contain_text("Your ICB's figure")  # the demo's raised pharmacist maximum
    check_accessibility(page, "money-maxima")

    page.get_by_label("Financial year").select_option("2024/25")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("maxima")).to_contain_text("1 October 2024")
    expect(page.get_by_test_id("maxima")).to_contain_text("£65,838.00")

    page.get_by_role("button", name="Enter the ICB's maximum").click()
    page.get_by_label("Role").select_option("care-coordinator")
    page.get_by_label("Pay area").select_option("national")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("4")
    page.get_by_label("Year", exact=True).fill("2026")
    page.get_by_label("Maximum per whole-time equivalent a year (£)").fill("12")
    page.get_by_label("Source").fill("ICB letter of 3 June 2026")
    page.get_by_role("button", name="Save maximum").click()
    expect(page.get_by_role("alert")).to_contain_text("between £1,000 and £1,000,000")
    check_accessibility(page, "money-maximum-refused")
    page.get_by_label("Maximum per whole-time equivalent a year (£)").fill("37,250")
    page.get_by_role("button", name="Save maximum").click()
    expect(
        page.get_by_text(re.compile("Saved: Care Co-ordinator national maximum"))
    ).to_be_visible()
    row = page.get_by_test_id("maxima").get_by_role("row").filter(has_text="Care Co-ordinator")
    expect(row.first).to_contain_text("£37,250.00")

    page.get_by_role("link", name="Claims", exact=True).click()
    page.get_by_test_id("claims").get_by_role("link", name="October 2026").click()
    expect(page.get_by_role("heading", name="Arrears on this claim")).to_be_visible()
    check_accessibility(page, "money-claim-arrears")

    page.get_by_role("link", name="Back to claims").click()
    page.get_by_role("link", name="Income", exact=True).click()
    expect(page.get_by_test_id("first-calls")).to_contain_text("PCN manager")
    page.get_by_role("button", name="Add a first call").click()
    page.get_by_label("What it pays for").fill("Digital lead")
    page.get_by_label("Amount a year (£)").fill("12,000")
    page.get_by_label("Where it is agreed").fill("Network Agreement schedule 2, v3")
    page.get_by_role("button", name="Add first call").click()
    expect(page.get_by_test_id("first-calls")).to_contain_text("Digital lead")
    check_accessibility(page, "money-income-first-calls")


def test_the_clinical_director_reads_maxima_arrears_and_totals_but_changes_nothing(new_page):
    page = new_page()
    sign_in(page, demo_email("clinical-director"))
    _money(page)
    expect(page.get_by_test_id("total-paid")).to_contain_text("Paid to the network")
    expect(page.get_by_test_id("total-claimable")).to_contain_text("Claimable up to")
    check_accessibility(page, "money-entitlements-clinical-director")
    page.get_by_role("link", name="Maxima", exact=True).click()
    expect(page.get_by_test_id("maxima")).to_contain_text("£36,000.00")
    expect(page.get_by_role("button", name="Enter the ICB's maximum")).to_have_count(0)
    check_accessibility(page, "money-maxima-clinical-director")
    page.get_by_role("link", name="Claims", exact=True).click()
    page.get_by_test_id("claims").get_by_role("link", name="October 2026").click()
    expect(page.get_by_role("heading", name="Arrears on this claim")).to_be_visible()
    expect(page.get_by_role("button", name="Add the arrears to this claim")).to_have_count(0)
    check_accessibility(page, "money-claim-clinical-director")
    assert page.goto("/money/maxima/enter/").status == 403
