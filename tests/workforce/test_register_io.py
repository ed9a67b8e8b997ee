"""The staff register as CSV and Excel, and a CSV read back: preview first, then all or nothing."""

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pcn.core.actions import ActionRefused
from pcn.core.models import AuditEntry
from pcn.workforce import register_io
from pcn.workforce.actions import register_import, staff
from pcn.workforce.models import Employer, Funding, StaffMember, Team, WorkingSession
from pcn.workforce.register_io import COLUMNS, Change, ImportPreview

FILE = "register.csv"


@dataclass
class World:
    network: object
    manager: object
    practices: list
    alice: StaffMember
    bob: StaffMember
    cara: StaffMember
    dan: StaffMember

    @property
    def people(self):
        return [self.alice, self.bob, self.cara, self.dan]


@pytest.fixture
def world(demo):
    """Four people of our own on top of the demo register: teams, usual weeks, a supervisor."""
    network = demo.network
    practices = sorted(network.practices.all(), key=lambda p: p.ods_code)
    first, second = practices[0], practices[1]
    frailty = Team.objects.create(network=network, name="Frailty team")
    visiting = Team.objects.create(network=network, name="Home visiting team")
    alice = StaffMember.objects.create(
        network=network,
        full_name="Alice Lead",
        email="alice.lead@example.nhs.uk",
        role_code="clinical-pharmacist",
        nhs_role="Pharmacist",
        band="8a",
        wte=Decimal("1.00"),
        start_date=date(2023, 4, 1),
        employer=Employer.LEAD_PRACTICE,
        employer_practice=first,
        additionality_confirmed=True,
        home_practice=first,
        services="Structured medication reviews",
    )
    alice.teams.set([frailty, visiting])
    bob = StaffMember.objects.create(
        network=network,
        full_name="Bob Tech",
        role_code="pharmacy-technician",
        band="5",
        wte=Decimal("0.60"),
        start_date=date(2024, 4, 1),
        employer_practice=second,
        home_practice=second,
        line_manager=alice,
        supervisor=alice,
    )
    bob.teams.set([frailty])
    cara = StaffMember.objects.create(
        network=network,
        full_name="Cara Link",
        role_code="social-prescribing-link-worker",
        wte=Decimal("0.80"),
        start_date=date(2022, 9, 1),
        end_date=date(2026, 8, 31),
        employer=Employer.FEDERATION,
        employer_name="Liverpool GP Federation",
        funding=Funding.OTHER,
        home_is_network_team=True,
        external_supervisor="Dr Jones, Mersey Care",
    )
    dan = StaffMember.objects.create(
        network=network,
        full_name="Dan Coord",
        phone="+44 151 555 0100",
        role_code="care-coordinator",
        wte=Decimal("0.40"),
        services='=HYPERLINK("http://example.com")',
    )
    WorkingSession.objects.bulk_create(
        [
            WorkingSession(staff=alice, weekday=0, session="AM", practice=first),
            WorkingSession(staff=alice, weekday=0, session="PM", practice=None),
            WorkingSession(staff=alice, weekday=2, session="AM", practice=second),
            WorkingSession(staff=bob, weekday=1, session="PM", practice=second),
            WorkingSession(staff=cara, weekday=4, session="AM", practice=None),
        ]
    )
    return World(network, demo.user("PCN manager"), practices, alice, bob, cara, dan)


def read_csv(text):
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def write_csv(rows, columns=COLUMNS):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def our_rows(world):
    """Our four people's exported rows, in order: Alice on line 2, Bob 3, Cara 4, Dan 5."""
    by_id = {row["id"]: row for row in read_csv(register_io.export_csv(world.network))}
    return [by_id[str(person.pk)] for person in world.people]


def import_count():
    return AuditEntry.objects.filter(action=register_import.ACTION).count()


# Export


def test_an_exported_register_reads_back_unchanged(world):
    preview = register_io.parse_csv(world.network, register_io.export_csv(world.network), FILE)

    everyone = world.network.staff.count()
    assert everyone > 4  # the demo's register and ours
    assert preview.errors == []
    assert preview.to_create == [] and preview.to_update == []
    assert len(preview.unchanged) == everyone
    assert preview.teams_to_create == []
    assert preview.not_in_file == 0
    assert {row.id for row in preview.unchanged} == set(
        world.network.staff.values_list("pk", flat=True)
    )


