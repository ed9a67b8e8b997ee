"""Every file people download opens in a spreadsheet as data: text that starts like a formula
is inert, numbers stay numbers, and our own exports import back as the values they came from."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pcn.core.spreadsheet_cells import csv_text, guard, unguard
from pcn.money.models import Claim, SalaryLine
from pcn.money.views.pay import IMPORT_KEY
from pcn.rota import actions as rota_actions
from pcn.rota.models import Assignment
from tests.conftest import text

LINK = '=HYPERLINK("http://x","y")'


def _rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _cells(rows):
    return [cell for row in rows for cell in row]


def _formula_cells(cells):
    return [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


def _workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def test_text_that_starts_like_a_formula_is_guarded_and_numbers_never_are():
    for text_cell in (LINK, "+44 151", "-5", "@SUM(A1)", "\tx", "\rx"):
        assert guard(text_cell) == "'" + text_cell
        assert unguard(guard(text_cell)) == text_cell
    for number in (-5, Decimal("-5.00"), -0.5, 12):
        assert guard(number) == number
    assert guard("Dr O'Neill") == "Dr O'Neill" and unguard("'quoted'") == "'quoted'"
    assert csv_text([[Decimal("-5.00"), "-5", LINK]], header=["a", "b", "c"]).splitlines() == [
        "a,b,c",
        '-5.00,\'-5,"\'=HYPERLINK(""http://x"",""y"")"',
    ]


@pytest.fixture
def linked(demo):
    """An ARRS pharmacist in post whose name is a formula."""
    person = demo.network.staff.filter(
        role_code="clinical-pharmacist", end_date__isnull=True
    ).first()
    person.full_name = LINK
    person.save()
    return person


def test_the_register_downloads_are_inert(demo, as_role, linked):
    client = as_role("PCN manager")
    cells = _cells(_rows(client.get(reverse("workforce:export_csv"))))
    assert "'" + LINK in cells and LINK not in cells
    sheet = _workbook(client.get(reverse("workforce:export_xlsx")))
    found = [c for row in sheet.iter_rows() for c in row if c.value == LINK]
    assert found and all(c.data_type == "s" and c.quotePrefix for c in found)


def test_the_salary_lines_download_is_inert_and_keeps_numbers(demo, as_role, linked):
    claim = demo.network.claims.get(status=Claim.Status.DRAFT)
    line = next(
        line for line in demo.network.salary_lines.filter(month=claim.month) if line.staff.invoiced
    )
    line.invoice_reference = LINK
    line.save()
    rows = _rows(
        as_role("PCN manager").get(
            reverse("money:salary_lines_csv") + f"?month={claim.month:%Y-%m}"
        )
    )
    assert _formula_cells(_cells(rows)) == []
    mine = next(r for r in rows[1:] if r[0] == str(line.staff_id))
    assert mine[6] == "'" + LINK and Decimal(mine[2]) == line.salary


def test_the_salary_lines_download_imports_back_as_it_was(demo, as_role):
    manager = as_role("PCN manager")
    claim = demo.network.claims.get(status=Claim.Status.DRAFT)
    lines = list(demo.network.salary_lines.filter(month=claim.month).order_by("pk"))
    # An invoice reference is for a role another provider invoices the network for.
    invoiced = next(line for line in lines if line.staff.invoiced)
    invoiced.invoice_reference = LINK
    invoiced.save()
    fields = ["salary", "employer_ni", "employer_pension", "vat", "invoice_reference"]
    before = {line.pk: [getattr(line, f) for f in fields] for line in lines}
    exported = manager.get(reverse("money:salary_lines_csv") + f"?month={claim.month:%Y-%m}")
    SalaryLine.objects.filter(pk__in=before).update(invoice_reference="changed")

    upload = SimpleUploadedFile("back.csv", exported.content, content_type="text/csv")
    preview = text(manager.post(reverse("money:import_lines"), {"file": upload}))
    assert IMPORT_KEY in manager.session, preview[preview.find("<main") :][:3000]
    token = manager.session[IMPORT_KEY]["token"]
    manager.post(reverse("money:confirm_import"), {"token": token})

    after = {
        line.pk: [getattr(line, f) for f in fields]
        for line in SalaryLine.objects.filter(pk__in=before)
    }
    assert after == before
    assert after[invoiced.pk][4] == LINK


def test_the_claim_download_is_inert_and_keeps_numbers(demo, as_role, linked):
    claim = demo.network.claims.get(status=Claim.Status.DRAFT)
    line = demo.network.salary_lines.filter(month=claim.month).first()
    line.staff.full_name = LINK
    line.staff.save()
    rows = _rows(as_role("PCN manager").get(reverse("money:claim_csv", args=[claim.pk])))
    assert _formula_cells(_cells(rows)) == []
    mine = next(r for r in rows[1:] if r[1] == "'" + LINK)
    assert Decimal(mine[4]) == line.salary


def test_the_statement_download_is_inert_and_keeps_numbers(demo, as_role):
    practice = demo.network.practices.get(ods_code="N82033")
    practice.name = LINK
    practice.save()
    rows = _rows(
        as_role("PCN manager").get(reverse("money:statement_csv", args=[practice.ods_code]))
    )
    assert rows[0][1] == "'" + LINK and _formula_cells(_cells(rows)) == []
    net = next(r for r in rows if r[:2] == ["Net", "Income less the pay of its employees"])
    Decimal(net[2])  # a number, written as one, whatever its sign


def test_the_rota_downloads_are_inert(demo, as_role, linked):
    manager = demo.user("PCN manager")
    monday = date(2026, 11, 23)
    plan = rota_actions.create_plan(network=demo.network, start=monday, weeks=1, by=manager)
    Assignment.objects.create(
        plan=plan,
        staff=linked,
        day=monday,
        session="AM",
        practice=demo.network.practices.first(),
        service="@SUM(1+1)",
    )
    client = as_role("PCN manager")
    rows = _rows(client.get(reverse("rota:export_csv", args=[plan.pk])))
    assert rows[1][3] == "'" + LINK and rows[1][7] == "'@SUM(1+1)"
    assert _formula_cells(_cells(rows)) == []
    sheet = _workbook(client.get(reverse("rota:export_xlsx", args=[plan.pk])))
    person, service = sheet.cell(2, 4), sheet.cell(2, 8)
    assert (person.value, service.value) == (LINK, "@SUM(1+1)")
    assert {person.data_type, service.data_type} == {"s"}
    assert person.quotePrefix and service.quotePrefix
