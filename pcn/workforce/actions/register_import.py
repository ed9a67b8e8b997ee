"""Applying a register CSV's preview (register_io.parse_csv) in one transaction: all or nothing,
refusing the whole file if anyone it updates changed since the preview; one audit entry per
person."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from pcn.core import audit
from pcn.core.refusals import ActionRefused, StaleEdit

from ..models import StaffMember, WorkingSession
from ..register_io.layout import RowReader, fetch_register, row_of, team_key
from . import staff

ACTION = "workforce.import_register"


@dataclass
class ImportResult:
    created: list[int] = field(default_factory=list)  # ids of the new people
    updated: list[int] = field(default_factory=list)
    teams_created: list[str] = field(default_factory=list)


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
                teams[team_key(name)] = staff.add_team(network=network, name=name, by=by)
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
