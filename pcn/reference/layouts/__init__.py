"""Every file layout the loader knows, recognised from header rows (never from file names).

LAYOUTS is in loading order: the practice map and ePCN describe practices and PCNs, which the
other files then count. Our own tables (ARRS role catalogue, NHS role map) come last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .base import Layout, Row, RowError, TableSpec
from .catalogue import ArrsMaxima, ArrsRoles, NhsRoleMap
from .epcn import Epcn
from .population import PopulationEstimates2024To25, PopulationEstimates2025
from .practice_map import PracticeMap
from .registered_patients import RegisteredPatientsAll, RegisteredPatientsByAge
from .workforce import PcnWorkforce

LAYOUTS: tuple[Layout, ...] = (
    PracticeMap(),
    Epcn(),
    RegisteredPatientsByAge(),
    RegisteredPatientsAll(),
    PcnWorkforce(),
    PopulationEstimates2024To25(),
    PopulationEstimates2025(),
    ArrsRoles(),
    ArrsMaxima(),
    NhsRoleMap(),
)
BY_NAME = {layout.name: layout for layout in LAYOUTS}

__all__ = ["LAYOUTS", "BY_NAME", "Layout", "Match", "Row", "RowError", "TableSpec", "match_header"]


@dataclass(frozen=True)
class Match:
    layout: Layout
    spec: TableSpec
    columns: dict[str, tuple[int, str]]


def match_header(header: Sequence[str]) -> list[Match]:
    """Every (layout, table) whose required columns the header has."""
    found = []
    for layout in LAYOUTS:
        for spec in layout.tables:
            columns = spec.match(header)
            if columns is not None:
                found.append(Match(layout, spec, columns))
    return found


def known_layouts() -> list[str]:
    return [layout.describe() for layout in LAYOUTS]
