"""Pay is for the PCN manager and the clinical director; a practice manager sees the network
totals and their own statement, never another practice's ledger or anyone's pay."""

import pytest
from django.urls import reverse

from pcn.money.models import Claim, IncomeReceipt, PaymentRate, SalaryLine
from tests.conftest import signed_in, text
from tests.test_permissions import ROLES

DINGLE = "N82033"
ABERCROMBY = "N82054"
DINGLE_PM = "Practice manager of Dingle Park Practice"
NOT_MANAGER = [r for r in ROLES if r != "PCN manager"]
NOT_LEADERSHIP = [r for r in ROLES if r not in ("PCN manager", "Clinical director")]


@pytest.mark.parametrize("role", NOT_LEADERSHIP)
def test_only_leadership_sees_a_claim_its_lines_and_its_csv(demo, role):
    claim = demo.network.claims.first()
    client = signed_in(demo.user(role))
    for name in ("money:claim", "money:claim_csv"):
        assert client.get(reverse(name, args=[claim.pk])).status_code == 403
    assert client.get(reverse("money:salary_lines_csv") + "?month=2026-10").status_code == 403


def test_the_clinical_director_reads_pay_but_cannot_change_it(demo):
    client = signed_in(demo.user("Clinical director"))
    claim = demo.network.claims.get(status=Claim.Status.DRAFT)
    page = text(client.get(reverse("money:claim", args=[claim.pk])))
    assert "Reimbursable" in page and "Record the claim as submitted" not in page
    response = client.post(
        reverse("money:submit_claim", args=[claim.pk]),
        {
            "version": claim.version,
            "submitted_on_day": "1",
            "submitted_on_month": "11",
            "submitted_on_year": "2026",
        },
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


@pytest.mark.parametrize("role", NOT_MANAGER)
def test_only_the_pcn_manager_changes_money(demo, role):
    client = signed_in(demo.user(role))
    claim = demo.network.claims.filter(status=Claim.Status.SUBMITTED).first()
    person = demo.network.staff.filter(role_code="clinical-pharmacist").first()
    lines, receipts, rates = (
        SalaryLine.objects.count(),
        IncomeReceipt.objects.count(),
        PaymentRate.objects.count(),
    )
    refused = [
        client.post(
            reverse("money:set_rate"),
            {"year": "2026/27", "stream": "arrs", "value": "30", "source": "x"},
        ),
        client.post(
            reverse("money:profile"),
            {"version": 2, "pay_area": "national", "mental_health_agreement": "yes"},
        ),
        client.post(
            reverse("money:salary_lines"),
            {
                "staff": person.pk,
                "month": "2026-11",
                "salary": "1",
                "employer_ni": "0",
                "employer_pension": "0",
            },
        ),
        client.post(reverse("money:claims"), {"month": "2026-11"}),
        client.post(reverse("money:pay_claim", args=[claim.pk]), {"version": claim.version}),
        client.post(
            reverse("money:income"), {"stream": "arrs", "month": "2026-11", "amount": "10"}
        ),
        client.post(reverse("money:rule") + "?stream=arrs", {"basis": "equal"}),
        client.post(reverse("money:import_lines"), {}),
        client.post(reverse("money:confirm_import"), {"token": "x"}),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    assert (
        SalaryLine.objects.count(),
        IncomeReceipt.objects.count(),
        PaymentRate.objects.count(),
    ) == (lines, receipts, rates)


def test_a_practice_manager_opens_their_own_statement_only(demo):
    client = signed_in(demo.user(DINGLE_PM))
    response = client.get(reverse("money:statements"))
    assert response.status_code == 302 and response.url == reverse("money:statement", args=[DINGLE])
    assert client.get(reverse("money:statement", args=[DINGLE])).status_code == 200
    for name in ("money:statement", "money:statement_csv", "money:statement_print"):
        assert client.get(reverse(name, args=[ABERCROMBY])).status_code == 403
    assert client.get(reverse("money:ledger")).status_code == 403


def test_a_practice_manager_sees_network_totals_but_no_pay_links(demo):
    client = signed_in(demo.user(DINGLE_PM))
    overview = text(client.get(reverse("money:overview")))
    assert (
        "forecast to go unclaimed" in overview and "Statement for Dingle Park Practice" in overview
    )
    for page in (overview, text(client.get(reverse("money:forecast")))):
        assert reverse("money:claims") not in page and reverse("money:salary_lines") not in page
        assert "Recruitment what-if" not in page
    names = [str(p) for p in demo.network.staff.filter(role_code="clinical-pharmacist")[:3]]
    income = text(client.get(reverse("money:income")))
    assert not any(name in income for name in names)


def test_staff_see_no_money_at_all(demo):
    client = signed_in(demo.user("Staff member"))
    assert client.get(reverse("money:overview")).status_code == 403
    assert client.get(reverse("money:statements")).status_code == 403
    assert (
        "Money"
        not in text(client.get(reverse("home:overview"))).split("</nav>")[0].split("Overview")[-1]
    )
