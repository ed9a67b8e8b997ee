"""Roles a federation or another provider invoices the network for: the line holds the invoice
amount before VAT, the VAT (at most 20%) and the invoice reference; NI and pension are 0; the
ARRS reimburses the invoice total including VAT, up to the role's maximum."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pcn.core.actions import ActionRefused
from pcn.money import actions
from pcn.money.claims import RoleTerms, lines_for
from pcn.money.models import SalaryLine
from pcn.workforce.models import Employer
from tests.conftest import text

NOVEMBER = date(2026, 11, 1)
OCTOBER = date(2026, 10, 1)


@pytest.fixture
def invoiced(demo):
    """A demo pharmacist now sub-contracted from a federation, with no lines for Oct-Nov 2026."""
    who = (
        demo.network.staff.filter(role_code="clinical-pharmacist", end_date__isnull=True)
        .order_by("pk")
        .first()
    )
    who.employer = Employer.FEDERATION
    who.employer_practice = None
    who.employer_name = "Liverpool GP Federation"
    who.start_date = date(2025, 1, 1)
    who.additionality_confirmed = True
    who.save()
    SalaryLine.objects.filter(staff=who, month__in=[OCTOBER, NOVEMBER]).delete()
    return who


def _invoice(demo, who, month=NOVEMBER, amount="4000.00", vat="800.00", reference="INV-1"):
    return actions.enter_invoice_line(
        network=demo.network,
        staff=who,
        month=month,
        invoice_amount=amount,
        vat=vat,
        invoice_reference=reference,
        by=demo.user("PCN manager"),
    )


def test_an_invoiced_line_costs_the_invoice_with_its_vat(demo, invoiced):
    line = _invoice(demo, invoiced)
    assert (line.salary, line.employer_ni, line.employer_pension, line.vat) == (
        Decimal("4000.00"),
        Decimal("0"),
        Decimal("0"),
        Decimal("800.00"),
    )
    assert line.invoice_reference == "INV-1" and line.actual_cost == Decimal("4800.00")
    terms = RoleTerms(demo.network)
    result = terms.reimburse(invoiced, NOVEMBER, line.actual_cost)
    assert result.amount == min(Decimal("4800.00"), result.cap)
    assert "invoice total including VAT" in result.rule


def test_an_invoice_over_the_maximum_is_reimbursed_the_maximum_and_says_so(demo, invoiced):
    line = _invoice(demo, invoiced, amount="9000.00", vat="1800.00")
    (found,) = [c for c in lines_for(demo.network, [NOVEMBER]) if c.line.pk == line.pk]
    assert found.result.amount == found.result.cap < Decimal("10800.00")
    assert "less than the invoice total including VAT" in found.result.rule


@pytest.mark.parametrize(
    ("vat", "message"),
    [
        ("800.01", "VAT can't be more than 20% of the invoice amount before VAT (£800.00)."),
        ("-1", "VAT can't be negative."),
        ("lots", "VAT: “lots” is not an amount in pounds, like 3,250.00."),
    ],
)
def test_vat_over_20_percent_or_negative_is_refused_naming_the_field(demo, invoiced, vat, message):
    with pytest.raises(ActionRefused) as refused:
        _invoice(demo, invoiced, vat=vat)
    assert refused.value.field == "vat" and str(refused.value) == message
    assert not SalaryLine.objects.filter(staff=invoiced, month=NOVEMBER).exists()


def test_salary_for_an_invoiced_role_and_an_invoice_for_an_employed_one_are_refused(demo, invoiced):
    manager = demo.user("PCN manager")
    with pytest.raises(ActionRefused) as refused:
        actions.enter_salary_line(
            network=demo.network,
            staff=invoiced,
            month=NOVEMBER,
            salary="4000",
            employer_ni="400",
            employer_pension="800",
            by=manager,
        )
    assert refused.value.field == "staff"
    employed = demo.network.staff.filter(role_code="clinical-pharmacist").exclude(pk=invoiced.pk)[0]
    with pytest.raises(ActionRefused) as refused:
        _invoice(demo, employed)
    assert refused.value.field == "staff"


def test_the_pay_line_form_takes_the_invoice_and_the_claim_shows_it(demo, as_role, invoiced):
    manager = as_role("PCN manager")
    response = manager.post(
        reverse("money:salary_lines"),
        {
            "staff": invoiced.pk,
            "month": "2026-11",
            "invoice_amount": "4,000.00",
            "vat": "800",
            "invoice_reference": "FED-2026-11",
        },
    )
    assert response.status_code == 302
    line = SalaryLine.objects.get(staff=invoiced, month=NOVEMBER)
    assert line.actual_cost == Decimal("4800.00") and line.invoice_reference == "FED-2026-11"
    page = text(manager.get(reverse("money:salary_lines") + "?month=2026-11"))
    assert "invoice before VAT £4,000.00" in page and "VAT £800.00" in page
    assert "invoice FED-2026-11" in page


def test_the_form_refuses_too_much_vat_beside_the_field(demo, as_role, invoiced):
    response = as_role("PCN manager").post(
        reverse("money:salary_lines"),
        {"staff": invoiced.pk, "month": "2026-11", "invoice_amount": "100", "vat": "21"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["vat"] == [
        "VAT can't be more than 20% of the invoice amount before VAT (£20.00)."
    ]
    assert not SalaryLine.objects.filter(staff=invoiced, month=NOVEMBER).exists()


def _upload(client, body):
    return client.post(
        reverse("money:import_lines"),
        {"file": SimpleUploadedFile("invoices.csv", body.encode(), content_type="text/csv")},
    )


def test_the_import_takes_vat_and_invoice_reference_columns(demo, as_role, invoiced):
    manager = as_role("PCN manager")
    body = (
        "staff_id,month,salary,employer_ni,employer_pension,vat,invoice_reference\n"
        f"{invoiced.pk},2026-11,4000.00,0,0,800.00,FED-11\n"
        f"{invoiced.pk},2026-10,3000.00,,,0,FED-10\n"
    )
    page = text(_upload(manager, body))
    assert "2 pay lines will be saved" in page, page
    token = page.split('name="token" value="')[1].split('"')[0]
    assert manager.post(reverse("money:confirm_import"), {"token": token}).status_code == 302
    november = SalaryLine.objects.get(staff=invoiced, month=NOVEMBER)
    assert (november.vat, november.invoice_reference, november.actual_cost) == (
        Decimal("800.00"),
        "FED-11",
        Decimal("4800.00"),
    )
    assert SalaryLine.objects.get(staff=invoiced, month=OCTOBER).actual_cost == Decimal("3000.00")


def test_the_import_refuses_too_much_vat_and_saves_nothing(demo, as_role, invoiced):
    body = (
        "staff_id,month,salary,employer_ni,employer_pension,vat,invoice_reference\n"
        f"{invoiced.pk},2026-10,4000.00,0,0,800.00,FED-10\n"
        f"{invoiced.pk},2026-11,4000.00,0,0,900.00,FED-11\n"
    )
    page = text(_upload(as_role("PCN manager"), body))
    assert "Nothing can be imported" in page
    assert (
        "Line 3, column vat: VAT can't be more than 20% of the invoice amount before VAT "
        "(£800.00)." in page
    )
    assert not SalaryLine.objects.filter(staff=invoiced).filter(month__gte=OCTOBER).exists()
