"""NHS England Digital "Patients Registered at a GP Practice": list sizes by sex and age."""

from __future__ import annotations

from ..models import RegisteredPatients
from .base import AGE_BAND, Layout, Row, Sink, TableSpec, UpsertBatch, UpsertSink, column

# The product works with practices and PCNs only; ICB, sub-ICB and region rows are totals of
# those and would add rows nobody reads.
KEPT_ORG_TYPES = frozenset({"GP", "PCN"})
SEXES = {"ALL": "ALL", "MALE": "MALE", "FEMALE": "FEMALE", "M": "MALE", "F": "FEMALE"}
ALL = "ALL"

ORG_CODE_LIMIT = RegisteredPatients._meta.get_field("org_code").max_length
ORG_TYPE_LIMIT = RegisteredPatients._meta.get_field("org_type").max_length


def _sex(row: Row, key: str) -> str:
    text = row.text(key, required=True).upper()
    try:
        return SEXES[text]
    except KeyError:
        raise row.error(key, f'"{text}" is not ALL, MALE or FEMALE') from None


def _age_band(row: Row, key: str) -> str:
    text = row.text(key, required=True).upper()
    if not AGE_BAND.match(text):
        raise row.error(key, f'"{text}" is not an age band such as 0_4, 95+ or ALL')
    return text


def _sink() -> Sink:
    return UpsertSink(
        UpsertBatch(
            RegisteredPatients,
            ["org_code", "org_type", "extract_date", "sex", "age_band"],
            ["patients"],
        )
    )


class RegisteredPatientsByAge(Layout):
    name = "registered_patients_by_age"
    description = "NHS England Digital gp-reg-pat-prac-quin-age"
    tables = (
        TableSpec(
            "quin-age",
            (
                column("extract_date", "EXTRACT_DATE"),
                column("org_type", "ORG_TYPE"),
                column("org_code", "ORG_CODE"),
                column("sex", "SEX"),
                column("age_band", "AGE_GROUP_5"),
                column("patients", "NUMBER_OF_PATIENTS"),
            ),
        ),
    )

    def parse(self, table: str, row: Row):
        # Every row is checked, even those not kept, so a damaged file is noticed.
        record = RegisteredPatients(
            extract_date=row.date("extract_date"),
            org_type=row.text("org_type", required=True, limit=ORG_TYPE_LIMIT),
            org_code=row.code("org_code", limit=ORG_CODE_LIMIT),
            sex=_sex(row, "sex"),
            age_band=_age_band(row, "age_band"),
            patients=row.count("patients"),
        )
        return (record,) if record.org_type in KEPT_ORG_TYPES else ()

    def sink(self) -> Sink:
        return _sink()


class RegisteredPatientsAll(Layout):
    name = "registered_patients_all"
    description = "NHS England Digital gp-reg-pat-prac-all"
    tables = (
        TableSpec(
            "all",
            (
                column("extract_date", "EXTRACT_DATE"),
                column("org_type", "TYPE"),
                column("org_code", "CODE"),
                column("sex", "SEX"),
                column("age", "AGE"),
                column("patients", "NUMBER_OF_PATIENTS"),
                # Not stored, but part of what makes this layout this layout (CCG before 2022).
                column("sub_icb_code", "SUB_ICB_LOCATION_CODE", "CCG_CODE"),
            ),
        ),
    )

    def parse(self, table: str, row: Row):
        record = RegisteredPatients(
            extract_date=row.date("extract_date"),
            org_type=row.text("org_type", required=True, limit=ORG_TYPE_LIMIT),
            org_code=row.code("org_code", limit=ORG_CODE_LIMIT),
            sex=_sex(row, "sex"),
            age_band=ALL,
            patients=row.count("patients"),
        )
        age = row.text("age", required=True).upper()
        # Single years of age add nothing the 5-year file does not give; keep the totals.
        if age != ALL or record.org_type not in KEPT_ORG_TYPES:
            return ()
        return (record,)

    def sink(self) -> Sink:
        return _sink()
