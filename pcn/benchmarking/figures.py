"""Every PCN's figures from the NHS files alone, read in one batch: registered patients, the
share aged 65+, weighted patients where known, and census FTE by ARRS role.

For each PCN in the workforce census:

- Registered patients: the PCN's own row of "Patients Registered at a GP Practice" by 5-year
  age band (ORG_TYPE PCN, SEX ALL, AGE_GROUP_5 ALL), at the file's latest extract.
- Share aged 65+: the PCN's male and female patients in the bands 65_69 … 95+ over its male and
  female patients in every band, from the same rows.
- Weighted patients: the sum of the latest weighted population estimate (unofficial, 1 Jan
  2024) of each practice the practice map puts in the PCN; unknown if any of them has none.
- FTE: the census records of the PCN through the NHS role map (data/reference/nhs_role_map.csv)
  to the ARRS catalogue roles of the financial year the census falls in. A record whose role
  maps to no catalogue role, is not in the map, or maps to a role not in that year's catalogue
  counts under "other": never dropped, and the reasons are tallied (`Read.other`).

PCNs with figures are those in the census with registered patients; the rest are listed
(`Read.not_in_census`, `Read.no_patients`), not counted as zeros.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max

from pcn.core.years import year_of
from pcn.reference.census import map_is_unsure, role_map
from pcn.reference.models import (
    ArrsRole,
    PcnRecord,
    PopulationEstimate,
    PracticeRecord,
    RegisteredPatients,
    WorkforceRecord,
)

ALL_ARRS = "all-arrs"
ALL_ARRS_NAME = "All ARRS roles"
PER = Decimal(10_000)
OLDER_BANDS = frozenset({"65_69", "70_74", "75_79", "80_84", "85_89", "90_94", "95+"})
ZERO = Decimal(0)

CENSUS_SOURCE = "NHS England Digital, Primary Care Network Workforce (individual level)"
PATIENTS_SOURCE = (
    "NHS England Digital, Patients Registered at a GP Practice (by 5-year age band, PCN rows)"
)
WEIGHTED_SOURCE = (
    "Unofficial practice estimates (Alomco, from NHS England's PCN ready reckoner), summed "
    "over the practices in the NHS practice map"
)

# Why a census record counts as "other" rather than under an ARRS role.
NOT_ARRS = "not an ARRS catalogue role"
UNSURE = "the role map is unsure (possibly an ARRS role)"
NOT_MAPPED = "role not in the NHS role map"


@dataclass(frozen=True)
class PcnFigures:
    code: str
    name: str
    icb_code: str
    icb_name: str
    patients: int
    patients_date: dt.date
    weighted: int | None  # None: not every member practice has an estimate
    weighted_date: dt.date | None
    share_65_plus: Decimal  # a fraction, 0 to 1, to 4 places
    census_date: dt.date
    fte: dict[str, Decimal]  # every ARRS catalogue role of the census year (0 if none)
    fte_other: Decimal  # census FTE in no catalogue role (directors, admin, unmapped…)
    fte_total: Decimal  # every census record of the PCN: fte + fte_other
    records: int  # census records of the PCN
    practices: int  # practices the practice map puts in the PCN
    weighted_missing: int  # of those, how many have no weighted estimate

    @property
    def fte_arrs(self) -> Decimal:
        return sum(self.fte.values(), ZERO)

    def fte_of(self, role: str) -> Decimal:
        return self.fte_arrs if role == ALL_ARRS else self.fte.get(role, ZERO)

    def per_10k(self, role: str) -> Decimal:
        return self.fte_of(role) * PER / self.patients

    def per_10k_weighted(self, role: str) -> Decimal | None:
        if not self.weighted:
            return None
        return self.fte_of(role) * PER / self.weighted


@dataclass
class Tally:
    records: int = 0
    fte: Decimal = ZERO

    def add(self, fte: Decimal) -> None:
        self.records += 1
        self.fte += fte


@dataclass
class Read:
    """What one batch read found: every PCN's figures and what was left out."""

    census_date: dt.date | None = None
    patients_date: dt.date | None = None
    year: str = ""  # the financial year of the census: its ARRS catalogue
    roles: list[tuple[str, str]] = field(default_factory=list)  # (code, name), by name
    figures: dict[str, PcnFigures] = field(default_factory=dict)
    not_in_census: list[str] = field(default_factory=list)  # patients, no census record
    no_patients: dict[str, Tally] = field(default_factory=dict)  # census, no patients
    other: dict[str, Tally] = field(default_factory=dict)  # reason -> records counted "other"
    weighted_dates: list[dt.date] = field(default_factory=list)


