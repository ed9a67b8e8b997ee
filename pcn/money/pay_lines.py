"""A month's pay line as typed or read from a file, checked before it is saved.

Someone employed by a member practice, the lead practice or the network's own body has a salary,
employer NI and employer pension. For a role a federation or another provider invoices the
network for (`StaffMember.invoiced`), the line holds the invoice instead: its amount before VAT
(kept in `salary`), the VAT charged and the invoice's reference, with NI and pension 0; the
ARRS reimburses the invoice total including VAT, up to the role's maximum.
"""

from decimal import Decimal

from pcn.core.actions import ActionRefused

from .exact import ZERO, parse_amount, pennies, pounds

# SalaryLine's amount columns hold 9 digits, 2 of them pence.
LINE_LIMIT = Decimal("10000000")
VAT_RATE = Decimal("0.20")  # the standard rate: VAT on an invoice is at most this
REFERENCE_LIMIT = 60
AMOUNT_FIELDS = ["salary", "employer_ni", "employer_pension", "vat"]
LABELS = {
    "salary": "Salary",
    "employer_ni": "Employer NI",
    "employer_pension": "Employer pension",
    "vat": "VAT",
    "invoice_amount": "Invoice amount before VAT",
}


def amount(text, field, label=None, *, blank_is_zero=False, where=""):
    """Text typed or read as pounds -> Decimal, refused (naming `field`) unless it is pounds and
    pence from £0 to less than £10 million."""
    label = label or LABELS[field]
    if blank_is_zero and not str(text if text is not None else "").strip():
        return ZERO
    try:
        value = parse_amount(text)
    except ValueError as problem:
        raise ActionRefused(f"{where}{label}: {problem}", field=field) from None
    return _in_range(value, field, label, where)


def _in_range(value, field, label, where):
    if not value.is_finite():
        raise ActionRefused(f"{where}{label} is not an amount in pounds.", field=field)
    if value < 0:
        raise ActionRefused(f"{where}{label} can't be negative.", field=field)
    if value >= LINE_LIMIT:
        raise ActionRefused(f"{where}{label} must be less than {pounds(LINE_LIMIT)}.", field=field)
    return value


def most_vat(net):
    return pennies(Decimal(net) * VAT_RATE)


def employed(staff, *, salary, employer_ni, employer_pension, where=""):
    """The amounts of a line for someone the network or a practice employs."""
    return checked(
        staff,
        {
            "salary": amount(salary, "salary", where=where),
            "employer_ni": amount(employer_ni, "employer_ni", where=where),
            "employer_pension": amount(employer_pension, "employer_pension", where=where),
            "vat": ZERO,
            "invoice_reference": "",
        },
        where=where,
    )


def invoice(staff, *, invoice_amount, vat, invoice_reference, where="", net_field="invoice_amount"):
    """The amounts of a line for an invoiced role; `net_field` names where the amount before VAT
    was typed (the file's column is `salary`)."""
    return checked(
        staff,
        {
            "salary": amount(invoice_amount, net_field, LABELS["invoice_amount"], where=where),
            "employer_ni": ZERO,
            "employer_pension": ZERO,
            "vat": amount(vat, "vat", blank_is_zero=True, where=where),
            "invoice_reference": (invoice_reference or "").strip(),
        },
        where=where,
        net_field=net_field,
    )


def checked(staff, amounts, *, where="", net_field="salary"):
    """`amounts` ({salary, employer_ni, employer_pension, vat, invoice_reference}) if they fit
    the person's employer and the columns; otherwise refused, naming the field."""
    amounts = dict(amounts)
    amounts.setdefault("vat", ZERO)
    amounts.setdefault("invoice_reference", "")
    for name in AMOUNT_FIELDS:
        field = net_field if name == "salary" and staff.invoiced else name
        label = LABELS["invoice_amount"] if field == "invoice_amount" else LABELS[name]
        amounts[name] = _in_range(Decimal(amounts[name]), field, label, where)
    if staff.invoiced:
        if amounts["employer_ni"] or amounts["employer_pension"]:
            raise ActionRefused(
                f"{where}{staff}'s employer invoices the network: NI and pension are part of the "
                "invoice, so they are 0 here.",
                field="employer_ni" if amounts["employer_ni"] else "employer_pension",
            )
        if amounts["vat"] > most_vat(amounts["salary"]):
            raise ActionRefused(
                f"{where}VAT can't be more than 20% of the invoice amount before VAT "
                f"({pounds(most_vat(amounts['salary']))}).",
                field="vat",
            )
        if len(amounts["invoice_reference"]) > REFERENCE_LIMIT:
            raise ActionRefused(
                f"{where}The invoice reference is longer than {REFERENCE_LIMIT} characters.",
                field="invoice_reference",
            )
    elif amounts["vat"] or amounts["invoice_reference"]:
        raise ActionRefused(
            f"{where}{staff} is not invoiced for: VAT and an invoice reference are only for a "
            "role a federation or another provider invoices the network for.",
            field="vat" if amounts["vat"] else "invoice_reference",
        )
    return amounts
