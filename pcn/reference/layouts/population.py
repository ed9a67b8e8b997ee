"""Practice populations compiled by Alomco: not an NHS publication, stored as estimates.

A blank figure means the compiler had none, so that estimate is skipped; text that is not a
number means the file is not what we think it is, so it is an error.
"""

from __future__ import annotations

import datetime as dt

from ..models import PopulationEstimate
from .base import Layout, Row, Sink, TableSpec, UpsertBatch, UpsertSink, column, max_length

Basis = PopulationEstimate.Basis
CODE_LIMIT = max_length(PopulationEstimate, "practice_code")


class PopulationEstimates(Layout):
    """A per-practice CSV whose figure columns each give one basis at one date."""

    figures: tuple[tuple[str, str, dt.date], ...]  # (column key, basis, as at)
    source: str

    def parse(self, table: str, row: Row):
        code = row.code("practice_code", limit=CODE_LIMIT, required=False)
        if not code:
            # The compiler ends the file with a national totals row that has no practice code.
            return ()
        estimates = []
        for key, basis, as_at in self.figures:
            value = row.count(key, blank_ok=True)
            if value is not None:
                estimates.append(
                    PopulationEstimate(
                        practice_code=code,
                        basis=basis,
                        as_at=as_at,
                        value=value,
                        source=self.source,
                    )
                )
        return estimates

    def sink(self) -> Sink:
        return UpsertSink(
            UpsertBatch(
                PopulationEstimate, ["practice_code", "basis", "as_at"], ["value", "source"]
            )
        )


class PopulationEstimates2025(PopulationEstimates):
    name = "population_estimates_2025"
    description = "Alomco practice populations at 1 Jan 2025 (unofficial)"
    tables = (
        TableSpec(
            "populations",
            (
                column("practice_code", "Practice Code"),
                column("registered", "Raw list size"),
                column("adjusted", "Adjusted Population"),
            ),
        ),
    )
    figures = (
        ("registered", Basis.REGISTERED, dt.date(2025, 1, 1)),
        ("adjusted", Basis.ADJUSTED, dt.date(2025, 1, 1)),
    )
    source = (
        "Unofficial estimate compiled by Alomco from NHS England PCN ready-reckoner figures "
        "(1 January 2025)"
    )


class PopulationEstimates2024To25(PopulationEstimates):
    name = "population_estimates_2024_25"
    description = "Alomco practice populations for 2024/25, with weighted population (unofficial)"
    tables = (
        TableSpec(
            "populations",
            (
                column("practice_code", "Practice Code"),
                column("registered", "Raw list size 2024/25"),
                column("adjusted", "Adjusted Population 2024/25"),
                column("weighted", "weighted population 2024/25"),
            ),
        ),
    )
    # 2024/25 contract-year populations are those at 1 January 2024. The file's "Raw list size
    # as of 01/01/25" is not loaded: it has zeros where figures are missing, and the 2025 file
    # gives that date.
    figures = (
        ("registered", Basis.REGISTERED, dt.date(2024, 1, 1)),
        ("adjusted", Basis.ADJUSTED, dt.date(2024, 1, 1)),
        ("weighted", Basis.WEIGHTED, dt.date(2024, 1, 1)),
    )
    source = (
        "Unofficial estimate compiled by Alomco from NHS England PCN ready-reckoner figures "
        "(2024/25)"
    )
