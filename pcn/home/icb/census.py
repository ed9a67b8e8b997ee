"""The ICB's PCNs that do not use PCN Commons, with their NHS workforce census figures, from the
all-England benchmark (pcn.benchmarking.england)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

LABEL = "not using PCN Commons — census figures"


@dataclass(frozen=True)
class CensusRow:
    pcn_code: str
    name: str
    patients: int | None
    patients_date: date | None
    census_date: date | None
    fte: dict  # {role code: FTE}
    per_10k: dict  # {role code: FTE per 10,000 registered patients, or None}
    total_fte: Decimal
    total_per_10k: Decimal | None


@dataclass(frozen=True)
class Census:
    rows: list = field(default_factory=list)  # [CensusRow], by name
    missing: str = ""  # why there are no census figures, when there are none

    @property
    def roles(self):
        return {code for row in self.rows for code in row.fte}


def of_icb(icb_code, exclude=()):
    """The census figures of the ICB's PCNs, less those in `exclude` (the networks using
    PCN Commons, shown with their register's figures instead)."""
    return Census(missing="The all-England census figures are not available in this version.")
