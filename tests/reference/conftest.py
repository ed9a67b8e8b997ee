"""Small NHS-shaped files written per test, in each wrapping the loader accepts.

Codes and dates are chosen not to clash with the real files the shared test database holds
(practices X9…, PCNs UX…, extracts in 2030).
"""

import csv
import gzip
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

MAP_HEADER = [
    "PUBLICATION",
    "EXTRACT_DATE",
    "PRACTICE_CODE",
    "PRACTICE_NAME",
    "PRACTICE_POSTCODE",
    "PCN_CODE",
    "PCN_NAME",
    "ONS_SUB_ICB_LOCATION_CODE",
    "SUB_ICB_LOCATION_CODE",
    "SUB_ICB_LOCATION_NAME",
    "ONS_ICB_CODE",
    "ICB_CODE",
    "ICB_NAME",
    "ONS_COMM_REGION_CODE",
    "COMM_REGION_CODE",
    "COMM_REGION_NAME",
    "SUPPLIER_NAME",
]


def map_row(practice, name, pcn, pcn_name, extract="01Jul2030", postcode="L1 1AA"):
    return [
        "GP_PRAC_PAT_LIST",
        extract,
        practice,
        name,
        postcode,
        pcn,
        pcn_name,
        "E38000101",
        "99A",
        "NHS Cheshire and Merseyside ICB - 99A",
        "E54000008",
        "QYG",
        "NHS Cheshire and Merseyside Integrated Care Board",
        "E40000014",
        "Y62",
        "North West",
        "EMIS",
    ]


QUIN_AGE_HEADER = [
    "PUBLICATION",
    "EXTRACT_DATE",
    "ORG_TYPE",
    "ORG_CODE",
    "ONS_CODE",
    "POSTCODE",
    "SEX",
    "AGE_GROUP_5",
    "NUMBER_OF_PATIENTS",
]


def quin_row(org_type, code, sex, band, patients, extract="2030-07-01"):
    return ["GP_PRAC_PAT_LIST", extract, org_type, code, "", "", sex, band, patients]


WORKFORCE_HEADER = [
    "Data_source",
    "CENSUS_YEAR",
    "CENSUS_MONTH",
    "PCN_CODE",
    "PCN_NAME",
    "SUB_ICB_CODE",
    "SUB_ICB_NAME",
    "ICB_CODE",
    "ICB_NAME",
    "COMM_REGION_CODE",
    "COMM_REGION_NAME",
    "STAFF_GROUP",
    "STAFF_ROLE",
    "DETAILED_STAFF_ROLE",
    "FTE",
    "UNIQUE_IDENTIFIER",
]


def workforce_row(pcn, fte, identifier="900001", year="2030", month="1", role="Pharmacist"):
    return [
        "NWRS Staff",
        year,
        month,
        pcn,
        "TEST PCN",
        "99A",
        "NHS Cheshire and Merseyside ICB - 99A",
        "QYG",
        "NHS Cheshire and Merseyside ICB",
        "Y62",
        "North West",
        "Other Direct Patient Care staff",
        "Pharmacists",
        role,
        fte,
        identifier,
    ]


EPCN_DETAILS_HEADER = [
    "PCN Code",
    "PCN Name",
    "Current Sub ICB Loc Code",
    "Sub ICB Location",
    "Open Date",
    "Close Date",
    "Address Line 1",
    "Address Line 2",
    "Address Line 3",
    "Address Line 4",
    "Address Line 5",
    "Postcode",
]
# As ODS publishes them: line breaks inside the header cells, a trailing space on the last.
EPCN_PARTNERS_HEADER = [
    "Partner\nOrganisation\nCode",
    "Partner\nName",
    "Practice\nParent\nSub ICB Loc Code",
    "Practice\nParent\nSub ICB Loc Name",
    "PCN Code",
    "PCN Name",
    "PCN Parent\nSub ICB Loc Code",
    "PCN Parent\nSub ICB Loc Name",
    "Practice to PCN\nRelationship\nStart Date",
    "Practice to PCN\nRelationship\nEnd Date",
    "Practice Sub ICB Loc and PCN Sub ICB Loc Match ",
]


def epcn_details_row(code, name, address="1 HIGH STREET", postcode="L1 2BB", close=""):
    return [code, name, "99A", "NHS CHESHIRE AND MERSEYSIDE ICB - 99A", "20191001", close,
            address, "", "", "LIVERPOOL", "", postcode]  # fmt: skip


def epcn_partner_row(practice, pcn, start="20191001", end=None):
    return [practice, f"PRACTICE {practice}", "99A", "NHS CM ICB - 99A", pcn, f"PCN {pcn}",
            "99A", "NHS CM ICB - 99A", start, end, True]  # fmt: skip


def csv_text(header, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


class Files:
    """Writes test files into one directory: `files.csv("name.csv", header, rows, form="zip")`."""

    def __init__(self, directory: Path):
        self.directory = directory

    def csv(self, name, header, rows, *, form="plain", bom=False) -> Path:
        data = ("\ufeff" if bom else "") + csv_text(header, rows)
        return self.text(name, data, form=form)

    def text(self, name, data: str, *, form="plain") -> Path:
        raw = data.encode("utf-8")
        path = self.directory / name
        if form == "plain":
            path.write_bytes(raw)
        elif form == "gz":
            path = path.with_name(name + ".gz")
            path.write_bytes(gzip.compress(raw))
        elif form == "zip":
            path = path.with_suffix(".zip")
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(name, raw)
        else:
            raise ValueError(form)
        return path

    def workbook(self, name, sheets: dict[str, list[list]]) -> Path:
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        for title, rows in sheets.items():
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(row)
        path = self.directory / name
        workbook.save(path)
        return path


@pytest.fixture
def files(tmp_path) -> Files:
    return Files(tmp_path)