def test_the_csv_has_the_register_columns_and_everyone_as_the_import_reads_them(world):
    text = register_io.export_csv(world.network)
    first, second = (p.ods_code for p in world.practices[:2])

    assert text.startswith("\ufeff")
    assert text.removeprefix("\ufeff").splitlines()[0] == ",".join(COLUMNS)
    alice, bob, cara, dan = our_rows(world)
    assert alice == {
        "id": str(world.alice.pk),
        "full_name": "Alice Lead",
        "email": "alice.lead@example.nhs.uk",
        "phone": "",
        "role": "clinical-pharmacist",
        "nhs_role": "Pharmacist",
        "band": "8a",
        "wte": "1",
        "start_date": "2023-04-01",
        "end_date": "",
        "employer": "lead_practice",
        "employer_practice": first,
        "employer_name": "",
        "funding": "arrs",
        "additionality_confirmed": "yes",
        "pay_area": "",
        "cct_date": "",
        "recent_network_employment_end": "",
        "moved_to_senior_nursing_role": "no",
        "home_base": first,
        "line_manager": "",
        "supervisor": "",
        "external_supervisor": "",
        "teams": "Frailty team; Home visiting team",
        "usual_week": f"Mon AM {first}; Mon PM hub; Wed AM {second}",
        "services": "Structured medication reviews",
    }
    assert (bob["wte"], bob["line_manager"], bob["supervisor"]) == (
        "0.6",
        str(world.alice.pk),
        str(world.alice.pk),
    )
    assert (bob["teams"], bob["usual_week"], bob["home_base"]) == (
        "Frailty team",
        f"Tue PM {second}",
        second,
    )
    assert cara["home_base"] == "network team"
    assert (cara["end_date"], cara["employer"], cara["funding"]) == (
        "2026-08-31",
        "federation",
        "other",
    )
    assert (cara["usual_week"], cara["additionality_confirmed"]) == ("Fri AM hub", "no")
    # Text a spreadsheet would run as a formula is kept as text.
    assert dan["phone"] == "'+44 151 555 0100"
    assert dan["services"] == '\'=HYPERLINK("http://example.com")'


def test_the_workbook_has_one_register_sheet_with_a_bold_frozen_header(world):
    book = openpyxl.load_workbook(io.BytesIO(register_io.export_xlsx(world.network)))

    assert book.sheetnames == ["Register"]
    sheet = book["Register"]
    header = [cell.value for cell in sheet[1]]
    assert header == COLUMNS
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= len("Alice Lead")
    assert sheet.column_dimensions["U"].width > sheet.column_dimensions["A"].width  # usual_week
    assert sheet.max_row == world.network.staff.count() + 1

    rows = {
        row[0]: dict(zip(COLUMNS, row, strict=True))
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    alice, dan = rows[world.alice.pk], rows[world.dan.pk]
    first = world.practices[0].ods_code
    assert alice["full_name"] == "Alice Lead"
    assert alice["wte"] == 1
    assert alice["start_date"] == "2023-04-01"  # as text, as the import reads it
    assert alice["teams"] == "Frailty team; Home visiting team"
    assert alice["home_base"] == first
    assert rows[world.bob.pk]["supervisor"] == world.alice.pk
    assert rows[world.bob.pk]["wte"] == pytest.approx(0.6)
    assert alice["phone"] is None
    # Text, not formulas, whatever it starts with.
    assert dan["services"] == '=HYPERLINK("http://example.com")'
    assert dan["phone"] == "+44 151 555 0100"
    dan_row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == world.dan.pk)
    assert dan_row[COLUMNS.index("services")].data_type == "s"


def count_queries(do):
    with CaptureQueriesContext(connection) as queries:
        do()
    return len(queries)


