"""What a manager and the practices notice about a rota, solver or not."""

import statistics
from collections import Counter
from dataclasses import dataclass

from engine.rota import horizon
from engine.rota.placed import placements
from engine.rota.problem import HUB, Problem
from engine.rota.rules import allocation
from engine.rota.validate import validate


@dataclass(frozen=True)
class Quality:
    """What a manager and the practices notice about a rota, solver or not."""

    objective: int  # the soft rules' total, as the solver scores it
    penalties: dict[str, int]  # soft rule -> its part of the objective
    broken: dict[str, int]  # hard rule -> times broken
    fair_share_deviation: int  # Σ |delivered − agreed| over practice, service and week
    shortfall: int  # sessions below the agreed sessions, over practice, service and week
    practices_a_week: float  # mean practices a person works at in a week (the hub not counted)
    away_from_home: int  # sessions away from the person's home base

    @property
    def hard_broken(self) -> int:
        return sum(self.broken.values())


def quality(problem: Problem, rota) -> Quality:
    rota = tuple(rota)
    report = validate(problem, rota)
    delivered = allocation.delivered(problem, rota)
    agreed = {(t.site, t.service): t.sessions_per_week for t in problem.targets}
    pairs = set(agreed) | {(site, service) for site, service, _ in delivered}
    deviation = shortfall = 0
    for site, service in pairs:
        for week in range(problem.weeks):
            difference = delivered[site, service, week] - agreed.get((site, service), 0)
            deviation += abs(difference)
            shortfall += max(0, -difference)
    homes = {person.id: person.home_base for person in problem.people}
    worked, away = {}, 0
    for (person, slot), a in placements(problem, rota).items():
        sites = worked.setdefault((person, horizon.week_of(problem, slot.day)), set())
        if a.site != HUB:
            sites.add(a.site)
        if homes[person] is not None and a.site != homes[person]:
            away += 1
    return Quality(
        objective=report.total,
        penalties=report.totals,
        broken=dict(Counter(v.rule for v in report.violations)),
        fair_share_deviation=deviation,
        shortfall=shortfall,
        practices_a_week=statistics.mean(len(s) for s in worked.values()) if worked else 0.0,
        away_from_home=away,
    )


def median(values):
    """The median of the values that are known (None: not measured)."""
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None
