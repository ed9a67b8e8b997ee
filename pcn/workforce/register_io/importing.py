"""Reading a register CSV back: a preview of what it would change, then applying it whole.

`parse_csv` saves nothing: it checks every row and says which people would be created, which
updated (field by field, before and after) and which are unchanged, with every problem as
`file:line: column: problem`. `apply_import` applies a preview without problems in one
transaction, refusing the whole file if anyone it updates changed since the preview.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field

from django.db import transaction

from pcn.core import audit
from pcn.core.actions import ActionRefused
from pcn.core.versioning import StaleEdit

from .. import actions
from ..models import StaffMember, WorkingSession
from .export import unguard
from .layout import COLUMNS, REQUIRED, RowReader, fetch_register, row_of, team_key

ACTION = "workforce.import_register"


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


@dataclass
class ImportResult:
    created: list[int] = field(default_factory=list)  # ids of the new people
    updated: list[int] = field(default_factory=list)
    teams_created: list[str] = field(default_factory=list)


class _Unreadable(Exception):
    pass


def parse_csv(network, uploaded_file_or_text, file_name) -> ImportPreview:
    """Check a register CSV (text, bytes or an uploaded file) against `network`; saves nothing."""
    preview = ImportPreview(network_id=network.pk, file_name=file_name)
    try:
        rows = _rows(_text_of(uploaded_file_or_text))
        header = rows[0][1] if rows else None
    except _Unreadable as problem:
        preview.errors.append(f"{file_name}:{problem}")
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
    if isinstance(source, str):
        return source.removeprefix("\ufeff")
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:  # a file, e.g. Django's UploadedFile
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read()
        if isinstance(data, str):
            return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _Unreadable(
            f"{line}: the file is not UTF-8 text: save it from the spreadsheet as CSV UTF-8"
        ) from None


def _rows(text):
    """[(physical line where the row starts, cells)]"""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, last = [], 0
    try:
        for cells in reader:
            rows.append((last + 1, cells))
            last = reader.line_num
    except csv.Error as error:
        raise _Unreadable(f"{reader.line_num}: not readable as CSV: {error}") from None
    return rows


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


@transaction.atomic
def apply_import(*, network, preview, by) -> ImportResult:
    """Create and update everyone in `preview`, all or nothing, one audit entry per person."""
    if preview.errors:
        count = len(preview.errors)
        raise ActionRefused(
            f"The file has {count} problem{'s' if count != 1 else ''}. Nothing was imported: "
            "correct the file and upload it again."
        )
    if preview.network_id != network.pk:
        raise ActionRefused("This preview is of another network's file. Nothing was imported.")
    people = {person.pk: person for person in fetch_register(network)}
    stale = [
        row.name
        for row in preview.to_update
        if row.id not in people or people[row.id].version != row.version
    ]
    if stale:
        raise ActionRefused(_stale_message(stale))

    reader = RowReader(network, people)
    plans, problems = [], []
    for row in preview.to_create + preview.to_update:
        person = people[row.id] if row.id is not None else None
        texts, values, row_problems = reader.read(row.cells, person)
        problems += [f"{preview.file_name}:{row.line}: {c}: {p}" for c, p in row_problems]
        plans.append((row, person, texts, values))
    if problems:
        raise ActionRefused(
            "The register changed since the preview and the file no longer fits it: "
            + "; ".join(problems)
            + ". Nothing was imported."
        )

    result = ImportResult()
    teams = dict(reader.teams)
    for _, _, _, values in plans:
        for name in values.get("teams", []):
            if team_key(name) not in teams:
                teams[team_key(name)] = actions.add_team(network=network, name=name, by=by)
                result.teams_created.append(name)
    for row, person, texts, values in plans:
        _apply_row(network, row, person, texts, values, teams, by, result)
    return result


def _stale_message(names):
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return (
        f"{who} changed in the register since the preview. Nothing was imported: "
        "upload the file again to see its changes against the register as it is now."
    )


def _apply_row(network, row, person, texts, values, teams, by, result):
    if person is None:
        person, before = StaffMember(network=network), None
        columns = [column for column, text in texts.items() if text]
    else:
        current = row_of(person)
        columns = [column for column, text in texts.items() if current[column] != text]
        try:
            person.bump_version(row.version)
        except StaleEdit:
            raise ActionRefused(_stale_message([row.name])) from None
        before = {column: current[column] for column in columns}
    after = {column: texts[column] for column in columns}
    for column in set(texts) - {"teams", "usual_week"}:
        _assign(person, column, values[column])
    if person.is_draft and person.full_name:
        person.is_draft = False  # a named record is no longer a draft from the NHS file
        if before is not None:
            before["is_draft"], after["is_draft"] = True, False
    person.save()
    if "teams" in columns:
        person.teams.set([teams[team_key(name)] for name in values["teams"]])
    if "usual_week" in columns:
        person.usual_week.all().delete()
        WorkingSession.objects.bulk_create(
            WorkingSession(staff=person, weekday=day, session=session, practice=practice)
            for day, session, practice in values["usual_week"]
        )
    audit.record(by=by, action=ACTION, target=person, network=network, before=before, after=after)
    (result.created if before is None else result.updated).append(person.pk)


def _assign(person, column, value):
    if column == "role":
        person.role_code = value
    elif column == "home_base":
        person.home_practice, person.home_is_network_team = value
    elif column in ("line_manager", "supervisor"):
        setattr(person, f"{column}_id", value)
    else:
        setattr(person, column, value)