@pytest.mark.parametrize("export", [register_io.export_csv, register_io.export_xlsx])
def test_export_takes_the_same_number_of_queries_however_many_people(world, export):
    before = count_queries(lambda: export(world.network))
    team = Team.objects.get(network=world.network, name="Frailty team")
    for index in range(5):
        person = StaffMember.objects.create(
            network=world.network,
            full_name=f"Extra {index}",
            wte=Decimal("0.5"),
            home_practice=world.practices[index],
            employer_practice=world.practices[index],
            supervisor=world.alice,
        )
        person.teams.set([team])
        WorkingSession.objects.create(
            staff=person, weekday=index, session="AM", practice=world.practices[index]
        )

    assert count_queries(lambda: export(world.network)) == before <= 5


# Preview and apply


def test_an_edited_cell_is_an_update_with_before_and_after_and_applies_with_an_audit_entry(
    world,
):
    rows = our_rows(world)
    rows[1]["wte"] = "0.8"
    rows[1]["teams"] = "frailty team; Home visiting team"
    version = world.bob.version

    preview = register_io.parse_csv(world.network, write_csv(rows), FILE)

    assert preview.errors == []
    assert preview.to_create == []
    assert [row.name for row in preview.unchanged] == ["Alice Lead", "Cara Link", "Dan Coord"]
    assert preview.not_in_file == world.network.staff.count() - 4
    [update] = preview.to_update
    assert (update.line, update.id, update.name, update.version) == (
        3,
        world.bob.pk,
        "Bob Tech",
        version,
    )
    assert update.changes == [
        Change("wte", "0.6", "0.8"),
        Change("teams", "Frailty team", "Frailty team; Home visiting team"),
    ]

    result = register_import.apply_import(network=world.network, preview=preview, by=world.manager)

    assert result.updated == [world.bob.pk] and result.created == []
    bob = StaffMember.objects.get(pk=world.bob.pk)
    assert bob.wte == Decimal("0.8")
    assert bob.version == version + 1
    assert sorted(t.name for t in bob.teams.all()) == ["Frailty team", "Home visiting team"]
    [entry] = AuditEntry.objects.filter(action=register_import.ACTION)
    assert (entry.actor, entry.network, entry.target_id) == (
        world.manager,
        world.network,
        str(bob.pk),
    )
    assert entry.before == {"wte": "0.6", "teams": "Frailty team"}
    assert entry.after == {"wte": "0.8", "teams": "Frailty team; Home visiting team"}
    # And the register now reads back unchanged.
    again = register_io.parse_csv(world.network, register_io.export_csv(world.network), FILE)
    assert again.to_update == [] and again.errors == []


def test_every_kind_of_field_can_be_changed_by_import(world):
    rows = our_rows(world)
    second, third = (p.ods_code for p in world.practices[1:3])
    rows[2].update(
        full_name="Cara Linkworker",
        email="cara@example.nhs.uk",
        phone="0151 555 0199",
        role="Care-Coordinator",
        nhs_role="Care Coordinator",
        band="4",
        start_date="2022-10-01",
        end_date="",
        employer="member_practice",
        employer_practice=third.lower(),
        employer_name="",
        funding="ARRS",
        additionality_confirmed="Yes",
        home_base=second,
        line_manager=str(world.alice.pk),
        supervisor=str(world.bob.pk),
        external_supervisor="",
        teams="Frailty team",
        usual_week=f"tue pm {second}; Monday am HUB",
        services="Care navigation",
    )

    preview = register_io.parse_csv(world.network, write_csv(rows), FILE)
    assert preview.errors == []
    [update] = preview.to_update
    assert {c.column: c.after for c in update.changes}["usual_week"] == (
        f"Mon AM hub; Tue PM {second}"
    )
    register_import.apply_import(network=world.network, preview=preview, by=world.manager)

    cara = StaffMember.objects.select_related("home_practice", "employer_practice").get(
        pk=world.cara.pk
    )
    assert cara.full_name == "Cara Linkworker"
    assert cara.role_code == "care-coordinator"
    assert (cara.start_date, cara.end_date) == (date(2022, 10, 1), None)
    assert (cara.employer, cara.employer_practice.ods_code) == ("member_practice", third)
    assert (cara.funding, cara.additionality_confirmed) == ("arrs", True)
    assert (cara.home_practice.ods_code, cara.home_is_network_team) == (second, False)
    assert (cara.line_manager, cara.supervisor) == (world.alice, world.bob)
    assert [t.name for t in cara.teams.all()] == ["Frailty team"]
    assert [(w.weekday, w.session, w.practice_id) for w in cara.usual_week.all()] == [
        (0, "AM", None),
        (1, "PM", world.practices[1].pk),
    ]
    assert (
        register_io.parse_csv(world.network, register_io.export_csv(world.network), FILE).to_update
        == []
    )


