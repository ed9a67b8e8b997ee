"""Every layout is recognised from its header row, in its current and older spellings."""

import pytest

from pcn.reference.layouts import LAYOUTS, match_header
from pcn.reference.loader import detect_layout, load_file
from pcn.reference.models import ImportLog

from .conftest import (
    EPCN_DETAILS_HEADER,
    EPCN_PARTNERS_HEADER,
    MAP_HEADER,
    QUIN_AGE_HEADER,
    WORKFORCE_HEADER,
)

OLD_MAP_HEADER = [
    "PUBLICATION",
    "EXTRACT_DATE",
    "PRACTICE_CODE",
    "PRACTICE_NAME",
    "PRACTICE_POSTCODE",
    "ONS_CCG_CODE",
    "CCG_CODE",
    "CCG_NAME",
    "PCN_CODE",
    "PCN_NAME",
]
ALL_HEADER = [
    "PUBLICATION",
    "EXTRACT_DATE",
    "TYPE",
    "SUB_ICB_LOCATION_CODE",
    "ONS_SUB_ICB_LOCATION_CODE",
    "CODE",
    "POSTCODE",
    "SEX",
    "AGE",
    "NUMBER_OF_PATIENTS",
]
OLD_ALL_HEADER = [
    "PUBLICATION",
    "EXTRACT_DATE",
    "TYPE",
    "CCG_CODE",
    "ONS_CCG_CODE",
    "CODE",
    "POSTCODE",
    "SEX",
    "AGE",
    "NUMBER_OF_PATIENTS",
]
POPULATION_2025_HEADER = [
    "Practice Code",
    "Practice Name",
    "PCN Code",
    "PCN Name",
    "ICB Code",
    "ICB Name",
    "Region code",
    "Region",
    "Raw list size",
    "Adjusted Population",
    "PCN member January 25",
]
POPULATION_2024_25_HEADER = [
    "Practice Code",
    "Practice Name",
    "PCN Code",
    "PCN Name",
    "Region",
    "Raw list size 2024/25",
    "Adjusted Population 2024/25",
    "weighted population 2024/25",
    "Historical Adjustment Factor (%):",
    "Historical Weighting Factor (%):",
    "Raw list size as of 01/01/25",
]
OLD_EPCN_DETAILS_HEADER = [
    "PCN Code",
    "PCN Name",
    "Current Clinical Commissioning Group Code",
    "Current Clinical Commissioning Group Name",
    "Open Date",
    "Close Date",
    "Address Line 1",
    "Address Line 2",
    "Address Line 3",
    "Address Line 4",
    "Address Line 5",
    "Postcode",
]
OLD_EPCN_PARTNERS_HEADER = [
    "Partner Organisation Code",
    "Partner Name",
    "Practice Parent CCG Code",
    "Practice Parent CCG Name",
    "PCN Code",
    "PCN Name",
    "PCN Parent CCG Code",
    "PCN Parent CCG Name",
    "Practice to PCN Relationship Start Date",
    "Practice to PCN Relationship End Date",
    "Practice CCG and PCN CCG match?",
]


@pytest.mark.parametrize(
    ("header", "layout"),
    [
        (MAP_HEADER, "practice_map"),
        (OLD_MAP_HEADER, "practice_map"),
        (QUIN_AGE_HEADER, "registered_patients_by_age"),
        (ALL_HEADER, "registered_patients_all"),
        (OLD_ALL_HEADER, "registered_patients_all"),
        (WORKFORCE_HEADER, "pcn_workforce"),
        ([h.upper() for h in WORKFORCE_HEADER], "pcn_workforce"),
        (POPULATION_2025_HEADER, "population_estimates_2025"),
        (POPULATION_2024_25_HEADER, "population_estimates_2024_25"),
    ],
)
def test_csv_layout_is_recognised_by_its_header(files, header, layout):
    path = files.csv("any-name.csv", header, [])
    assert detect_layout(path) == layout


@pytest.mark.parametrize(
    ("details", "partners"),
    [
        (EPCN_DETAILS_HEADER, EPCN_PARTNERS_HEADER),
        (OLD_EPCN_DETAILS_HEADER, OLD_EPCN_PARTNERS_HEADER),
    ],
)
def test_epcn_workbook_is_recognised_by_its_sheet_headers(files, details, partners):
    path = files.workbook("book.xlsx", {"Sheet A": [details], "Sheet B": [partners]})
    assert detect_layout(path) == "epcn"


def test_every_table_of_every_layout_matches_only_itself():
    for layout in LAYOUTS:
        for spec in layout.tables:
            header = [col.names[0] for col in spec.columns]
            matches = match_header(header)
            assert [(m.layout.name, m.spec.name) for m in matches] == [(layout.name, spec.name)]


@pytest.mark.django_db
def test_unknown_header_is_refused_listing_known_layouts_and_imports_nothing(files):
    path = files.csv("mystery.csv", ["FOO", "BAR"], [["1", "2"]])
    result = load_file(path)
    assert result.status == "rejected"
    (message,) = result.errors
    assert message.startswith("mystery.csv: header matches no known layout")
    assert "FOO, BAR" in message
    for layout in LAYOUTS:
        assert layout.name in message
    log = ImportLog.objects.get(file_name="mystery.csv")
    assert log.status == ImportLog.Status.REJECTED
    assert "no known layout" in log.errors


@pytest.mark.django_db
def test_workbook_missing_one_epcn_sheet_is_refused(files):
    path = files.workbook("half.xlsx", {"PCNDetails": [EPCN_DETAILS_HEADER]})
    result = load_file(path)
    assert result.status == "rejected"
    assert "has no table for: PCN core partners" in result.errors[0]
