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
    expect(result).to_contain_text("£16,743.00")
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
    check_accessibility(page, "money-statement-practice-manager")

    page.get_by_role("link", name="Printable statement").click()
    expect(page.get_by_role("heading", name=re.compile("Dingle Park Practice"))).to_be_visible()
    check_accessibility(page, "money-statement-print")

    response = page.goto("/money/statements/N82054/")
    assert response.status == 403
    response = page.goto("/money/claims/")
    assert response.status == 403