def test_new_rows_create_people_and_the_teams_they_name(world):
    first = world.practices[0].ods_code
    new = {
        "id": "",
        "full_name": "Nia New",
        "email": "nia@example.nhs.uk",
        "role": "first-contact-physiotherapist",
        "wte": "0.5",
        "start_date": "2025-01-06",
        "employer": "third_party",
        "employer_name": "Physio Ltd",
        "funding": "arrs",
        "additionality_confirmed": "yes",
        "home_base": "Network Team",
        "supervisor": str(world.alice.pk),
        "teams": "Respiratory team; frailty TEAM; Respiratory Team",
        "usual_week": f"Thu AM {first}; Thu PM hub",
    }
    rows = our_rows(world) + [new]

    preview = register_io.parse_csv(world.network, write_csv(rows), FILE)

    assert preview.errors == []
    assert preview.teams_to_create == ["Respiratory team"]
    [create] = preview.to_create
    assert (create.line, create.id, create.name) == (6, None, "Nia New")
    changes = {c.column: (c.before, c.after) for c in create.changes}
    assert changes["teams"] == ("", "Frailty team; Respiratory team")
    assert changes["home_base"] == ("", "network team")
    assert "phone" not in changes  # only what the file fills

    result = register_import.apply_import(network=world.network, preview=preview, by=world.manager)

    nia = StaffMember.objects.get(full_name="Nia New")
    assert result.created == [nia.pk] and result.teams_created == ["Respiratory team"]
    assert (nia.network, nia.wte, nia.role_code) == (
        world.network,
        Decimal("0.5"),
        "first-contact-physiotherapist",
    )
    assert (nia.employer, nia.employer_name, nia.home_is_network_team) == (
        "third_party",
        "Physio Ltd",
        True,
    )
    assert nia.supervisor == world.alice
    assert sorted(t.name for t in nia.teams.all()) == ["Frailty team", "Respiratory team"]
    assert [(w.weekday, w.session) for w in nia.usual_week.all()] == [(3, "AM"), (3, "PM")]
    assert Team.objects.filter(network=world.network, name__iexact="respiratory team").count() == 1
    entry = AuditEntry.objects.get(action=register_import.ACTION, target_id=str(nia.pk))
    assert entry.before is None
    assert entry.after["full_name"] == "Nia New"
    assert AuditEntry.objects.filter(
        action="workforce.add_team", after__name="Respiratory team"
    ).exists()


def test_a_draft_without_a_name_reads_back_unchanged_and_naming_it_ends_the_draft(world):
    draft = StaffMember.objects.create(
        network=world.network, is_draft=True, nhs_role="Pharmacist", wte=Decimal("0.75")
    )
    odd = Team.objects.create(network=world.network, name="Care  Homes team")
    draft.teams.set([odd])
    text = register_io.export_csv(world.network)
    assert register_io.parse_csv(world.network, text, FILE).to_update == []

    [row] = [row for row in read_csv(text) if row["id"] == str(draft.pk)]
    assert row["full_name"] == "" and row["teams"] == "Care  Homes team"
    row.update(full_name="Dina Draft", teams="care homes TEAM")
    preview = register_io.parse_csv(world.network, write_csv([row]), FILE)
    assert preview.errors == [] and preview.teams_to_create == []
    assert preview.to_update[0].changes == [Change("full_name", "", "Dina Draft")]
    register_import.apply_import(network=world.network, preview=preview, by=world.manager)

    draft.refresh_from_db()
    assert (draft.full_name, draft.is_draft) == ("Dina Draft", False)
    entry = AuditEntry.objects.get(action=register_import.ACTION, target_id=str(draft.pk))
    assert entry.before == {"full_name": "", "is_draft": True}
    assert entry.after == {"full_name": "Dina Draft", "is_draft": False}


