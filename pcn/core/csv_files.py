"""Reading an uploaded CSV file for an import: size and name checked on the form, columns found by
their header, and each data row given with its file line, so every problem can name the line and
the column. The imports (salary lines, official populations, the register) check rows their own
way; this is the one place a file's bytes become text and rows, so every import refuses the same
things: text that is not UTF-8, a cell the CSV reader can't read, and the NUL character, which
no database text column holds (PostgreSQL refuses it outright)."""

import csv
import io
import re
from dataclasses import dataclass, field

from django import forms

from . import limits

ONE_MB = 1024 * 1024


def header_key(header):
    """A header cell as a column name: "Practice code " -> "practice_code"."""
    return re.sub(r"[^a-z]+", "_", (header or "").strip().lower()).strip("_")


def check_upload(upload, *, max_bytes, what):
    """The form's check of an uploaded file: a .csv no larger than max_bytes."""
    if not upload.name.lower().endswith(".csv"):
        raise forms.ValidationError("The file must be a CSV file (.csv).")
    if upload.size > max_bytes:
        size = f"{max_bytes / ONE_MB:g} MB"
        raise forms.ValidationError(f"The file is larger than {size}: is it {what}?")
    return upload


class Unreadable(Exception):
    """The file can't be read as CSV text; `line` and `column` (1 on, or None) say where."""

    def __init__(self, message, *, line=1, column=None):
        super().__init__(message)
        self.line, self.column = line, column


def text_of(data):
    """An uploaded file's bytes as text (UTF-8, with or without the mark spreadsheets add)."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    data = bytes(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise Unreadable(
            "The file is not UTF-8 text: save it from the spreadsheet as CSV UTF-8.", line=line
        ) from None


def rows_of(text):
    """[(file line where the row starts, cells)] of CSV text; Unreadable names the first line
    (and column) that can't be read."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, last = [], 0
    try:
        for cells in reader:
            for number, cell in enumerate(cells, start=1):
                if "\x00" in cell:
                    raise Unreadable(
                        "The cell has a NUL character (a zero byte), which is not text: "
                        "save the file again from the spreadsheet as CSV UTF-8.",
                        line=last + 1,
                        column=number,
                    )
            rows.append((last + 1, cells))
            last = reader.line_num
    except csv.Error as error:
        raise Unreadable(f"The file is not readable as CSV: {error}.", line=last + 1) from None
    return rows


@dataclass
class CsvRows:
    """The data rows of a file: [(line, {column: stripped text})], or errors [(line, column,
    message)] that stop the file being read at all (not text, empty, a column missing)."""

    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def read_rows(upload, columns, optional=(), lengths=None):
    """Every non-blank data row of an uploaded CSV file, by the columns named (header cells
    are matched by header_key, so "Practice code" is practice_code); an `optional` column the
    file leaves out reads as blank. Other columns are ignored. A cell longer than its column's
    limit (`lengths`, else limits.NAME) is an error naming its line, column and the limit."""
    found = CsvRows()
    try:
        rows = rows_of(text_of(upload.read()))
    except Unreadable as problem:
        where = f"{problem.column}" if problem.column else ""
        found.errors.append((problem.line, where, str(problem)))
        return found
    header = rows[0][1] if rows else None
    if not header:
        found.errors.append((1, "", "The file is empty."))
        return found
    position = {}
    for i, cell in enumerate(header):
        position.setdefault(header_key(cell), i)
    missing = [c for c in columns if c not in position]
    if missing:
        found.errors.append(
            (1, ", ".join(missing), "The header has no column " + ", ".join(missing) + ".")
        )
        return found
    lengths = lengths or {}
    for number, values in rows[1:]:
        if not any(v.strip() for v in values):
            continue
        cells = {
            c: (values[position[c]].strip() if c in position and position[c] < len(values) else "")
            for c in [*columns, *optional]
        }
        too_long = [
            (c, len(text), lengths.get(c, limits.NAME))
            for c, text in cells.items()
            if len(text) > lengths.get(c, limits.NAME)
        ]
        for column, length, limit in too_long:
            found.errors.append(
                (
                    number,
                    column,
                    f"{length:,} characters, longer than the {limit:,} this column takes.",
                )
            )
        if not too_long:
            found.rows.append((number, cells))
    return found
