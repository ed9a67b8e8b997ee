"""Amounts that don't fit a pay line's columns (under £10 million) or aren't pounds at all
(1e30, NaN, inf) are refused with a message, in the form, the action and the CSV import, and
nothing is saved."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pcn.core.actions import ActionRefused
from pcn.money import actions
from pcn.money.exact import parse_amount
from pcn.money.models import SalaryLine
from tests.conftest import text

NOVEMBER = date(2026, 11, 1)
BAD = ["10000000", "10,000,000.00", "1e30", "1E5", "NaN", "inf", "-inf", "9" * 40]


@pytest.fixture
def pharmacist(demo):
    who = (
        demo.network.staff.filter(role_code="clinical-pharmacist", end_date__isnull=True)
        .order_by("pk")
        .first()
    )
    who.start_date = date(2025, 1, 1)
    who.save()
    SalaryLine.objects.filter(staff=who, month=NOVEMBER).delete()
    return who


@pytest.mark.parametrize("bad", ["1e30", "NaN", "inf", "-Infinity", "1E5", "9" * 40])
def test_text_that_is_not_pounds_is_not_read_as_an_amount(bad):
    with pytest.raises(ValueError):
        parse_amount(bad)


@pytest.mark.parametrize("bad", BAD)
def test_the_action_refuses_amounts_that_do_not_fit_naming_the_field(demo, pharmacist, bad):
    for field in ("salary", "employer_ni", "employer_pension"):
        amounts = {"salary": "4000", "employer_ni": "400", "employer_pension": "800", field: bad}
        with pytest.raises(ActionRefused) as refused:
            actions.enter_salary_line(
                network=demo.network,
                staff=pharmacist,
                month=NOVEMBER,
                by=demo.user("PCN manager"),
                **amounts,
            )
        assert refused.value.field == field
    assert not SalaryLine.objects.filter(staff=pharmacist, month=NOVEMBER).exists()


def test_the_largest_amount_that_fits_is_saved(demo, pharmacist):
    line = actions.enter_salary_line(
        network=demo.network,
        staff=pharmacist,
        month=NOVEMBER,
        salary="9,999,999.99",
        employer_ni="0",
        employer_pension="0",
        by=demo.user("PCN manager"),
    )
    line.refresh_from_db()
    assert str(line.salary) == "9999999.99"


@pytest.mark.parametrize("bad", ["10000000", "1e30", "NaN", "inf"])
def test_the_form_refuses_them_beside_the_field(demo, as_role, pharmacist, bad):
    response = as_role("PCN manager").post(
        reverse("money:salary_lines"),
        {
            "staff": pharmacist.pk,
            "month": "2026-11",
            "salary": bad,
            "employer_ni": "400",
            "employer_pension": "800",
        },
    )
    assert response.status_code == 200
    (error,) = response.context["form"].errors["salary"]
    assert error.startswith("Salary")
    assert not SalaryLine.objects.filter(staff=pharmacist, month=NOVEMBER).exists()


@pytest.mark.parametrize("bad", ["10000000.00", "1e30", "NaN", "inf"])
def test_the_import_refuses_them_and_saves_nothing(demo, as_role, pharmacist, bad):
    body = (
        "staff_id,month,salary,employer_ni,employer_pension\n"
        f"{pharmacist.pk},2026-10,4000.00,400.00,800.00\n"
        f"{pharmacist.pk},2026-11,{bad},400.00,800.00\n"
    )
    response = as_role("PCN manager").post(
        reverse("money:import_lines"),
        {"file": SimpleUploadedFile("big.csv", body.encode(), content_type="text/csv")},
    )
    assert response.status_code == 200
    page = text(response)
    assert "Nothing can be imported" in page and "Line 3, column salary: Salary" in page
    assert 'name="token"' not in page
    assert not SalaryLine.objects.filter(staff=pharmacist, month=NOVEMBER).exists()


def test_the_import_action_checks_amounts_again(demo, pharmacist):
    from decimal import Decimal

    rows = [
        (
            2,
            pharmacist,
            NOVEMBER,
            {
                "salary": Decimal("10000000"),
                "employer_ni": Decimal("0"),
                "employer_pension": Decimal("0"),
            },
        )
    ]
    with pytest.raises(ActionRefused) as refused:
        actions.import_salary_lines(network=demo.network, rows=rows, by=demo.user("PCN manager"))
    assert str(refused.value).startswith("Line 2: Salary must be less than £10,000,000.00")
    assert not SalaryLine.objects.filter(staff=pharmacist, month=NOVEMBER).exists()


def test_each_bad_amount_in_a_row_is_named(demo, as_role, pharmacist):
    body = (
        "staff_id,month,salary,employer_ni,employer_pension\n"
        f"{pharmacist.pk},2026-11,1e30,NaN,800.00\n"
    )
    response = as_role("PCN manager").post(
        reverse("money:import_lines"),
        {"file": SimpleUploadedFile("two.csv", body.encode(), content_type="text/csv")},
    )
    page = text(response)
    assert "Line 2, column salary: Salary: “1e30” is not an amount in pounds" in page
    assert "Line 2, column employer_ni: Employer NI: “NaN” is not an amount in pounds" in page
