"""The ARRS role catalogue ships as reference data: sourced figures, unknowns left unknown."""

import csv
import datetime as dt

import pytest
from django.conf import settings

from pcn.reference.loader import detect_layout, load_file
from pcn.reference.models import ArrsRole, NhsRoleMapping, WorkforceRecord
from pcn.reference.queries import current_financial_year, role_catalogue

pytestmark = pytest.mark.django_db

HEADER = [
    "year",
    "code",
    "name",
    "band",
    "reimbursement",
    "supervision_every_days",
    "sources",
]
NEW_IN_2025_26 = {
    "general-practice-nurse-new",
    "general-practice-nurse-experienced",
    "consultant-nurse",
    "healthcare-support-worker",
}


def role(year, code):
    return ArrsRole.objects.get(year=year, code=code)


def write_csv(path, rows, header=HEADER):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_the_shipped_catalogue_is_loaded_with_its_sources():
    pharmacist = role("2025/26", "clinical-pharmacist")
    assert pharmacist.band == "7–8a"
    assert pharmacist.supervision_every_days == 30
    assert "S2" in pharmacist.sources


def test_a_figure_the_sources_dont_give_is_unknown():
    assert role("2025/26", "physician-associate").supervision_every_days is None
    assert role("2025/26", "care-coordinator").supervision_every_days is None


def test_each_year_has_its_role_list():
    codes = {year: {r.code for r in role_catalogue(year)} for year in ("2024/25", "2025/26")}
    assert len(codes["2025/26"]) == 25
    assert codes["2025/26"] - codes["2024/25"] == NEW_IN_2025_26
    assert codes["2024/25"] <= codes["2025/26"]
    assert {r.code for r in role_catalogue("2026/27")} == codes["2025/26"]
    names = [r.name for r in role_catalogue("2025/26")]
    assert names == sorted(names)
    mhp = role("2025/26", "mental-health-practitioner-cyp")
    assert mhp.reimbursement == ArrsRole.Reimbursement.MENTAL_HEALTH
    assert role_catalogue("1999/00") == []


def test_the_shipped_file_has_one_row_per_year_and_role_and_sources_on_every_row():
    path = settings.REFERENCE_DATA_DIR / "arrs_roles.csv"
    assert detect_layout(path) == "arrs_roles"
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    keys = [(row["year"], row["code"]) for row in rows]
    assert len(keys) == len(set(keys))
    assert all(row["sources"].strip() for row in rows)


def test_a_blank_figure_is_stored_as_null(tmp_path):
    path = write_csv(
        tmp_path / "roles.csv",
        [
            [
                "2030/31",
                "test-role",
                "Test role",
                "5",
                "standard",
                "",
                "S0",
            ]
        ],
    )
    result = load_file(path)
    assert result.status == "loaded", result.errors
    stored = role("2030/31", "test-role")
    assert stored.supervision_every_days is None


def test_a_figure_that_is_not_a_number_rejects_the_whole_file(tmp_path):
    path = write_csv(
        tmp_path / "roles.csv",
        [
            ["2030/31", "good-role", "Good", "5", "standard", "30", "S0"],
            ["2030/31", "bad-role", "Bad", "5", "standard", "about 40", "S0"],
            ["2030/31", "worse-role", "Worse", "5", "sometimes", "x", "S0"],
        ],
    )
    result = load_file(path)
    assert result.status == "rejected"
    assert any(e.startswith("roles.csv:3: supervision_every_days: ") for e in result.errors), (
        result.errors
    )
    assert any(e.startswith("roles.csv:4: reimbursement: ") for e in result.errors)
    assert not ArrsRole.objects.filter(year="2030/31").exists()


def test_a_year_that_is_not_a_financial_year_is_a_row_error(tmp_path):
    path = write_csv(
        tmp_path / "roles.csv",
        [["2030/32", "a-role", "A", "5", "standard", "", "S0"]],
    )
    result = load_file(path)
    assert result.status == "rejected"
    assert result.errors[0].startswith("roles.csv:2: year: ")


@pytest.mark.parametrize(
    "today, year",
    [
        (dt.date(2026, 11, 22), "2026/27"),
        (dt.date(2026, 4, 1), "2026/27"),
        (dt.date(2026, 3, 31), "2025/26"),
        (dt.date(2025, 1, 1), "2024/25"),
        (dt.date(2099, 12, 31), "2099/00"),
    ],
)
def test_current_financial_year(today, year):
    assert current_financial_year(today) == year


def test_current_financial_year_defaults_to_today():
    assert current_financial_year() == current_financial_year(dt.date.today())


def test_the_role_map_covers_every_nhs_role_and_names_only_catalogue_roles():
    mapped = set(NhsRoleMapping.objects.values_list("staff_role", "detailed_role"))
    in_file = set(WorkforceRecord.objects.values_list("staff_role", "detailed_role").distinct())
    assert in_file and in_file <= mapped
    codes = set(NhsRoleMapping.objects.exclude(role_code="").values_list("role_code", flat=True))
    assert codes <= set(ArrsRole.objects.values_list("code", flat=True))
    assert NhsRoleMapping.objects.get(
        staff_role="Pharmacists", detailed_role="Pharmacist"
    ).role_code == ("clinical-pharmacist")
    assert (
        NhsRoleMapping.objects.get(staff_role="Managers", detailed_role="Manager").role_code == ""
    )