def test_dates_left_out_of_the_file_are_checked_against_the_register(world):
    rows = our_rows(world)
    rows[2]["start_date"] = "2026-09-01"  # after Cara's end date, 2026-08-31
    rows[3]["end_date"] = "2020-01-01"  # Dan has no start date: nothing to compare
    columns = ["id", "full_name", "role", "wte", "start_date"]

    preview = register_io.parse_csv(world.network, write_csv(rows, columns), FILE)

    assert preview.errors == [f"{FILE}:4: start_date: 2026-09-01 is after the end date 2026-08-31"]


def test_an_uploaded_file_with_a_byte_order_mark_is_read(world):
    rows = our_rows(world)
    rows[0]["band"] = "8b"
    data = ("\ufeff" + write_csv(rows)).encode()
    upload = SimpleUploadedFile(FILE, data, content_type="text/csv")

    preview = register_io.parse_csv(world.network, upload, FILE)

    assert preview.errors == []
    assert [row.changes for row in preview.to_update] == [[Change("band", "8a", "8b")]]
    assert register_io.parse_csv(world.network, data, FILE).to_update == preview.to_update


def test_a_preview_kept_as_json_can_be_applied_later(world):
    rows = our_rows(world)
    rows[3]["phone"] = "0151 555 0100"
    preview = register_io.parse_csv(world.network, write_csv(rows), FILE)

    kept = ImportPreview.from_dict(json.loads(json.dumps(preview.to_dict())))

    assert kept == preview
    register_import.apply_import(network=world.network, preview=kept, by=world.manager)
    assert StaffMember.objects.get(pk=world.dan.pk).phone == "0151 555 0100"


# Bad input: one exact message, and nothing saved


@pytest.fixture
def other_network_ids(other_demo):
    """A practice's ODS code and a person's id from another network."""
    other = other_demo.network
    person = other.staff.first() or StaffMember.objects.create(
        network=other, full_name="Elsewhere", wte=1
    )
    return other.practices.order_by("ods_code").first().ods_code, person.pk


BAD_CELLS = [
    # (row index, column, value, message after "register.csv:LINE: ")
    (1, "wte", "2.0", "wte: 2.0 is outside 0.01–1.5"),
    (1, "wte", "0", "wte: 0 is outside 0.01–1.5"),
    (1, "wte", "", "wte: required: a number from 0.01 to 1.5"),
    (1, "wte", "lots", "wte: 'lots' is not a number"),
    (1, "wte", "0.333", "wte: 0.333 has more than 2 decimal places"),
    (1, "end_date", "2024-03-31", "end_date: 2024-03-31 is before the start date 2024-04-01"),
    (1, "start_date", "01/04/2024", "start_date: '01/04/2024' is not a date written yyyy-mm-dd"),
    (1, "end_date", "2025-02-30", "end_date: '2025-02-30' is not a date written yyyy-mm-dd"),
    (
        1,
        "role",
        "astronaut",
        "role: 'astronaut' is not a role code in the ARRS role catalogue "
        "(codes look like clinical-pharmacist)",
    ),
    (
        1,
        "employer",
        "nhs trust",
        "employer: 'nhs trust' is not one of member_practice|lead_practice|network_body|federation|third_party",
    ),
    (1, "funding", "grant", "funding: 'grant' is not one of arrs|other"),
    (1, "additionality_confirmed", "maybe", "additionality_confirmed: 'maybe' is not yes or no"),
    (1, "home_base", "N00000", "home_base: N00000 is not a member practice of this network"),
    (1, "full_name", "", "full_name: a name is required"),
    (1, "email", "bob at home", "email: 'bob at home' is not an email address"),
    (1, "band", "x" * 21, "band: too long: 21 characters, at most 20"),
    (1, "supervisor", "{bob}", "supervisor: a person can't be their own supervisor"),
    (1, "line_manager", "{bob}", "line_manager: a person can't be their own line manager"),
    (
        1,
        "line_manager",
        "999999",
        "line_manager: no person with id 999999 in this network's register",
    ),
    (1, "supervisor", "boss", "supervisor: 'boss' is not an id from the register's id column"),
    (1, "id", "999999", "id: no person with id 999999 in this network's register"),
    (1, "id", "B1", "id: 'B1' is not an id: leave it blank for a new person"),
    (1, "id", "{alice}", "id: {alice} is also on line 2"),
    (
        1,
        "usual_week",
        "Mon AM",
        "usual_week: 'Mon AM' should be weekday, session and place, like Mon AM N82033 "
        "or Tue PM hub",
    ),
    (1, "usual_week", "Sun AM hub", "usual_week: 'Sun' is not a day (Mon to Sat)"),
    (1, "usual_week", "Sat EVE hub", "usual_week: 'EVE' is not a session on Saturday (AM, PM)"),
    (
        1,
        "usual_week",
        "Mon NIGHT hub",
        "usual_week: 'NIGHT' is not a session on Monday (AM, PM, EVE)",
    ),
    (1, "usual_week", "Mon AM hub; mon am hub", "usual_week: Mon AM is listed twice"),
    (
        1,
        "usual_week",
        "Mon AM N00000",
        "usual_week: N00000 is not a member practice of this network",
    ),
]


