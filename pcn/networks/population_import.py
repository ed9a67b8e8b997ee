"""Reading the ICB's official population figures for one date from a CSV file: columns
practice_code, registered, adjusted, weighted (a blank cell is no figure on that basis). Every
row is checked and each problem named by file line and column; the preview is all the PCN
manager sees until they confirm, and the import then saves every figure or none
(actions.import_official_populations)."""

import re
from dataclasses import asdict, dataclass, field
from datetime import date

from pcn.core.csv_files import read_rows
from pcn.core.refusals import ActionRefused

from .models import Basis
from .populations import RANK

COLUMNS = ["practice_code", *Basis.values]
MAXIMUM = 10_000_000  # far above any practice; a bigger figure is a mistake in the file
WHOLE = re.compile(r"^\d+$|^\d{1,3}(,\d{3})+$")  # 12345 or 12,345


@dataclass
class Row:
    line: int
    ods_code: str
    practice_name: str
    figures: dict  # basis -> int or None
    replaces: dict = field(default_factory=dict)  # basis -> "5,764 (estimate)" held at that date


@dataclass
class Preview:
    file_name: str
    as_at: str  # ISO date
    source: str
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # [(line, column, message)]

    @property
    def ok(self):
        return not self.errors and bool(self.rows)

    @property
    def date(self):
        return date.fromisoformat(self.as_at)

    @property
    def figure_count(self):
        return sum(v is not None for r in self.rows for v in r.figures.values())

    def to_dict(self):
        return {
            "file_name": self.file_name,
            "as_at": self.as_at,
            "source": self.source,
            "rows": [asdict(r) for r in self.rows],
        }

    @classmethod
    def from_dict(cls, data):
        return cls(
            data["file_name"], data["as_at"], data["source"], [Row(**r) for r in data["rows"]]
        )


def parse_figure(text, label):
    """A cell as a whole number of people, None if blank; ValueError naming the problem."""
    if not text:
        return None
    if not WHOLE.match(text):
        raise ValueError(f"{label}: “{text}” is not a whole number, like 12450.")
    value = int(text.replace(",", ""))
    if value <= 0:
        raise ValueError(f"{label}: the figure must be above 0.")
    if value > MAXIMUM:
        raise ValueError(f"{label}: {value:,} is more than {MAXIMUM:,} for one practice.")
    return value


def _held_at(practice, as_at):
    """{basis: "5,764 (estimate)"}: the figure a practice holds at exactly that date, the one
    that counts there, which an official figure would replace."""
    held = {}
    for figure in sorted(practice.populations.all(), key=lambda f: RANK.get(f.kind, 0)):
        if figure.as_at == as_at:
            held[figure.basis] = f"{figure.value:,} ({figure.get_kind_display().lower()})"
    return held


def parse(network, upload, file_name, as_at, source):
    preview = Preview(file_name, as_at.isoformat(), source.strip())
    found = read_rows(upload, COLUMNS)
    if found.errors:
        preview.errors = found.errors
        return preview
    practices = {p.ods_code.upper(): p for p in network.practices.prefetch_related("populations")}
    seen = {}
    for number, cells in found.rows:
        problems = []
        code = cells["practice_code"].upper()
        practice = practices.get(code)
        if practice is None:
            problems.append(
                ("practice_code", f"No practice in this network has the code “{code}”.")
            )
        elif code in seen:
            problems.append(("practice_code", f"Line {seen[code]} already has {practice.name}."))
        else:
            seen[code] = number
        figures = {}
        for basis in Basis.values:
            try:
                figures[basis] = parse_figure(cells[basis], Basis(basis).label)
            except ValueError as problem:
                problems.append((basis, str(problem)))
        if not problems and all(v is None for v in figures.values()):
            problems.append(("registered", "The line has no figure: give at least one."))
        if problems:
            preview.errors.extend((number, column, message) for column, message in problems)
            continue
        preview.rows.append(
            Row(number, code, practice.name, figures, replaces=_held_at(practice, as_at))
        )
    if not preview.rows and not preview.errors:
        preview.errors.append((2, "", "The file has a header but no practices."))
    return preview


def to_action_rows(network, preview):
    """The confirmed preview as actions.import_official_populations takes it: practices looked
    up again in this network, so a stale session can't reach another network's practice."""
    practices = {p.ods_code.upper(): p for p in network.practices.all()}
    rows = []
    for row in preview.rows:
        practice = practices.get(row.ods_code)
        if practice is None:
            raise ActionRefused(f"Line {row.line}: {row.ods_code} is no longer in the network.")
        rows.append((row.line, practice, {b: v for b, v in row.figures.items() if v is not None}))
    return rows
