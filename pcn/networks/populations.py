"""Which population figure counts for a practice, and each practice's share of the network."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .models import PRECEDENCE, Basis, PracticePopulation


def figure_in_use(figures):
    """Of one practice's figures on one basis, the one that counts: official over NHS over
    estimate (PRECEDENCE), whatever their dates — an official figure is the ICB's word."""
    by_kind = {f.kind: f for f in figures}
    for kind in PRECEDENCE:
        if kind in by_kind:
            return by_kind[kind]
    return None


@dataclass
class PracticeRow:
    practice: object
    figures: dict = field(default_factory=dict)  # basis -> PracticePopulation in use, or None
    shares: dict = field(default_factory=dict)  # basis -> Decimal per cent, or None
    rooms: int = 0


@dataclass
class NetworkPopulations:
    rows: list
    totals: dict  # basis -> int (sum of known figures)
    complete: dict  # basis -> bool: every practice has a figure
    has_estimates: dict  # basis -> bool

    def total(self, basis):
        return self.totals[basis]


def share(value, total):
    if value is None or not total:
        return None
    return (Decimal(value) * 100 / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def network_populations(network):
    """Every practice's figures and shares on each basis, in a fixed number of queries."""
    practices = list(network.practices.all())
    figures = {}
    for population in PracticePopulation.objects.filter(practice__network=network):
        figures.setdefault((population.practice_id, population.basis), []).append(population)
    rows = [
        PracticeRow(
            practice=p,
            figures={b: figure_in_use(figures.get((p.pk, b), [])) for b in Basis.values},
        )
        for p in practices
    ]
    totals, complete, has_estimates = {}, {}, {}
    for basis in Basis.values:
        known = [r.figures[basis] for r in rows if r.figures[basis] is not None]
        totals[basis] = sum(f.value for f in known)
        complete[basis] = len(known) == len(rows) and bool(rows)
        has_estimates[basis] = any(f.is_estimate for f in known)
    for row in rows:
        for basis in Basis.values:
            figure = row.figures[basis]
            # A share of an incomplete total would mislead, so it is unknown too.
            row.shares[basis] = (
                share(figure.value, totals[basis]) if figure and complete[basis] else None
            )
    return NetworkPopulations(
        rows=rows, totals=totals, complete=complete, has_estimates=has_estimates
    )