def assert_refused_and_nothing_saved(world, preview, message):
    assert preview.errors == [message]
    before = register_io.export_csv(world.network)
    audit_entries = AuditEntry.objects.count()
    with pytest.raises(ActionRefused, match="The file has 1 problem. Nothing was imported"):
        register_import.apply_import(network=world.network, preview=preview, by=world.manager)
    assert register_io.export_csv(world.network) == before
    assert AuditEntry.objects.count() == audit_entries


@pytest.mark.parametrize(("index", "column", "value", "message"), BAD_CELLS)
def test_a_bad_cell_is_reported_as_file_line_column_problem_and_nothing_is_saved(
    world, index, column, value, message
):
    ids = {"bob": world.bob.pk, "alice": world.alice.pk}
    rows = our_rows(world)
    rows[index][column] = value.format(**ids)
    rows[0]["wte"] = "0.9"  # a good change in the same file is not applied either

    preview = register_io.parse_csv(world.network, write_csv(rows), FILE)

    assert_refused_and_nothing_saved(world, preview, f"{FILE}:3: {message.format(**ids)}")


@pytest.mark.parametrize("column", ["home_base", "employer_practice", "usual_week"])
def test_a_practice_of_another_network_is_refused(world, other_network_ids, column):
    ods, _ = other_network_ids
    rows = our_rows(world)
    rows[1][column] = f"Mon AM {ods}" if column == "usual_week" else ods

    preview = register_io.parse_csv(world.network, write_csv(rows), FILE)

    assert_refused_and_nothing_saved(
        world, preview, f"{FILE}:3: {column}: {ods} is not a member practice of this network"
    )


@pytest.mark.parametrize("column", ["id", "supervisor", "line_manager"])
def test_a_person_of_another_network_is_refused_and_never_touched(world, other_network_ids, column):
    _, elsewhere = other_network_ids
    version = StaffMember.objects.get(pk=elsewhere).version
    rows = our_rows(world)
    rows[1][column] = str(elsewhere)

    preview = register_io.parse_csv(world.network, write_csv(rows), FILE)

    assert_refused_and_nothing_saved(
        world,
        preview,
        f"{FILE}:3: {column}: no person with id {elsewhere} in this network's register",
    )
    assert StaffMember.objects.get(pk=elsewhere).version == version


def test_lines_are_physical_lines_so_a_cell_over_two_lines_counts_twice(world):
    rows = our_rows(world)
    rows[0]["services"] = "Medication reviews\nand care homes"
    rows[1]["wte"] = "2"

    preview = register_io.parse_csv(world.network, write_csv(rows), FILE)

    assert preview.errors == [f"{FILE}:4: wte: 2 is outside 0.01–1.5"]


