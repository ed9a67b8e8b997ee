"""Which population figure counts for a practice, and each practice's share of the network.

Every figure has the date it is the population at. Money for a year uses the figures at
1 January before it (`network_populations(network, as_at=...)`): of a practice's figures on a
basis dated on or before that day, the latest date, and at the same date an official figure
over an NHS published one over an estimate. A later figure is never used for an earlier date.
Without a date (pages about the network today) the latest figure counts, by date then kind.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .models import PRECEDENCE, Basis, PracticePopulation

RANK = {kind: len(PRECEDENCE) - i for i, kind in enumerate(PRECEDENCE)}  # official highest


def uk_day(day):
    """1 Jan 2025: the short date the population labels use."""
    return f"{day.day} {day:%b %Y}"


def _order(figure):
    return (figure.as_at, RANK.get(figure.kind, 0))


def figure_in_use(figures, as_at=None):
    """Of one practice's figures on one basis, the one that counts at `as_at` (or now): the
    latest dated on or before it, and at the same date official over NHS over estimate."""
    usable = [f for f in figures if as_at is None or f.as_at <= as_at]
    return max(usable, key=_order, default=None)


def nearest_later(figures, as_at):
    """The earliest figure dated after `as_at`, to say why none is used; None if there is none."""
    later = [f for f in figures if as_at is not None and f.as_at > as_at]
    return min(later, key=lambda f: (f.as_at, -RANK.get(f.kind, 0)), default=None)


@dataclass
class PracticeRow:
    practice: object
    figures: dict = field(default_factory=dict)  # basis -> PracticePopulation in use, or None
    shares: dict = field(default_factory=dict)  # basis -> Decimal per cent, or None
    notes: dict = field(default_factory=dict)  # basis -> str about the figure's date, or None
    rooms: int = 0


@dataclass
class NetworkPopulations:
    rows: list
    totals: dict  # basis -> int (sum of known figures)
    complete: dict  # basis -> bool: every practice has a figure
    has_estimates: dict  # basis -> bool
    as_at: object = None  # the date the figures are wanted at; None for the latest
    problems: dict = field(default_factory=dict)  # basis -> [why a practice has no figure]
    left_out: list = field(default_factory=list)  # [(practice, why)]: not yet members at as_at

    def total(self, basis):
        return self.totals[basis]

    def dates(self, basis):
        """The dates of the figures in use on a basis, oldest first."""
        return sorted({r.figures[basis].as_at for r in self.rows if r.figures[basis]})


def share(value, total):
    if value is None or not total:
        return None
    return (Decimal(value) * 100 / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def date_note(figure, as_at):
    """What a figure's date says when it is not the date wanted: "from 1 Jan 2024, the latest
    held"; None when it is that date or no date is wanted."""
    if figure is None or as_at is None or figure.as_at == as_at:
        return None
    return f"from {uk_day(figure.as_at)}, the latest held"


def missing_note(practice, basis, later, as_at):
    label = Basis(basis).label.lower()
    if as_at is None:
        return f"{practice.name} has no {label} figure"
    if later is not None:
        return (
            f"{practice.name} has no {label} figure on or before {uk_day(as_at)}; the nearest "
            f"is {uk_day(later.as_at)}, after {uk_day(as_at)}: not used"
        )
    return f"{practice.name} has no {label} figure on or before {uk_day(as_at)}"


def joined_note(practice, as_at):
    return (
        f"{practice.name} joined on {uk_day(practice.joined_on)}, after {uk_day(as_at)}: "
        "not counted this year"
    )


def network_populations(network, as_at=None):
    """Every practice's figures and shares on each basis, in a fixed number of queries.

    With `as_at`, the figures at that date (never a later one) of the practices that were
    members then; practices that joined after it are in `left_out`, with the reason."""
    practices = list(network.practices.all())
    left_out = []
    if as_at is not None:
        left_out = [(p, joined_note(p, as_at)) for p in practices if not p.member_on(as_at)]
        practices = [p for p in practices if p.member_on(as_at)]
    figures = {}
    for population in PracticePopulation.objects.filter(practice__network=network):
        figures.setdefault((population.practice_id, population.basis), []).append(population)
    rows, problems = [], {b: [] for b in Basis.values}
    for p in practices:
        row = PracticeRow(practice=p)
        for basis in Basis.values:
            held = figures.get((p.pk, basis), [])
            figure = figure_in_use(held, as_at)
            row.figures[basis] = figure
            row.notes[basis] = date_note(figure, as_at)
            if figure is None:
                problems[basis].append(missing_note(p, basis, nearest_later(held, as_at), as_at))
        rows.append(row)
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
        rows=rows,
        totals=totals,
        complete=complete,
        has_estimates=has_estimates,
        as_at=as_at,
        problems=problems,
        left_out=left_out,
    )
