"""The ICB's PCNs that do not use PCN Commons, with their NHS workforce census figures, from the
all-England benchmark (pcn.benchmarking.england, built once per set of loaded files)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from pcn.benchmarking.england import england
from pcn.core.names import display_name
from pcn.reference.models import PcnRecord

from .figures import NO_ROLE, per_10k

LABEL = "not using PCN Commons — census figures"


@dataclass(frozen=True)
class CensusRow:
    pcn_code: str
    name: str
    patients: int | None
    patients_date: date | None
    census_date: date | None
    fte: dict  # {role code: FTE}, NO_ROLE for FTE in no ARRS role
    per_10k: dict  # {role code: FTE per 10,000 registered patients}
    total_fte: Decimal  # in ARRS roles
    total_per_10k: Decimal | None


@dataclass(frozen=True)
class Census:
    rows: list = field(default_factory=list)  # [CensusRow], by name
    missing: str = ""  # why there are no census figures, when there are none
    census_date: date | None = None
    patients_date: date | None = None
    left_out: list = field(default_factory=list)  # [(code, name, why)]: PCNs not shown

    @property
    def roles(self):
        return {code for row in self.rows for code in row.fte}


def of_icb(icb_code, exclude=()):
    """The census figures of the ICB's PCNs, less those in `exclude` (the networks using
    PCN Commons, shown with their register's figures instead)."""
    figures = england()
    if not len(figures):
        return Census(missing="No NHS workforce census is loaded, so no census figures are shown.")
    rows = []
    for pcn in figures.in_icb(icb_code):
        if pcn.code in exclude:
            continue
        fte = {code: value for code, value in pcn.fte.items() if value}
        if pcn.fte_other:
            fte[NO_ROLE] = pcn.fte_other
        rows.append(
            CensusRow(
                pcn_code=pcn.code,
                name=display_name(pcn.name),
                patients=pcn.patients,
                patients_date=pcn.patients_date,
                census_date=pcn.census_date,
                fte=fte,
                per_10k={code: per_10k(value, pcn.patients) for code, value in fte.items()},
                total_fte=pcn.fte_arrs,
                total_per_10k=per_10k(pcn.fte_arrs, pcn.patients),
            )
        )
    missing = "" if rows else "Every PCN of the ICB in the census uses PCN Commons."
    why = {code: "registered patients but no census record" for code in figures.not_in_census}
    why |= {code: "census records but no registered patients" for code in figures.no_patients}
    for code in exclude:
        why.pop(code, None)
    return Census(
        rows=rows,
        missing=missing,
        census_date=figures.census_date,
        patients_date=figures.patients_date,
        left_out=[
            (code, display_name(name), why[code])
            for code, name in PcnRecord.objects.filter(icb_code=icb_code, code__in=list(why))
            .order_by("name")
            .values_list("code", "name")
        ]
        if why
        else [],
    )
