"""Loading files: what each layout stores, all-or-nothing rejection, idempotence, the command."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from pcn.reference.loader import load_file, load_files
from pcn.reference.models import (
    ImportLog,
    PcnMembershipRecord,
    PcnRecord,
    PopulationEstimate,
    PracticeRecord,
    RegisteredPatients,
    WorkforceRecord,
)

from .conftest import (
    EPCN_DETAILS_HEADER,
    EPCN_PARTNERS_HEADER,
    MAP_HEADER,
    QUIN_AGE_HEADER,
    WORKFORCE_HEADER,
    epcn_details_row,
    epcn_partner_row,
    map_row,
    quin_row,
    workforce_row,
)

pytestmark = pytest.mark.django_db

EXTRACT = dt.date(2030, 7, 1)


def counts():
    models = [
        PcnRecord,
        PracticeRecord,
        PcnMembershipRecord,
        RegisteredPatients,
        PopulationEstimate,
        WorkforceRecord,
    ]
    return {model.__name__: model.objects.count() for model in models}


def quin_age_rows(extract="2030-07-01"):
    return [
        quin_row("GP", "X90001", "ALL", "ALL", "5764", extract),
        quin_row("GP", "X90001", "MALE", "0_4", "116", extract),
        quin_row("GP", "X90001", "FEMALE", "0_4", "132", extract),
        quin_row("PCN", "UX0001", "ALL", "ALL", "45778", extract),
        quin_row("ICB", "QX1", "ALL", "ALL", "900000", extract),
        quin_row("Comm Region", "YX1", "ALL", "ALL", "9000000", extract),
    ]


# --- practice map -------------------------------------------------------------------------


def test_practice_map_stores_practices_and_pcns_but_no_record_for_unallocated(files):
    path = files.csv(
        "map.csv",
        MAP_HEADER,
        [
            map_row("X90001", "DINGLE TEST PRACTICE", "UX0001", "TEST CENTRAL PCN"),
            map_row("X90002", "ALBION TEST SURGERY", "UX0001", "TEST CENTRAL PCN"),
            map_row("X90003", "LONE TEST PRACTICE", "U", "UNALLOCATED"),
        ],
        form="zip",
    )
    result = load_file(path)
    assert result.status == "loaded", result.errors
    assert (result.layout, result.rows, result.stored) == ("practice_map", 3, 4)

    pcn = PcnRecord.objects.get(code="UX0001")
    assert (pcn.name, pcn.sub_icb_code, pcn.icb_code, pcn.region_code) == (
        "TEST CENTRAL PCN",
        "99A",
        "QYG",
        "Y62",
    )
    assert pcn.extract_date == EXTRACT
    assert not PcnRecord.objects.filter(code="U").exists()
    lone = PracticeRecord.objects.get(code="X90003")
    assert lone.pcn_code == "U"
    assert (lone.supplier, lone.extract_date) == ("EMIS", EXTRACT)


def test_older_map_layout_with_ccg_columns_loads(files):
    header = ["EXTRACT_DATE", "PRACTICE_CODE", "PRACTICE_NAME", "CCG_CODE", "CCG_NAME",
              "PCN_CODE", "PCN_NAME"]  # fmt: skip
    path = files.csv(
        "old-map.csv",
        header,
        [["01APR2020", "X90001", "OLD NAME", "01T", "NHS X CCG", "UX0001", "OLD PCN"]],  # fmt: skip
    )
    assert load_file(path).status == "loaded"
    practice = PracticeRecord.objects.get(code="X90001")
    assert (practice.sub_icb_code, practice.icb_code, practice.supplier) == ("01T", "", "")
    assert PcnRecord.objects.get(code="UX0001").sub_icb_name == "NHS X CCG"


def test_an_older_map_never_overwrites_a_newer_one(files):
    newer = files.csv(
        "newer.csv", MAP_HEADER, [map_row("X90001", "NEW NAME", "UX0002", "NEW PCN", "01Jul2030")]
    )
    older = files.csv(
        "older.csv",
        MAP_HEADER,
        [
            map_row("X90001", "OLD NAME", "UX0001", "OLD PCN", "01Jan2030"),
            map_row("X90009", "ONLY IN OLD", "UX0002", "OLD NAME OF NEW PCN", "01Jan2030"),
        ],
    )
    assert load_file(newer).status == "loaded"
    assert load_file(older).status == "loaded"

    practice = PracticeRecord.objects.get(code="X90001")
    assert (practice.name, practice.pcn_code) == ("NEW NAME", "UX0002")
    assert PcnRecord.objects.get(code="UX0002").name == "NEW PCN"
    # What only the older file knows is still taken.
    assert PracticeRecord.objects.get(code="X90009").name == "ONLY IN OLD"
    assert PcnRecord.objects.get(code="UX0001").name == "OLD PCN"


# --- registered patients ------------------------------------------------------------------


@pytest.mark.parametrize("form", ["plain", "gz", "zip"])
def test_quin_age_keeps_practice_and_pcn_rows_only(files, form):
    path = files.csv("quin.csv", QUIN_AGE_HEADER, quin_age_rows(), form=form, bom=True)
    result = load_file(path)
    assert result.status == "loaded", result.errors
    assert (result.rows, result.stored) == (6, 4)
    stored = RegisteredPatients.objects.filter(extract_date=EXTRACT)
    assert set(stored.values_list("org_type", flat=True)) == {"GP", "PCN"}
    assert stored.get(org_code="X90001", sex="ALL", age_band="ALL").patients == 5764


def test_quin_age_accepts_the_old_date_spelling(files):
    path = files.csv("quin.csv", QUIN_AGE_HEADER, quin_age_rows(extract="01JUL2030"))
    assert load_file(path).status == "loaded"
    assert RegisteredPatients.objects.filter(org_code="X90001", extract_date=EXTRACT).count() == 3


@pytest.mark.parametrize(
    ("sub_icb", "extract"), [("SUB_ICB_LOCATION_CODE", "2030-04-01"), ("CCG_CODE", "01APR2030")]
)
def test_all_ages_file_stores_practice_and_pcn_totals(files, sub_icb, extract):
    header = ["PUBLICATION", "EXTRACT_DATE", "TYPE", sub_icb, "ONS_CODE", "CODE", "POSTCODE",
              "SEX", "AGE", "NUMBER_OF_PATIENTS"]  # fmt: skip
    rows = [
        [
            "GP_PRAC_PAT_LIST",
            extract,
            "GP",
            "16C",
            "E1",
            "X90001",
            "TS18 1HU",
            "ALL",
            "ALL",
            "3747",
        ],
        ["GP_PRAC_PAT_LIST", extract, "PCN", "16C", "E1", "UX0001", "", "ALL", "ALL", "40000"],
        ["GP_PRAC_PAT_LIST", extract, "GP", "16C", "E1", "X90001", "TS18 1HU", "MALE", "7", "12"],
        ["GP_PRAC_PAT_LIST", extract, "SUB_ICB", "16C", "E1", "16C", "", "ALL", "ALL", "99999"],
    ]
    result = load_file(files.csv("gp-reg-pat-prac-all.csv", header, rows))
    assert result.status == "loaded", result.errors
    assert result.layout == "registered_patients_all"
    stored = RegisteredPatients.objects.filter(extract_date=dt.date(2030, 4, 1))
    assert sorted(stored.values_list("org_type", "org_code", "sex", "age_band", "patients")) == [
        ("GP", "X90001", "ALL", "ALL", 3747),
        ("PCN", "UX0001", "ALL", "ALL", 40000),
    ]


# --- rejection ----------------------------------------------------------------------------


def test_a_bad_row_rejects_the_whole_file_naming_line_and_column(files):
    rows = quin_age_rows()
    rows[1][-1] = "abc"  # line 3: header is line 1, first data row line 2
    path = files.csv("name.csv", QUIN_AGE_HEADER, rows)
    before = counts()

    result = load_file(path)

    assert result.status == "rejected"
    assert result.errors == [
        'name.csv:3: NUMBER_OF_PATIENTS: "abc" is not a whole number of 0 or more'
    ]
    assert counts() == before
    log = ImportLog.objects.get(file_name="name.csv")
    assert (log.status, log.rows) == (ImportLog.Status.REJECTED, 6)
    assert log.errors == result.errors[0]


def test_every_bad_row_is_reported_not_just_the_first(files):
    rows = quin_age_rows()
    rows[0][1] = "yesterday"
    rows[2][6] = "OTHER"
    rows[3][7] = "old"
    result = load_file(files.csv("bad.csv", QUIN_AGE_HEADER, rows))
    assert result.errors == [
        'bad.csv:2: EXTRACT_DATE: "yesterday" is not a date'
        " (expected e.g. 2026-07-01 or 01Jul2026)",
        'bad.csv:4: SEX: "OTHER" is not ALL, MALE or FEMALE',
        'bad.csv:5: AGE_GROUP_5: "OLD" is not an age band such as 0_4, 95+ or ALL',
    ]


def test_a_rejected_file_does_not_stop_a_good_one_in_the_same_run(files):
    rows = quin_age_rows()
    rows[1][-1] = "abc"
    bad = files.csv("bad.csv", QUIN_AGE_HEADER, rows)
    good = files.csv("good.csv", MAP_HEADER, [map_row("X90001", "GOOD PRACTICE", "UX0001", "P")])
    out = io.StringIO()

    with pytest.raises(CommandError, match="1 of 2 files rejected"):
        call_command("load_reference", str(bad), str(good), stdout=out)

    assert PracticeRecord.objects.filter(code="X90001").exists()
    assert not RegisteredPatients.objects.filter(extract_date=EXTRACT).exists()
    output = out.getvalue()
    assert "rejected  bad.csv (registered_patients_by_age): 1 error, nothing imported" in output
    assert 'bad.csv:3: NUMBER_OF_PATIENTS: "abc"' in output
    assert "loaded    good.csv (practice_map): 1 rows, 2 stored" in output


def test_printed_errors_are_capped(files):
    rows = [quin_row("GP", f"X9{n:04}", "ALL", "ALL", "many") for n in range(120)]
    out = io.StringIO()
    result = load_file(files.csv("many.csv", QUIN_AGE_HEADER, rows), stdout=out)
    assert result.error_count == 120
    printed = out.getvalue().splitlines()
    assert printed[-1] == "  ... and 70 more"
    assert sum("many.csv:" in line for line in printed) == 50


def test_error_in_a_multi_line_row_points_at_the_line_it_starts_on(files):
    text = (
        ",".join(QUIN_AGE_HEADER) + "\r\n"
        'GP_PRAC_PAT_LIST,2030-07-01,GP,X90001,,"L8\r\n6QP",ALL,ALL,12\r\n'
        "GP_PRAC_PAT_LIST,2030-07-01,GP,X90002,,,ALL,ALL,-4\r\n"
    )
    result = load_file(files.text("multi.csv", text))
    assert result.errors == [
        'multi.csv:4: NUMBER_OF_PATIENTS: "-4" is not a whole number of 0 or more'
    ]


# --- idempotence --------------------------------------------------------------------------


def test_loading_the_same_file_twice_is_skipped_as_unchanged(files):
    path = files.csv("quin.csv", QUIN_AGE_HEADER, quin_age_rows(), form="gz")
    first = load_file(path)
    after_first = counts()
    second = load_file(path)

    assert (first.status, second.status) == ("loaded", "unchanged")
    assert second.layout == "registered_patients_by_age"
    assert counts() == after_first
    assert list(
        ImportLog.objects.filter(file_name="quin.csv.gz").values_list("status", flat=True)
    ) == [
        "unchanged",
        "loaded",
    ]


def test_forced_reload_and_a_renamed_copy_leave_the_same_rows(files, tmp_path):
    path = files.csv("quin.csv", QUIN_AGE_HEADER, quin_age_rows())
    load_file(path)
    after_first = counts()

    forced = load_file(path, force=True)
    assert forced.status == "loaded"
    assert counts() == after_first

    copy = files.csv("copy.csv", QUIN_AGE_HEADER, quin_age_rows(), form="zip")
    assert load_file(copy).status == "loaded"
    assert counts() == after_first


def test_force_option_of_the_command_reloads(files):
    path = files.csv("map.csv", MAP_HEADER, [map_row("X90001", "A PRACTICE", "UX0001", "A PCN")])
    call_command("load_reference", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_reference", str(path), stdout=out)
    assert out.getvalue().startswith("unchanged map.csv (practice_map)")
    out = io.StringIO()
    call_command("load_reference", str(path), "--force", stdout=out)
    assert out.getvalue().startswith("loaded    map.csv (practice_map)")


# --- workforce ----------------------------------------------------------------------------


def test_workforce_census_replaces_earlier_rows_of_that_census_only(files):
    first = files.csv(
        "wf-1.csv",
        WORKFORCE_HEADER,
        [
            workforce_row("UX0001", "1"),
            workforce_row("UX0001", "0.5", "900002"),
            workforce_row("UX0002", "0.933333333", ""),
        ],  # fmt: skip
        bom=True,
    )
    other_census = files.csv(
        "wf-other.csv", WORKFORCE_HEADER, [workforce_row("UX0001", "1", month="2")]
    )
    revised = files.csv(
        "wf-2.csv", WORKFORCE_HEADER, [workforce_row("UX0001", "0.8", role="Senior Pharmacist")]
    )
    census = dt.date(2030, 1, 31)
    for path in (first, other_census):
        assert load_file(path).status == "loaded"
    assert WorkforceRecord.objects.filter(census_date=census).count() == 3
    contracted = WorkforceRecord.objects.get(census_date=census, pcn_code="UX0002")
    assert (contracted.fte, contracted.unique_identifier) == (Decimal("0.9333"), "")

    assert load_file(revised).status == "loaded"

    rows = WorkforceRecord.objects.filter(census_date=census)
    assert list(rows.values_list("detailed_role", "fte")) == [("Senior Pharmacist", Decimal("0.8"))]
    assert WorkforceRecord.objects.filter(census_date=dt.date(2030, 2, 28)).count() == 1


def test_workforce_rejects_negative_fte_and_keeps_the_census_it_would_replace(files):
    good = files.csv("wf.csv", WORKFORCE_HEADER, [workforce_row("UX0001", "1")])
    bad = files.csv(
        "wf-bad.csv",
        WORKFORCE_HEADER,
        [
            workforce_row("UX0001", "0.5"),
            workforce_row("UX0001", "-1"),
            workforce_row("UX0001", "1", month="13"),
        ],  # fmt: skip
    )
    load_file(good)
    result = load_file(bad)
    assert result.errors == [
        'wf-bad.csv:3: FTE: "-1" is not a number of 0 or more',
        'wf-bad.csv:4: CENSUS_MONTH: "13" is not a month number (1-12)',
    ]
    assert list(WorkforceRecord.objects.filter(census_date=dt.date(2030, 1, 31))) != []
    assert WorkforceRecord.objects.filter(census_date=dt.date(2030, 1, 31)).get().fte == 1


# --- ePCN ---------------------------------------------------------------------------------


def epcn_book(files, details, partners, name="ePCN.xlsx"):
    return files.workbook(
        name,
        {
            "PCNDetails": [EPCN_DETAILS_HEADER, *details],
            "PCN Core Partner Details": [EPCN_PARTNERS_HEADER, *partners],
        },
    )


def test_epcn_adds_addresses_and_memberships_without_overwriting_the_map(files):
    load_file(files.csv("map.csv", MAP_HEADER, [map_row("X90001", "P1", "UX0001", "MAP NAME")]))
    book = epcn_book(
        files,
        [
            epcn_details_row(
                "UX0001", "OLD ODS NAME", address="STUDENT CENTRE", postcode="L69 3GD"
            ),
            epcn_details_row("UX0009", "CLOSED PCN", close="20210331"),
        ],
        [
            epcn_partner_row("X90001", "UX0009", end="20210331"),
            epcn_partner_row("X90001", "UX0001", start="20210401"),
        ],
    )
    result = load_file(book)
    assert result.status == "loaded", result.errors
    assert (result.layout, result.rows, result.stored) == ("epcn", 4, 4)

    kept = PcnRecord.objects.get(code="UX0001")
    assert (kept.name, kept.extract_date) == ("MAP NAME", EXTRACT)
    assert (kept.address, kept.postcode) == ("STUDENT CENTRE, LIVERPOOL", "L69 3GD")
    assert kept.open_date == dt.date(2019, 10, 1)
    closed = PcnRecord.objects.get(code="UX0009")
    assert (closed.name, closed.sub_icb_code, closed.close_date) == (
        "CLOSED PCN",
        "99A",
        dt.date(2021, 3, 31),
    )
    memberships = PcnMembershipRecord.objects.filter(practice_code="X90001").order_by("start_date")
    assert [(m.pcn_code, m.start_date, m.end_date) for m in memberships] == [
        ("UX0009", dt.date(2019, 10, 1), dt.date(2021, 3, 31)),
        ("UX0001", dt.date(2021, 4, 1), None),
    ]

    # A map loaded after ePCN keeps the address ePCN gave.
    load_file(files.csv("map2.csv", MAP_HEADER, [map_row("X90001", "P1", "UX0001", "NEWER")]))
    assert PcnRecord.objects.get(code="UX0001").address == "STUDENT CENTRE, LIVERPOOL"


def test_epcn_errors_name_file_sheet_and_row(files):
    book = epcn_book(
        files,
        [epcn_details_row("UX0001", "A PCN")],
        [epcn_partner_row("X90001", "UX0001"), epcn_partner_row("X90002", "UX0001", start="")],
    )
    result = load_file(book)
    assert result.errors == [
        "ePCN.xlsx:PCN Core Partner Details:3: Practice to PCN Relationship Start Date: is blank"
    ]
    assert not PcnRecord.objects.filter(code="UX0001").exists()


def test_reloading_epcn_updates_memberships_in_place(files):
    first = epcn_book(files, [], [epcn_partner_row("X90001", "UX0001")], name="a.xlsx")
    ended = epcn_book(
        files, [], [epcn_partner_row("X90001", "UX0001", end="20240331")], name="b.xlsx"
    )
    load_file(first)
    load_file(ended)
    (membership,) = PcnMembershipRecord.objects.filter(practice_code="X90001")
    assert membership.end_date == dt.date(2024, 3, 31)


# --- population estimates -----------------------------------------------------------------


def test_population_estimates_skip_blanks_and_the_totals_row(files):
    header = ["Practice Code", "Practice Name", "PCN Code", "Raw list size", "Adjusted Population"]
    rows = [
        ["X90001", "ONE", "UX0001", "4239", "4008"],
        ["X90002", "TWO", "no_data", "", "1,234"],
        ["", "", "", "63724163", "63724141"],
    ]
    result = load_file(files.csv("alomco.csv", header, rows, form="gz"))
    assert result.status == "loaded", result.errors
    stored = PopulationEstimate.objects.filter(practice_code__startswith="X9")
    assert sorted(stored.values_list("practice_code", "basis", "value")) == [
        ("X90001", "adjusted", 4008),
        ("X90001", "registered", 4239),
        ("X90002", "adjusted", 1234),
    ]
    estimate = stored.get(practice_code="X90001", basis="registered")
    assert estimate.as_at == dt.date(2025, 1, 1)
    assert "Unofficial estimate" in estimate.source


def test_weighted_population_file_gives_three_bases_at_1_january_2024(files):
    header = ["Practice Code", "Raw list size 2024/25", "Adjusted Population 2024/25",
              "weighted population 2024/25", "Raw list size as of 01/01/25"]  # fmt: skip
    result = load_file(files.csv("w.csv", header, [["X90001", "4096", "3695", "3249", "0"]]))
    assert result.layout == "population_estimates_2024_25"
    stored = PopulationEstimate.objects.filter(practice_code="X90001")
    assert sorted(stored.values_list("basis", "as_at", "value")) == [
        ("adjusted", dt.date(2024, 1, 1), 3695),
        ("registered", dt.date(2024, 1, 1), 4096),
        ("weighted", dt.date(2024, 1, 1), 3249),
    ]
    assert "(2024/25)" in stored.first().source


def test_a_figure_that_is_not_a_number_is_an_error(files):
    header = ["Practice Code", "Raw list size", "Adjusted Population"]
    result = load_file(files.csv("a.csv", header, [["X90001", "n/a", "12.5"]]))
    assert result.errors == [
        'a.csv:2: Raw list size: "n/a" is not a whole number of 0 or more',
    ]


# --- several files ------------------------------------------------------------------------


def test_load_files_returns_one_result_per_file(files):
    good = files.csv("m.csv", MAP_HEADER, [map_row("X90001", "P", "UX0001", "PCN")])
    missing = files.directory / "missing.csv"
    results = load_files([good, missing])
    assert [r.status for r in results] == ["loaded", "rejected"]
    assert results[1].errors[0].startswith("missing.csv: cannot open")
    assert ImportLog.objects.filter(file_name="missing.csv", status="rejected").exists()
