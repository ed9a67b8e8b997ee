"""Form fields shaped like the NHS.UK design system's components, and the one place typed dates
(`date_from_parts`, `iso_date`) and amounts of money (`read_money`, `MoneyField`) are read."""

import re
from datetime import date
from decimal import Decimal

from django import forms

from .refusals import ActionRefused

# A date the service keeps: anything outside these years is a typing slip, not a date of ours.
FIRST_YEAR, LAST_YEAR = 2000, 2100
NUMBER = re.compile(r"[0-9]{1,4}")
ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def date_from_parts(day, month, year):
    """The date of day, month and year typed as text, or ValueError: not numbers, not a real
    date (30 February), or far too large for a date at all (year 99999999999999999999)."""
    parts = [str(p if p is not None else "").strip() for p in (day, month, year)]
    if not all(NUMBER.fullmatch(p) for p in parts):
        raise ValueError("not a date")
    day, month, year = (int(p) for p in parts)
    return date(year, month, day)  # ValueError for 30 February, month 13, year 0


def iso_date(text):
    """A date written 2026-11-18 (as pages send it back), or ValueError."""
    match = ISO_DATE.fullmatch(str(text if text is not None else "").strip())
    if not match:
        raise ValueError("not a date")
    year, month, day = match.groups()
    return date_from_parts(day, month, year)


class DayMonthYearWidget(forms.MultiWidget):
    def __init__(self, attrs=None):
        super().__init__(
            {"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput}, attrs
        )

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year boxes (the NHS date input pattern)."""

    widget = DayMonthYearWidget

    def __init__(self, **kwargs):
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def compress(self, values):
        if not values or not any(values):
            if self.required:
                raise forms.ValidationError(
                    f"Enter the {self.label.lower()} as day, month and year."
                )
            return None
        day, month, year = (values + [None, None, None])[:3]
        if not (day and month and year):
            raise forms.ValidationError(f"{self.label} must include a day, month and year.")
        try:
            value = date_from_parts(day, month, year)
        except ValueError:
            raise forms.ValidationError(
                f"{self.label} must be a real date, like 1 1 2026."
            ) from None
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise forms.ValidationError(
                f"{self.label} must be a year between {FIRST_YEAR} and {LAST_YEAR}."
            )
        return value


# Money ------------------------------------------------------------------------------------------

# Digits and a point only: no exponents ("1e30"), "NaN" or "Infinity", all of which Decimal reads.
AMOUNT_TEXT = re.compile(r"-?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
LONGEST_POUNDS = 12  # whole-pound digits read at all: beyond any column of ours


def read_pounds(text, *, places=2):
    """ "£1,234.50" -> Decimal("1234.50"), or ValueError with a reader's message: not pounds,
    more than `places` decimal places, or absurdly long."""
    cleaned = str(text if text is not None else "").replace(",", "").replace("£", "").strip()
    if not cleaned:
        raise ValueError("Enter an amount in pounds, like 3,250.00.")
    if not AMOUNT_TEXT.fullmatch(cleaned):
        raise ValueError(f"“{_short(text)}” is not an amount in pounds, like 3,250.00.")
    if len(cleaned.lstrip("-").split(".")[0].lstrip("0")) > LONGEST_POUNDS:
        raise ValueError(f"“{_short(text)}” is too large to be an amount here.")
    amount = Decimal(cleaned)
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        if places == 2:
            raise ValueError(f"“{_short(text)}” has fractions of a penny.")
        raise ValueError(f"“{_short(text)}” has more than {places} decimal places.")
    return amount


def _short(text, most=40):
    text = str(text)
    return text if len(text) <= most else text[: most - 1] + "…"


def column_limit(column):
    """The first amount a DecimalField can't hold: 10 ** (max_digits - decimal_places), so
    £10,000,000.00 for a column of 9 digits, 2 of them pence."""
    return Decimal(10) ** (column.max_digits - column.decimal_places)


def show_pounds(amount, places=2):
    return f"£{amount:,.{places}f}"


def read_money(text, *, column, label, field=None, blank_is_zero=False, where=""):
    """Text typed or read from a file as an amount for `column` (a model's DecimalField), or
    ActionRefused naming `field` (the column's name unless given) and the limit: not pounds,
    negative, or too large for the column. Every money input goes through here, so the bound
    is the column's own and can't drift from it."""
    field = field or column.name
    places = column.decimal_places
    if blank_is_zero and not str(text if text is not None else "").strip():
        return Decimal(0).quantize(Decimal(1).scaleb(-places))
    try:
        value = read_pounds(text, places=places)
    except ValueError as problem:
        raise ActionRefused(f"{where}{label}: {problem}", field=field) from None
    return check_money(value, column=column, label=label, field=field, where=where)


def check_money(value, *, column, label, field=None, where=""):
    """A Decimal already read (a preview's row, another action's figure) checked against
    `column` as `read_money` checks text."""
    field = field or column.name
    value = Decimal(value)
    if not value.is_finite():
        raise ActionRefused(f"{where}{label} is not an amount in pounds.", field=field)
    if value < 0:
        raise ActionRefused(f"{where}{label} can't be negative.", field=field)
    limit = column_limit(column)
    if value >= limit:
        raise ActionRefused(
            f"{where}{label} must be less than {show_pounds(limit)}.",
            field=field,
        )
    return value.quantize(Decimal(1).scaleb(-column.decimal_places))


class MoneyField(forms.CharField):
    """An amount in pounds for a model's DecimalField `column`: refused on the form, beside the
    field and naming it (`what`), when it is not pounds or doesn't fit the column. Cleans to a
    Decimal, or None when left blank and not required."""

    def __init__(self, *, column, what, **kwargs):
        self.column, self.what = column, what
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return read_money(text, column=self.column, label=self.what)
        except ActionRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None
