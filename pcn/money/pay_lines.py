"""A month's pay line as typed or read from a file, checked before it is saved.

Someone employed by a member practice, the lead practice or the network's own body has a salary,
employer NI and employer pension. For a role a federation or another provider invoices the
network for (`StaffMember.invoiced`), the line holds the invoice instead: its amount before VAT
(kept in `salary`), the VAT charged and the invoice's reference, with NI and pension 0; the
ARRS reimburses the invoice total including VAT, up to the role's maximum.
"""

from decimal import Decimal

from pcn.core.actions import ActionRefused
from pcn.core.fields import check_money, column_limit, read_money

from .exact import ZERO, pennies, pounds
from .models import SalaryLine

# SalaryLine's amount columns (9 digits, 2 of them pence: under £10 million).
COLUMN = {name: SalaryLine._meta.get_field(name) for name in ["salary", "employer_ni",
          "employer_pension", "vat"]}  # fmt: skip
COLUMN["invoice_amount"] = COLUMN["salary"]
LINE_LIMIT = column_limit(COLUMN["salary"])
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
    return read_money(
        text,
        column=COLUMN[field],
        label=label or LABELS[field],
        field=field,
        blank_is_zero=blank_is_zero,
        where=where,
    )


def _in_range(value, field, label, where):
    return check_money(value, column=COLUMN[field], label=label, field=field, where=where)


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


def describe(line):
    """What a saved line holds, in words: for a refusal that shows the current values."""
    if line.staff.invoiced:
        parts = [
            f"invoice amount before VAT {pounds(line.salary)}",
            f"VAT {pounds(line.vat)}",
            f"invoice reference “{line.invoice_reference}”" if line.invoice_reference else "",
        ]
    else:
        parts = [
            f"salary {pounds(line.salary)}",
            f"employer NI {pounds(line.employer_ni)}",
            f"employer pension {pounds(line.employer_pension)}",
        ]
    return ", ".join(p for p in parts if p)
