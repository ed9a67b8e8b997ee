"""Salary lines from a CSV file: a preview first, every problem named by line and column, and
nothing saved unless every line is good."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pcn.money.models import SalaryLine
from tests.conftest import text

HEADER = "staff_id,month,salary,employer_ni,employer_pension\n"


def _pharmacists(demo):
    people = list(
        demo.network.staff.filter(role_code="clinical-pharmacist", end_date__isnull=True).order_by(
            "pk"
        )
    )
    for person in people:
        person.start_date = date(2025, 1, 1)
        person.save()
    SalaryLine.objects.filter(staff__in=people, month=date(2026, 11, 1)).delete()
    return people


def _upload(client, body, name="november.csv"):
    return client.post(
        reverse("money:import_lines"),
        {"file": SimpleUploadedFile(name, body.encode(), content_type="text/csv")},
    )


def test_a_good_file_is_previewed_then_imported(demo, as_role):
    manager = as_role("PCN manager")
    a, b = _pharmacists(demo)[:2]
    body = HEADER + f'{a.pk},2026-11,4000.00,450.00,827.20\n{b.pk},2026-11,"3,900.50",440,806.62\n'
    page = text(_upload(manager, body))
    assert "2 pay lines will be saved" in page and str(a) in page
    assert not SalaryLine.objects.filter(staff=a, month=date(2026, 11, 1)).exists()
    token = page.split('name="token" value="')[1].split('"')[0]
    response = manager.post(reverse("money:confirm_import"), {"token": token})
    assert response.status_code == 302
    line = SalaryLine.objects.get(staff=b, month=date(2026, 11, 1))
    assert line.salary == Decimal("3900.50") and line.actual_cost == Decimal("5147.12")


def test_a_file_with_bad_rows_names_each_line_and_column_and_saves_nothing(demo, as_role):
    manager = as_role("PCN manager")
    a, b = _pharmacists(demo)[:2]
    b.start_date = date(2026, 12, 1)
    b.save()
    body = (
        HEADER
        + f"{a.pk},2026-11,4000.00,450.00,827.20\n"
        + "999999,2026-11,1,1,1\n"
        + f"{a.pk},November,1,1,1\n"
        + f"{a.pk},2026-10,lots,1,1\n"
        + f"{b.pk},2026-11,1,1,1\n"
    )
    page = text(_upload(manager, body))
    assert "Nothing can be imported" in page
    assert "Line 3, column staff_id: No one in this network's register has the id “999999”." in page
    assert "Line 4, column month: “November” is not a month" in page
    assert "Line 5, column salary: Salary: “lots” is not an amount" in page
    assert f"Line 6, column month: {b} was not in post in November 2026." in page
    assert 'name="token"' not in page
    assert not SalaryLine.objects.filter(staff=a, month=date(2026, 11, 1)).exists()


def test_a_file_without_the_columns_is_refused_naming_them(demo, as_role):
    page = text(_upload(as_role("PCN manager"), "person,month,pay\n1,2026-11,5\n"))
    assert "Line 1, column staff_id, salary, employer_ni, employer_pension" in page


def test_a_stale_confirmation_imports_nothing(demo, as_role):
    manager = as_role("PCN manager")
    before = SalaryLine.objects.count()
    response = manager.post(reverse("money:confirm_import"), {"token": "not-the-one"}, follow=True)
    assert "Nothing was imported" in text(response)
    assert SalaryLine.objects.count() == before


def test_a_months_lines_download_in_the_import_layout(demo, as_role):
    content = (
        as_role("PCN manager")
        .get(reverse("money:salary_lines_csv") + "?month=2026-10")
        .content.decode()
    )
    assert content.splitlines()[0] == (
        "staff_id,month,salary,employer_ni,employer_pension,vat,invoice_reference,name"
    )
    assert (
        len(content.strip().splitlines()) - 1
        == demo.network.salary_lines.filter(month=date(2026, 10, 1)).count()
    )
