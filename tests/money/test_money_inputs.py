"""Every money input shares one reading of pounds and one bound, the column's own (issue 15,
item 3): a figure its column can't hold, or that isn't pounds (1e30, NaN, Infinity), is refused
on the form beside the field, naming it and the limit, and nothing is saved."""

from decimal import Decimal

import pytest
from django import forms as django_forms
from django.urls import reverse

from pcn.core.actions import ActionRefused
from pcn.core.fields import MoneyField, column_limit, read_money
from pcn.money import forms
from pcn.money.models import (
    Claim,
    FirstCall,
    IncomeReceipt,
    NetworkMaximum,
    PaymentRate,
    SalaryLine,
)

NOT_POUNDS = ["1e30", "NaN", "Infinity", "-inf", "1E5", "0x10", "١٢", "9" * 40]


def column(model, name):
    return model._meta.get_field(name)


@pytest.mark.parametrize(
    "model, name, limit",
    [
        (SalaryLine, "salary", "10000000"),
        (PaymentRate, "value", "10000000"),
        (Claim, "amount_paid", "1000000000"),
        (IncomeReceipt, "amount", "1000000000"),
    ],
)
def test_the_bound_is_the_columns_own(model, name, limit):
    field = column(model, name)
    assert column_limit(field) == Decimal(limit)
    top = Decimal(limit) - Decimal(1).scaleb(-field.decimal_places)
    assert read_money(str(top), column=field, label="It") == top
    with pytest.raises(ActionRefused) as refused:
        read_money(limit, column=field, label="It", field="it")
    assert refused.value.field == "it"
    assert str(refused.value) == f"It must be less than £{Decimal(limit):,.2f}."


@pytest.mark.parametrize("bad", NOT_POUNDS)
def test_text_that_is_not_pounds_is_refused_naming_the_field(bad):
    with pytest.raises(ActionRefused) as refused:
        read_money(bad, column=column(SalaryLine, "salary"), label="Salary")
    assert refused.value.field == "salary" and str(refused.value).startswith("Salary")


def _money_fields():
    for name in dir(forms):
        form = getattr(forms, name)
        if isinstance(form, type) and issubclass(form, django_forms.Form):
            for field_name, field in form.base_fields.items():
                yield form, field_name, field


def test_every_money_input_of_the_money_forms_is_a_money_field_bound_by_its_column():
    money = [(f, n, fl) for f, n, fl in _money_fields() if "£" in str(fl.label or "")]
    assert len(money) >= 9
    for form, name, field in money:
        assert isinstance(field, MoneyField), f"{form.__name__}.{name}"
        assert field.column.model in (SalaryLine, PaymentRate, Claim, IncomeReceipt,
                                      NetworkMaximum, FirstCall)  # fmt: skip


@pytest.mark.parametrize("bad", ["1e30", "NaN", "Infinity", "99999999999.99"])
@pytest.mark.parametrize(
    "url, data, field",
    [
        (
            "money:set_rate",
            {"year": "2026/27", "stream": "core_registered", "source": "DES"},
            "value",
        ),
        (
            "money:income",
            {"stream": "core_registered", "month": "2026-10", "received_on_day": "1",
             "received_on_month": "11", "received_on_year": "2026"},
            "amount",
        ),
        (
            "money:add_first_call",
            {"year": "2026/27", "stream": "core_registered", "name": "Clinical director",
             "agreed_in": "Schedule 2"},
            "annual_amount",
        ),
    ],
)  # fmt: skip
def test_each_money_form_refuses_it_beside_the_field(demo, as_role, url, data, field, bad):
    before = (PaymentRate.objects.count(), IncomeReceipt.objects.count(), FirstCall.objects.count())
    response = as_role("PCN manager").post(reverse(url), {**data, field: bad})
    assert response.status_code == 200
    (error,) = response.context["form"].errors[field]
    assert "must be less than" in error or "not an amount" in error or "too large" in error
    after = (PaymentRate.objects.count(), IncomeReceipt.objects.count(), FirstCall.objects.count())
    assert after == before
