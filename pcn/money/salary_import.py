"""Reading salary lines from a CSV file: columns found by their header, every row checked, each
problem named by file line and column. The preview is all a user sees until they confirm; the
import then saves every row or none (actions.import_salary_lines)."""

import csv
import io
import re
from dataclasses import asdict, dataclass, field
from datetime import date

from pcn.core import spreadsheet_cells
from pcn.core.actions import ActionRefused
from pcn.core.csv_files import read_rows

from . import pay_lines
from .actions import check_line
from .exact import parse_amount

COLUMNS = ["staff_id", "month", "salary", "employer_ni", "employer_pension"]
# Optional: for a role a federation or another provider invoices the network for, `salary` is
# the invoice amount before VAT, NI and pension are 0 (or blank), and these give the rest.
INVOICE_COLUMNS = ["vat", "invoice_reference"]
AMOUNTS = {"salary": "Salary", "employer_ni": "Employer NI", "employer_pension": "Employer pension"}
MONTH = re.compile(r"^([0-9]{4})-([0-9]{1,2})$")
STAFF_ID = re.compile(r"[0-9]{1,18}")  # plain digits: not "²" or "٣", which isdigit() allows


@dataclass
class Row:
    line: int
    staff_id: int
    staff_name: str
    month: str  # "2026-10"
    salary: str
    employer_ni: str
    employer_pension: str
    vat: str = "0.00"
    invoice_reference: str = ""
    # The saved line's version when the file was checked (None: none yet), so that confirming
    # refuses a line someone changed in between rather than replacing it unseen.
    version: int | None = None


@dataclass
class Preview:
    file_name: str
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # [(line, column, message)]

    @property
    def ok(self):
        return not self.errors and bool(self.rows)

    def to_dict(self):
        return {"file_name": self.file_name, "rows": [asdict(r) for r in self.rows]}

    @classmethod
    def from_dict(cls, data):
        return cls(data["file_name"], [Row(**r) for r in data["rows"]])


def parse_month(text):
    match = MONTH.match((text or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"“{text}” is not a month: write it like 2026-10.")
    return date(int(match.group(1)), int(match.group(2)), 1)


def parse(network, upload, file_name):
    preview = Preview(file_name)
    found = read_rows(upload, COLUMNS, optional=INVOICE_COLUMNS)
    if found.errors:
        preview.errors = found.errors
        return preview
    people = {p.pk: p for p in network.staff.all()}
    versions = {
        (staff_id, month): version
        for staff_id, month, version in network.salary_lines.values_list(
            "staff_id", "month", "version"
        )
    }
    seen = {}
    for number, cells in found.rows:

        def cell(column, cells=cells):
            return spreadsheet_cells.unguard(cells[column])  # our own export read back

        problems = []
        staff_text = cell("staff_id")
        person = people.get(int(staff_text)) if STAFF_ID.fullmatch(staff_text) else None
        if person is None:
            problems.append(
                ("staff_id", f"No one in this network's register has the id “{staff_text}”.")
            )
        try:
            month = parse_month(cell("month"))
        except ValueError as problem:
            problems.append(("month", str(problem)))
            month = None
        amounts, amount_problems = _amounts(person, cell)
        problems += amount_problems
        if person is not None and month is not None:
            if (person.pk, month) in seen:
                problems.append(
                    ("month", f"Line {seen[person.pk, month]} already has {person} for this month.")
                )
            seen[person.pk, month] = number
            try:
                check_line(network=network, staff=person, month=month)
            except ActionRefused as refusal:
                problems.append((refusal.field or "", str(refusal)))
        if problems:
            preview.errors.extend((number, column, message) for column, message in problems)
            continue
        preview.rows.append(
            Row(
                number,
                person.pk,
                str(person),
                f"{month:%Y-%m}",
                **amounts,
                version=versions.get((person.pk, month)),
            )
        )
    if not preview.rows and not preview.errors:
        preview.errors.append((2, "", "The file has a header but no salary lines."))
    return preview


def _column(field):
    return "salary" if field == "invoice_amount" else (field or "")


def _amounts(person, cell):
    """A row's amounts as text, checked, and [(column, problem)]: an invoice for an invoiced
    role (salary is the amount before VAT), salary, NI and pension for anyone else."""
    if person is not None and person.invoiced:
        try:
            for column in ("employer_ni", "employer_pension"):
                if cell(column) and pay_lines.amount(cell(column), column) != 0:
                    raise ActionRefused(
                        f"{AMOUNTS[column]}: {person}'s employer invoices the network, so NI "
                        "and pension are part of the invoice: leave them 0.",
                        field=column,
                    )
            checked = pay_lines.invoice(
                person,
                invoice_amount=cell("salary"),
                vat=cell("vat"),
                invoice_reference=cell("invoice_reference"),
            )
        except ActionRefused as refusal:
            return {}, [(_column(refusal.field), str(refusal))]
    else:
        checked, problems = {"invoice_reference": cell("invoice_reference")}, []
        for column in [*AMOUNTS, "vat"]:
            try:
                checked[column] = pay_lines.amount(
                    cell(column), column, blank_is_zero=column == "vat"
                )
            except ActionRefused as refusal:
                problems.append((column, str(refusal)))
        if problems:
            return {}, problems
        if person is not None:
            try:
                checked = pay_lines.checked(person, checked)
            except ActionRefused as refusal:
                return {}, [(_column(refusal.field), str(refusal))]
    return {
        name: str(checked[name])
        for name in ["salary", "employer_ni", "employer_pension", "vat", "invoice_reference"]
    }, []


def to_action_rows(network, preview):
    """The confirmed preview as actions.import_salary_lines takes it (people looked up again
    in this network, so a stale session can't reach another's register)."""
    people = {p.pk: p for p in network.staff.filter(pk__in=[r.staff_id for r in preview.rows])}
    rows = []
    for row in preview.rows:
        person = people.get(row.staff_id)
        if person is None:
            raise ActionRefused(f"Line {row.line}: that person is no longer in the register.")
        amounts = {c: parse_amount(getattr(row, c)) for c in [*AMOUNTS, "vat"]}
        amounts["invoice_reference"] = row.invoice_reference
        rows.append((row.line, person, parse_month(row.month), amounts, row.version))
    return rows


def export(lines):
    """A month's lines in the import layout, so a file can be downloaded, filled and uploaded."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS + INVOICE_COLUMNS + ["name"])
    for line in lines:
        writer.writerow(
            spreadsheet_cells.guard(cell)
            for cell in [
                line.staff_id,
                f"{line.month:%Y-%m}",
                line.salary,
                line.employer_ni,
                line.employer_pension,
                line.vat,
                line.invoice_reference,
                str(line.staff),
            ]
        )
    return out.getvalue()
