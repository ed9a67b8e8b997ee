"""The money pages as the people who use them: what they show, what they save, what they refuse."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from pcn.core.models import AuditEntry
from pcn.money.models import Claim, IncomeReceipt, PaymentRate, SalaryLine
from tests.conftest import text

DINGLE = "N82033"


@pytest.fixture
def manager(as_role):
    return as_role("PCN manager")


def test_every_money_page_opens_for_the_pcn_manager(demo, manager):
    claim = demo.network.claims.first()
    pages = [
        ("money:overview", [], ""),
        ("money:overview", [], "?year=2025/26"),
        ("money:rates", [], ""),
        ("money:set_rate", [], ""),
        ("money:profile", [], ""),
        ("money:salary_lines", [], ""),
        ("money:salary_lines", [], "?month=2026-04"),
        ("money:import_lines", [], ""),
        ("money:claims", [], ""),
        ("money:claim", [claim.pk], ""),
        ("money:claim_csv", [claim.pk], ""),
        ("money:forecast", [], ""),
        ("money:income", [], ""),
        ("money:rule", [], "?stream=care_home"),
        ("money:ledger", [], ""),
        ("money:statements", [], ""),
        ("money:statement", [DINGLE], "?quarter=Q2"),
        ("money:statement_print", [DINGLE], ""),
        ("money:statement_csv", [DINGLE], ""),
        ("money:salary_lines_csv", [], "?month=2026-10"),
    ]
    for name, args, query in pages:
        response = manager.get(reverse(name, args=args) + query)
        assert response.status_code == 200, f"{name}{query}: {response.status_code}"


def test_the_entitlements_page_shows_each_stream_with_its_working(demo, manager):
    page = text(manager.get(reverse("money:overview") + "?year=2025/26"))
    assert re.search(r"£26\.631 × [\d,]+ weighted patients = £[\d,]+\.\d\d", page)
    assert "estimate" in page and "NHS published" in page


def test_this_years_page_carries_the_unspent_warning(demo, manager):
    page = text(manager.get(reverse("money:overview")))
    assert "forecast to go unclaimed by 31 March 2027" in page


def test_the_forecast_has_twelve_months_and_a_what_if(demo, manager):
    page = text(
        manager.get(
            reverse("money:forecast")
            + "?role=clinical-pharmacist&wte=1.0&start_day=1&start_month=1&start_year=2027"
        )
    )
    assert page.count("Entitlement: £") == 12
    assert "Cost to 31 March" in page and "£17,295.51" in page


def test_a_what_if_start_date_in_the_past_is_refused(demo, manager):
    page = text(
        manager.get(
            reverse("money:forecast")
            + "?role=clinical-pharmacist&wte=1.0&start_day=1&start_month=1&start_year=2026"
        )
    )
    assert "Choose a start date from today to 31 March." in page


def test_the_manager_corrects_a_rate_and_it_is_audited(demo, manager):
    opened = manager.get(
        reverse("money:set_rate"), {"year": "2026/27", "stream": "enhanced_access"}
    ).context["form"]
    response = manager.post(
        reverse("money:set_rate"),
        {
            "year": "2026/27",
            "stream": "enhanced_access",
            "value": "8.700",
            "source": "DES 2026/27 table 1",
            "version": opened["version"].value() or "",
        },
    )
    assert response.status_code == 302
    rate = PaymentRate.objects.get(network=demo.network, year="2026/27", stream="enhanced_access")
    assert rate.value == Decimal("8.700")
    assert AuditEntry.objects.filter(action="money.set_rate", target_id=str(rate.pk)).exists()
    assert "£8.70 ×" in text(manager.get(reverse("money:overview")))


@pytest.mark.parametrize(
    "year, message",
    [
        ("2031/32", "2031/32 is not a year"),
        ("2026/28", "not a financial year"),
        ("26/27", "write it like"),
    ],
)
def test_a_rate_for_an_unknown_year_is_refused_naming_the_field(demo, manager, year, message):
    before = PaymentRate.objects.count()
    page = text(
        manager.post(
            reverse("money:set_rate"),
            {"year": year, "stream": "arrs", "value": "27", "source": "x"},
        )
    )
    assert message in page and 'href="#id_year"' in page
    assert PaymentRate.objects.count() == before


def test_a_pay_line_is_saved_and_reimbursed_at_the_lesser_of_cost_and_maximum(demo, manager):
    person = demo.network.staff.filter(
        role_code="clinical-pharmacist", end_date__isnull=True
    ).first()
    SalaryLine.objects.filter(staff=person).delete()
    Claim.objects.filter(network=demo.network, month=date(2026, 11, 1)).delete()
    response = manager.post(
        reverse("money:salary_lines"),
        {
            "staff": person.pk,
            "month": "2026-11",
            "salary": "9,000.00",
            "employer_ni": "1,200.00",
            "employer_pension": "1,800.00",
        },
    )
    assert response.status_code == 302
    line = SalaryLine.objects.get(staff=person, month=date(2026, 11, 1))
    assert line.actual_cost == Decimal("12000.00")
    page = text(manager.get(reverse("money:salary_lines") + "?month=2026-11"))
    # The demo's ICB raised the maximum to £69,182.08 from 1 April 2026.
    cap = (Decimal("69182.08") * person.wte / 12).quantize(Decimal("0.01"))
    assert f"£{cap:,}" in page and "role maximum × WTE" in page


def test_a_pay_line_for_someone_not_in_post_that_month_is_refused(demo, manager):
    person = demo.network.staff.filter(role_code="clinical-pharmacist").first()
    person.start_date = date(2026, 11, 10)
    person.save()
    before = SalaryLine.objects.count()
    page = text(
        manager.post(
            reverse("money:salary_lines"),
            {
                "staff": person.pk,
                "month": "2026-10",
                "salary": "100",
                "employer_ni": "0",
                "employer_pension": "0",
            },
        )
    )
    assert f"{person} was not in post in October 2026." in page
    assert SalaryLine.objects.count() == before


def test_lines_of_a_submitted_claim_cannot_change(demo, manager):
    claim = demo.network.claims.filter(status=Claim.Status.SUBMITTED).first()
    line = demo.network.salary_lines.filter(month=claim.month).first()
    page = text(
        manager.post(
            reverse("money:salary_lines"),
            {
                "staff": line.staff_id,
                "month": f"{claim.month:%Y-%m}",
                "salary": "1",
                "employer_ni": "0",
                "employer_pension": "0",
            },
        )
    )
    assert "is submitted: its lines can't change" in page
    line.refresh_from_db()
    assert line.salary != Decimal("1")


def test_a_draft_claim_is_submitted_then_paid_with_dates(demo, manager):
    claim = demo.network.claims.get(status=Claim.Status.DRAFT)
    response = manager.post(
        reverse("money:submit_claim", args=[claim.pk]),
        {
            "version": claim.version,
            "submitted_on_day": "10",
            "submitted_on_month": "11",
            "submitted_on_year": "2026",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "submitted" and claim.submitted_on == date(2026, 11, 10)
    assert claim.amount_claimed > 0
    manager.post(
        reverse("money:pay_claim", args=[claim.pk]),
        {
            "version": claim.version,
            "paid_on_day": "17",
            "paid_on_month": "11",
            "paid_on_year": "2026",
            "amount_paid": str(claim.amount_claimed),
        },
    )
    claim.refresh_from_db()
    assert claim.status == "paid" and claim.paid_on == date(2026, 11, 17)


def test_a_payment_before_submission_is_refused_beside_the_date_with_the_answers_kept(
    demo, manager
):
    claim = demo.network.claims.filter(status=Claim.Status.SUBMITTED).first()
    response = manager.post(
        reverse("money:pay_claim", args=[claim.pk]),
        {
            "version": claim.version,
            "paid_on_day": "1",
            "paid_on_month": "1",
            "paid_on_year": "2020",
            "amount_paid": "10",
        },
    )
    assert response.status_code == 200
    form = response.context["paid_form"]
    assert form.errors["paid_on"] == ["It can't have been paid before it was submitted."]
    page = text(response)
    assert "There is a problem" in page
    assert 'value="2020"' in page and 'value="10"' in page  # what was typed stays
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_a_submission_with_no_date_says_which_field(demo, manager):
    claim = demo.network.claims.get(status=Claim.Status.DRAFT)
    response = manager.post(
        reverse("money:submit_claim", args=[claim.pk]), {"version": claim.version}
    )
    assert response.status_code == 200
    assert "submitted_on" in response.context["submit_form"].errors
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


def test_the_claim_csv_has_one_row_per_line_and_the_rule_applied(demo, manager):
    claim = demo.network.claims.filter(status=Claim.Status.PAID).first()
    content = manager.get(reverse("money:claim_csv", args=[claim.pk])).content.decode()
    rows = content.strip().splitlines()
    assert rows[0].startswith("Month,Staff member,Role,WTE,Salary")
    assert len(rows) - 1 == demo.network.salary_lines.filter(month=claim.month).count()


def test_the_cash_flow_shows_what_is_owed_and_for_how_long(demo, manager):
    page = text(manager.get(reverse("money:claims")))
    owed = sum(c.amount_claimed for c in demo.network.claims.filter(status="submitted"))
    assert f"£{owed:,.2f}" in page and "Waiting" in page and "days" in page


def test_income_recorded_is_shared_out_to_the_penny(demo, manager):
    response = manager.post(
        reverse("money:income"),
        {
            "stream": "enhanced_access",
            "month": "2026-11",
            "amount": "40,000.01",
            "received_on_day": "20",
            "received_on_month": "11",
            "received_on_year": "2026",
        },
    )
    assert response.status_code == 302
    receipt = IncomeReceipt.objects.filter(network=demo.network).latest("recorded_at")
    assert sum(s.amount for s in receipt.shares.all()) == Decimal("40000.01")
    assert receipt.shares.count() == demo.network.practices.count()


def test_agreed_percentages_that_do_not_sum_to_100_are_refused(demo, manager):
    practices = list(demo.network.practices.all())
    data = {"basis": "agreed", **{f"pct_{p.ods_code}": "10" for p in practices}}
    page = text(manager.post(reverse("money:rule") + "?stream=core_registered", data))
    assert f"The percentages add up to {10 * len(practices)}, not 100." in page
    assert not demo.network.distribution_rules.filter(stream="core_registered").exists()


def test_agreed_percentages_summing_to_100_are_used_for_the_next_receipt(demo, manager):
    practices = list(demo.network.practices.all())
    data = {"basis": "agreed", **{f"pct_{p.ods_code}": "0" for p in practices}}
    data[f"pct_{practices[0].ods_code}"] = "100"
    assert manager.post(reverse("money:rule") + "?stream=enhanced_access", data).status_code == 302
    manager.post(
        reverse("money:income"),
        {
            "stream": "enhanced_access",
            "month": "2026-11",
            "amount": "500",
            "received_on_day": "20",
            "received_on_month": "11",
            "received_on_year": "2026",
        },
    )
    receipt = IncomeReceipt.objects.filter(network=demo.network, stream="enhanced_access").latest(
        "recorded_at"
    )
    assert receipt.shares.get(practice=practices[0]).amount == Decimal("500.00")


def test_the_statement_shows_income_costs_time_services_and_net(demo, manager):
    page = text(manager.get(reverse("money:statement", args=[DINGLE]) + "?year=2026/27&quarter=Q2"))
    assert "Total income" in page and "Pay of the people the practice employs" in page
    assert "Kept by the network before sharing" in page and "Clinical director" in page
    assert "sessions" in page and "Services it takes part in" in page
    content = manager.get(
        reverse("money:statement_csv", args=[DINGLE]) + "?quarter=Q2"
    ).content.decode()
    assert (
        "Income,Total income," in content and "Net,Income less the pay of its employees," in content
    )


def test_a_stale_claim_submission_is_refused_and_nothing_changes(demo, manager):
    claim = demo.network.claims.get(status=Claim.Status.DRAFT)
    stale = claim.version
    Claim.objects.filter(pk=claim.pk).update(version=stale + 1)
    response = manager.post(
        reverse("money:submit_claim", args=[claim.pk]),
        {
            "version": stale,
            "submitted_on_day": "10",
            "submitted_on_month": "11",
            "submitted_on_year": "2026",
        },
        follow=True,
    )
    assert "changed by someone else" in text(response)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT and claim.submitted_on is None


def test_a_claim_cannot_be_started_for_a_month_without_pay_lines_or_twice(demo, manager):
    claims = Claim.objects.filter(network=demo.network).count()
    page = text(manager.post(reverse("money:claims"), {"month": "2025-04"}))
    assert "There are no salary lines for April 2025 yet" in page
    page = text(manager.post(reverse("money:claims"), {"month": "2026-10"}))
    assert "Select a valid choice" in page or "already a claim" in page
    assert Claim.objects.filter(network=demo.network).count() == claims


def test_the_statement_shows_the_participation_payment_paid_to_the_practice(demo, manager):
    from pcn.networks.populations import network_populations

    row = next(r for r in network_populations(demo.network).rows if r.practice.ods_code == DINGLE)
    weighted = row.figures["weighted"].value
    expected = (Decimal("1.761") * weighted / 4).quantize(Decimal("0.01"))
    page = text(manager.get(reverse("money:statement", args=[DINGLE]) + "?year=2025/26&quarter=Q1"))
    assert f"£{expected:,}" in page and f"£1.761 × {weighted:,} weighted patients × 3/12" in page