def latest_patients_date() -> dt.date | None:
    return RegisteredPatients.objects.filter(org_type="PCN").aggregate(latest=Max("extract_date"))[
        "latest"
    ]


def read(census_date: dt.date | None, patients_date: dt.date | None) -> Read:
    """Every PCN's figures from the census of `census_date` and the patients file of
    `patients_date`, in a handful of queries; an empty Read when either is missing."""
    if census_date is None or patients_date is None:
        return Read()
    year = year_of(census_date)
    roles = list(
        ArrsRole.objects.filter(year=year).order_by("name", "code").values_list("code", "name")
    )
    catalogue = {code for code, _ in roles}
    mapping = role_map()

    fte: dict[str, dict[str, Decimal]] = defaultdict(dict)
    other: dict[str, Decimal] = defaultdict(Decimal)
    records: dict[str, int] = defaultdict(int)
    reasons: dict[str, Tally] = defaultdict(Tally)
    census = WorkforceRecord.objects.filter(census_date=census_date).values_list(
        "pcn_code", "staff_role", "detailed_role", "fte"
    )
    for pcn_code, staff_role, detailed_role, value in census.iterator(chunk_size=5000):
        value = Decimal(value)
        records[pcn_code] += 1
        role, note = mapping.get((staff_role, detailed_role), (None, ""))
        if role is None:
            reason = NOT_MAPPED
        elif not role:
            reason = UNSURE if map_is_unsure(note) else NOT_ARRS
        elif role not in catalogue:
            reason = f"{role}: not in the {year} ARRS catalogue"
        else:
            roles_of = fte[pcn_code]
            roles_of[role] = roles_of.get(role, ZERO) + value
            continue
        other[pcn_code] += value
        reasons[reason].add(value)

    totals, older, banded = {}, defaultdict(int), defaultdict(int)
    for code, sex, band, patients in RegisteredPatients.objects.filter(
        org_type="PCN", extract_date=patients_date
    ).values_list("org_code", "sex", "age_band", "patients"):
        if sex == "ALL" and band == "ALL":
            totals[code] = patients
        elif sex in ("MALE", "FEMALE") and band != "ALL":
            banded[code] += patients
            if band in OLDER_BANDS:
                older[code] += patients

    members: dict[str, list[str]] = defaultdict(list)
    for pcn_code, practice in PracticeRecord.objects.filter(pcn_code__in=list(records)).values_list(
        "pcn_code", "code"
    ):
        members[pcn_code].append(practice)
    weighted_estimates = {}  # practice -> (value, as_at), the latest
    for practice, value, as_at in (
        PopulationEstimate.objects.filter(basis=PopulationEstimate.Basis.WEIGHTED)
        .order_by("as_at")
        .values_list("practice_code", "value", "as_at")
    ):
        weighted_estimates[practice] = (value, as_at)
    pcns = {
        code: (name, icb_code, icb_name)
        for code, name, icb_code, icb_name in PcnRecord.objects.filter(
            code__in=list(records)
        ).values_list("code", "name", "icb_code", "icb_name")
    }

    figures, no_patients, weighted_dates = {}, {}, set()
    for code, count in records.items():
        patients = totals.get(code)
        arrs = fte.get(code, {})
        if not patients:
            no_patients[code] = Tally(count, sum(arrs.values(), ZERO) + other[code])
            continue
        practices = members.get(code, [])
        held = [weighted_estimates[p] for p in practices if p in weighted_estimates]
        missing = len(practices) - len(held)
        weighted = sum(v for v, _ in held) if held and not missing else None
        weighted_date = min(d for _, d in held) if weighted is not None else None
        if weighted_date:
            weighted_dates.add(weighted_date)
        name, icb_code, icb_name = pcns.get(code, (code, "", ""))
        by_role = {role: arrs.get(role, ZERO) for role in sorted(catalogue)}
        share = Decimal(older[code]) / banded[code] if banded[code] else ZERO
        figures[code] = PcnFigures(
            code=code,
            name=name,
            icb_code=icb_code,
            icb_name=icb_name,
            patients=patients,
            patients_date=patients_date,
            weighted=weighted,
            weighted_date=weighted_date,
            share_65_plus=share.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
            census_date=census_date,
            fte=by_role,
            fte_other=other[code],
            fte_total=sum(by_role.values(), ZERO) + other[code],
            records=count,
            practices=len(practices),
            weighted_missing=missing,
        )
    return Read(
        census_date=census_date,
        patients_date=patients_date,
        year=year,
        roles=roles,
        figures=figures,
        not_in_census=sorted(code for code in totals if code not in records and code != "U"),
        no_patients=no_patients,
        other=dict(reasons),
        weighted_dates=sorted(weighted_dates),
    )