def test_every_problem_of_every_row_is_reported(world):
    rows = our_rows(world)
    rows[0]["wte"] = "2"
    rows[0]["role"] = "astronaut"
    rows[3]["start_date"] = "yesterday"

    preview = register_io.parse_csv(world.network, write_csv(rows), FILE)

    assert preview.errors == [
        f"{FILE}:2: role: 'astronaut' is not a role code in the ARRS role catalogue "
        "(codes look like clinical-pharmacist)",
        f"{FILE}:2: wte: 2 is outside 0.01–1.5",
        f"{FILE}:5: start_date: 'yesterday' is not a date written yyyy-mm-dd",
    ]


def test_an_unknown_or_missing_column_is_a_problem_of_the_file(world):
    rows = our_rows(world)
    columns = [c for c in COLUMNS if c not in ("wte", "role")] + ["colour"]

    preview = register_io.parse_csv(world.network, write_csv(rows, columns), FILE)

    assert preview.errors == [
        f"{FILE}:1: colour: unknown column",
        f"{FILE}:1: role: required column missing",
        f"{FILE}:1: wte: required column missing",
    ]
    assert preview.to_create == preview.to_update == preview.unchanged == []


def test_a_file_may_leave_out_optional_columns(world):
    rows = our_rows(world)
    rows[0]["wte"] = "0.9"
    columns = ["id", "full_name", "role", "wte"]

    preview = register_io.parse_csv(world.network, write_csv(rows, columns), FILE)

    assert preview.errors == []
    [update] = preview.to_update
    assert update.changes == [Change("wte", "1", "0.9")]
    register_import.apply_import(network=world.network, preview=preview, by=world.manager)
    alice = StaffMember.objects.get(pk=world.alice.pk)
    assert alice.wte == Decimal("0.9")
    assert alice.teams.count() == 2 and alice.usual_week.count() == 3


def test_an_empty_or_unreadable_file_is_refused(world):
    assert register_io.parse_csv(world.network, "", FILE).errors == [
        f"{FILE}: the file is empty: it needs the register's header row"
    ]
    latin1 = write_csv(our_rows(world)).replace("Bob Tech", "Bób Tech").encode("latin-1")
    assert register_io.parse_csv(world.network, latin1, FILE).errors == [
        f"{FILE}:3: The file is not UTF-8 text: save it from the spreadsheet as CSV UTF-8."
    ]


# Stale previews


def test_a_person_changed_since_the_preview_refuses_the_whole_import(world):
    rows = our_rows(world)
    rows[0]["band"] = "8b"
    rows[1]["band"] = "6"
    rows.append(
        {
            "full_name": "Nia New",
            "role": "",
            "wte": "1",
            "employer": "federation",
            "funding": "other",
            "additionality_confirmed": "no",
        }
    )
    preview = register_io.parse_csv(world.network, write_csv(rows), FILE)
    assert preview.errors == [] and len(preview.to_update) == 2 and len(preview.to_create) == 1
    staff.update(person=world.bob, version=world.bob.version, by=world.manager, phone="0151")
    audit_entries = AuditEntry.objects.count()

    with pytest.raises(ActionRefused, match="^Bob Tech changed in the register since the preview"):
        register_import.apply_import(network=world.network, preview=preview, by=world.manager)

    assert StaffMember.objects.get(pk=world.alice.pk).band == "8a"
    assert StaffMember.objects.get(pk=world.bob.pk).band == "5"
    assert not StaffMember.objects.filter(full_name="Nia New").exists()
    assert AuditEntry.objects.count() == audit_entries


def test_a_preview_is_applied_once(world):
    rows = our_rows(world)
    rows[0]["band"] = "8b"
    preview = register_io.parse_csv(world.network, write_csv(rows), FILE)
    register_import.apply_import(network=world.network, preview=preview, by=world.manager)

    with pytest.raises(ActionRefused, match="^Alice Lead changed in the register"):
        register_import.apply_import(network=world.network, preview=preview, by=world.manager)
    assert import_count() == 1


def test_a_preview_of_another_network_is_refused(world, other_demo):
    preview = register_io.parse_csv(world.network, write_csv(our_rows(world)), FILE)

    with pytest.raises(ActionRefused, match="another network"):
        register_import.apply_import(network=other_demo.network, preview=preview, by=world.manager)
