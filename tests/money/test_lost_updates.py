"""Two people changing the same pay line or payment rate (issue 15, item 11): the second save is
refused with what the first saved, and nothing the first saved is lost."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pcn.core.refusals import StaleEdit
from pcn.money import actions
from pcn.money.models import PaymentRate, SalaryLine
from tests.conftest import signed_in, text

NOVEMBER = date(2026, 11, 1)


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


@pytest.fixture
def line(demo, pharmacist):
    return actions.enter_salary_line(
        network=demo.network,
        staff=pharmacist,
        month=NOVEMBER,
        salary="4000",
        employer_ni="400",
        employer_pension="800",
        by=demo.user("PCN manager"),
    )


def _opened(client, pharmacist):
    """The pay page opened to change the person's November line: the form's values."""
    page = client.get(reverse("money:salary_lines"), {"month": "2026-11", "staff": pharmacist.pk})
    form = page.context["form"]
    return {name: form[name].value() for name in form.fields if form[name].value() is not None}


def test_the_second_of_two_edits_of_a_pay_line_is_refused_with_the_first(demo, line, pharmacist):
    first = signed_in(demo.user("PCN manager"))
    second = signed_in(demo.user("PCN manager"))
    mine, theirs = _opened(first, pharmacist), _opened(second, pharmacist)
    assert mine["salary"] == Decimal("4000.00") and mine["version"] == line.version
    saved = first.post(reverse("money:salary_lines"), {**mine, "salary": "4100"})
    assert saved.status_code == 302
    refused = second.post(reverse("money:salary_lines"), {**theirs, "salary": "4200"})
    assert refused.status_code == 200
    page = text(refused)
    assert "changed by someone else" in page
    assert "salary £4,100.00, employer NI £400.00, employer pension £800.00" in page
    line.refresh_from_db()
    assert line.salary == Decimal("4100.00")
    again = second.post(reverse("money:salary_lines"), {**_opened(second, pharmacist),
                                                        "salary": "4200"})  # fmt: skip
    assert again.status_code == 302


def test_a_new_line_someone_else_saved_first_is_not_replaced(demo, pharmacist):
    manager = demo.user("PCN manager")
    form = {"staff": pharmacist.pk, "month": "2026-11", "employer_ni": "400",
            "employer_pension": "800"}  # fmt: skip
    first, second = signed_in(manager), signed_in(manager)
    assert first.post(reverse("money:salary_lines"), {**form, "salary": "4000"}).status_code == 302
    refused = second.post(reverse("money:salary_lines"), {**form, "salary": "5000"})
    assert "changed by someone else" in text(refused)
    assert SalaryLine.objects.get(staff=pharmacist, month=NOVEMBER).salary == Decimal("4000.00")


def test_the_action_refuses_a_stale_version(demo, line, pharmacist):
    with pytest.raises(StaleEdit):
        actions.enter_salary_line(
            network=demo.network,
            staff=pharmacist,
            month=NOVEMBER,
            salary="1",
            employer_ni="0",
            employer_pension="0",
            version=line.version + 1,
            by=demo.user("PCN manager"),
        )
    line.refresh_from_db()
    assert line.salary == Decimal("4000.00")


def test_a_line_changed_between_checking_a_file_and_importing_it_stops_the_import(
    demo, as_role, line, pharmacist
):
    manager = as_role("PCN manager")
    body = (
        "staff_id,month,salary,employer_ni,employer_pension\n"
        f"{pharmacist.pk},2026-10,3000.00,300.00,600.00\n"
        f"{pharmacist.pk},2026-11,4500.00,450.00,900.00\n"
    )
    preview = text(
        manager.post(
            reverse("money:import_lines"),
            {"file": SimpleUploadedFile("lines.csv", body.encode(), content_type="text/csv")},
        )
    )
    token = preview.split('name="token" value="')[1].split('"')[0]
    actions.enter_salary_line(
        network=demo.network,
        staff=pharmacist,
        month=NOVEMBER,
        salary="4100",
        employer_ni="400",
        employer_pension="800",
        version=line.version,
        by=demo.user("PCN manager"),
    )
    response = manager.post(reverse("money:confirm_import"), {"token": token}, follow=True)
    page = text(response)
    assert "Nothing was imported" in page and "Line 3" in page and "salary £4,100.00" in page
    assert SalaryLine.objects.get(staff=pharmacist, month=NOVEMBER).salary == Decimal("4100.00")
    october = SalaryLine.objects.filter(staff=pharmacist, month=date(2026, 10, 1)).first()
    assert october is None or october.salary != Decimal("3000.00")


def test_the_second_of_two_edits_of_a_payment_rate_is_refused_with_the_first(demo):
    first = signed_in(demo.user("PCN manager"))
    second = signed_in(demo.user("PCN manager"))
    url = reverse("money:set_rate")
    data = {"year": "2026/27", "stream": "core_registered", "source": "DES table 1"}
    PaymentRate.objects.filter(network=demo.network, year="2026/27").delete()
    assert first.post(url, {**data, "value": "1.761"}).status_code == 302

    def opened(client):
        form = client.get(url, {"year": "2026/27", "stream": "core_registered"}).context["form"]
        return {name: form[name].value() for name in form.fields}

    mine, theirs = opened(first), opened(second)
    assert mine["value"] == "£1.761"
    assert first.post(url, {**mine, "value": "1.800"}).status_code == 302
    refused = second.post(url, {**theirs, "value": "1.900"})
    assert refused.status_code == 200
    page = text(refused)
    assert "changed by someone else" in page and "£1.80, from DES table 1" in page
    rate = PaymentRate.objects.get(network=demo.network, year="2026/27", stream="core_registered")
    assert rate.value == Decimal("1.800")
    blank = second.post(url, {**data, "value": "2.000"})  # opened before any rate was entered
    assert "changed by someone else" in text(blank)
