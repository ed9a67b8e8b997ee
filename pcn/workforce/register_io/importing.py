"""Reading a register CSV back: a preview of what it would change, then applying it whole.

`parse_csv` saves nothing: it checks every row and says which people would be created, which
updated (field by field, before and after) and which are unchanged, with every problem as
`file:line: column: problem`. Applying a preview is an action: actions/register_import.py.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from pcn.core import csv_files
from pcn.core.spreadsheet_cells import unguard

from .layout import COLUMNS, REQUIRED, RowReader, fetch_register, row_of, team_key


@dataclass
class Change:
    """One column of one person: the register's text now and the file's."""

    column: str
    before: str
    after: str


@dataclass
class PersonRow:
    """One row of the file. `id` is None for a new person; `changes` holds, for a new person,
    every column the file fills (before is blank) and, for an update, the columns that change."""

    line: int
    id: int | None
    name: str
    version: int | None = None  # the person's version when the preview was made
    changes: list[Change] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)  # the row as read, for apply_import


@dataclass
class ImportPreview:
    network_id: int
    file_name: str
    to_create: list[PersonRow] = field(default_factory=list)
    to_update: list[PersonRow] = field(default_factory=list)
    unchanged: list[PersonRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "file:line: column: problem"
    teams_to_create: list[str] = field(default_factory=list)
    not_in_file: int = 0  # people in the register the file leaves out: they stay as they are

    @property
    def ok(self):
        return not self.errors

    @property
    def has_changes(self):
        return bool(self.to_create or self.to_update)

    def to_dict(self):
        """Plain JSON-safe data, e.g. to keep in the session between preview and confirm."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        def rows(items):
            return [
                PersonRow(**{**item, "changes": [Change(**c) for c in item["changes"]]})
                for item in items
            ]

        return cls(
            **{
                **data,
                "to_create": rows(data["to_create"]),
                "to_update": rows(data["to_update"]),
                "unchanged": rows(data["unchanged"]),
            }
        )


def parse_csv(network, uploaded_file_or_text, file_name) -> ImportPreview:
    """Check a register CSV (text, bytes or an uploaded file) against `network`; saves nothing."""
    preview = ImportPreview(network_id=network.pk, file_name=file_name)
    try:
        rows = _rows(_text_of(uploaded_file_or_text))
        header = rows[0][1] if rows else None
    except csv_files.Unreadable as problem:
        where = f"column {problem.column}: " if problem.column else ""
        preview.errors.append(f"{file_name}:{problem.line}: {where}{problem}")
        return preview
    if header is None:
        preview.errors.append(f"{file_name}: the file is empty: it needs the register's header row")
        return preview
    positions = _read_header(header, file_name, preview.errors)
    if preview.errors:
        return preview

    people = {person.pk: person for person in fetch_register(network)}
    reader = RowReader(network, people)
    seen = {}  # id: line
    new_teams = {}  # team_key: name as first written
    for line, cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        problems = _stray_cells(cells, positions, len(header))
        values = {
            name: unguard(cells[index]) if index < len(cells) else ""
            for name, index in positions.items()
        }
        id_cell = values.pop("id").strip()
        person = None
        if id_cell:
            person, problem = _person(id_cell, people, seen, line)
            if problem:
                preview.errors.append(f"{file_name}:{line}: id: {problem}")
                continue
        texts, parsed, cell_problems = reader.read(values, person)
        problems += [(column, problem) for column, problem in cell_problems]
        if problems:
            preview.errors += [f"{file_name}:{line}: {column}: {text}" for column, text in problems]
            continue
        for name in reader.new_teams(parsed.get("teams", [])):
            new_teams.setdefault(team_key(name), name)
        _sort_row(preview, line, person, texts, values)
    preview.teams_to_create = list(new_teams.values())
    preview.not_in_file = len(people.keys() - seen.keys())
    return preview


def _text_of(source):
    if isinstance(source, str | bytes | bytearray | memoryview):
        return csv_files.text_of(source)
    if hasattr(source, "seek"):  # a file, e.g. Django's UploadedFile
        source.seek(0)
    return csv_files.text_of(source.read())


def _rows(text):
    """[(physical line where the row starts, cells)]"""
    return csv_files.rows_of(text)


def _read_header(header, file_name, errors):
    """{column: index in the row}; problems go to errors."""
    positions = {}
    for index, cell in enumerate(header):
        name = cell.strip().lower()
        if not name:
            continue
        if name not in COLUMNS:
            errors.append(f"{file_name}:1: {cell.strip()}: unknown column")
        elif name in positions:
            errors.append(f"{file_name}:1: {name}: the column appears twice")
        else:
            positions[name] = index
    errors += [
        f"{file_name}:1: {name}: required column missing"
        for name in REQUIRED
        if name not in positions
    ]
    return positions


def _stray_cells(cells, positions, header_length):
    used = set(positions.values())
    return [
        (
            f"column {index + 1}",
            "a value under a column with no name"
            if index < header_length
            else "a value beyond the header's last column",
        )
        for index, cell in enumerate(cells)
        if index not in used and cell.strip()
    ]


def _person(id_cell, people, seen, line):
    """(person, problem) for a row's id."""
    try:
        pk = int(id_cell)
    except ValueError:
        return None, f"{id_cell!r} is not an id: leave it blank for a new person"
    if pk in seen:
        return None, f"{pk} is also on line {seen[pk]}"
    if pk not in people:
        return None, f"no person with id {pk} in this network's register"
    seen[pk] = line
    return people[pk], None


def _sort_row(preview, line, person, texts, cells):
    if person is None:
        changes = [Change(column, "", text) for column, text in texts.items() if text]
        name = texts["full_name"]
        preview.to_create.append(PersonRow(line, None, name, None, changes, cells))
        return
    current = row_of(person)
    changes = [
        Change(column, current[column], text)
        for column, text in texts.items()
        if current[column] != text
    ]
    row = PersonRow(line, person.pk, texts.get("full_name") or str(person), person.version)
    if changes:
        row.changes, row.cells = changes, cells
        preview.to_update.append(row)
    else:
        preview.unchanged.append(row)
