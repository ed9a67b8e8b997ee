"""A proven lower bound on a rota's objective, far stronger than the solver's own on networks
where people are shared between practices: no rota keeping the hard rules scores below it.

Why the solver's own bound is weak: its linear relaxation lets a person be a little at every
practice, so the practices-a-week limit and the extra_site penalty vanish, and meeting a target
of 15 sessions from people of 8 to 10 sessions each, limited to two practices, looks free.

The bound here is a Dantzig-Wolfe decomposition solved by column generation. A column is one
person's whole week (person_week.py): where and on what each of their sessions is. The master LP
(master.py) mixes columns, one mix per person-week, under the rules that couple people. Each
round it prices every person-week's columns (a dynamic programme over the sets of practices
within the person's limit and, for each set, the days), and the bound is the Lagrangian function
at the master's prices, which is proven whenever it is computed, with exact pricing or with any
pricing that never overstates a column; once pricing finds nothing better it is the LP's own
value.

Mixing whole weeks still lets two weeks that each over-deliver at one practice pass, half and
half, for meeting the targets of two. So, once the plain LP has settled, each column counts
towards a target only up to the target (true of every rota: if one person alone meets a target,
all together do), and the pricing follows each capped target's count through the days where
there are few enough states, and bounds it from below otherwise. On the demo network that
takes the bound from 4,260 to 6,126.

With what time is left, the master's prices go to a second Lagrangian split (service_groups.py):
the rooms keep their prices, and each group of people linked by the services they share has its
week solved whole by CP-SAT, targets and shortfalls included; CP-SAT's proven bound for each
group-week (or the master's own share, when larger) counts. The bound is the larger of the two.

What the bound holds, rule by rule (in the column generation; the service groups hold the same
rules, and within a group-week allocation and fair_share_shortfall exactly as well):

- exactly, within each person's week (every column keeps or scores them as check() does):
  working_sessions, skills, locked, site_limit, the rooms grid's empty sessions and the
  allocation ceiling's zero allowances (choices the model never offers), away_from_home,
  extra_site, split_day, change_from_published;
- as a linear relaxation across people: allocation (each practice's ceiling per service and
  week, and the floor when strict), fair_share_shortfall (with the capped counts above), rooms,
  and team_apart (a team's place chosen by weights summing to at most one; exact for any single
  rota, a relaxation of the mix) where its rows are few enough (master.TEAM_ROWS), else dropped;
- apart from the rest: the evening and Saturday sessions are left out (core_hours.py says why
  that stays a bound) and enhanced_access_shortfall is bounded on its own by the shortfall no
  rota avoids (its most_minutes), added to the rest since no other rule shares its penalty;
- dropped: irregular_week, which compares weeks with week 1 and so couples a person's weeks, and
  supervision_missed, whose relaxation (a meeting no more than either of the two is at the
  site) was measured to add a point on the demo network for ten times the column generation's
  time. Both penalties are never negative, so leaving them out keeps the bound below
  every rota's score.

Every rota is one column per person-week with each coupling rule's own variables at their exact
values (the shortfall at its true value meets the capped target row too), so the LP, and the
Lagrangian function at any prices of the right signs, is at most the objective of every rota;
the objective is a whole number, so the bound is rounded up.
"""

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..findings import weight_of
from ..rules import enhanced_access_shortfall
from .column_generation import column_generation
from .core_hours import core_hours, in_core_hours
from .master import Master
from .service_groups import group_bound


@dataclass(frozen=True)
class Bound:
    value: int  # no rota that keeps every hard rule scores below this
    columns_only: int  # the column generation's own bound, before the service groups
    converged: bool  # pricing found no better column: columns_only is the LP's, rounded up
    rounds: int
    columns: int
    seconds: float
    # The master LP's last mix, rule by rule (Master.by_rule): what engine/rota/gap.py splits
    # the bound by. Empty when there was no LP to solve.
    by_rule: Mapping[str, float] = field(default_factory=dict)


def lower_bound(
    problem, *, seconds: float = 3.0, workers: int = 1, deterministic: bool | None = None, rotas=()
) -> Bound:
    """The bound, searched for up to `seconds`: at most 85% on the column generation (which
    stops sooner once its LP is solved), the rest on the service groups, whose CP-SAT solves
    use `workers`. `deterministic` (by default, on one worker) makes every run give the same
    bound, as the solver's own search does on one worker. `rotas` (any that keep the hard rules,
    such as a heuristic's) give the column generation its first columns."""
    if deterministic is None:
        deterministic = workers == 1
    started = time.monotonic()
    bounding = Bounding(problem, seconds=0.85 * seconds, deterministic=deterministic, rotas=rotas)
    left = 0.15 * seconds if deterministic else seconds - (time.monotonic() - started)
    return bounding.finish(seconds=left, workers=workers)


class Bounding:
    """The bound in its two stages, so that the second, nearly all CP-SAT, can run beside the
    search: the column generation when made, the service groups in `finish()`."""

    def __init__(self, problem, *, seconds: float, deterministic: bool = False, rotas=()):
        started = time.monotonic()
        self.deterministic = deterministic
        enhanced = {s.name for s in problem.services if s.enhanced}
        # The enhanced access duty is left out of the core-hours problem and bounded on its
        # own: no rule shares its penalty, so the two bounds add up.
        self.enhanced_access = weight_of(problem, enhanced_access_shortfall.NAME) * (
            enhanced_access_shortfall.least_count(problem)
        )
        problem = core_hours(problem)  # core_hours.py says why the bound stays proven
        rotas = [in_core_hours(rota, enhanced) for rota in rotas]
        self.master = Master(problem)
        self.found = None
        if all(pw.feasible for pw in self.master.weeks):
            # On one worker the run must repeat exactly: the column generation then stops
            # after the work its share of the time stands for, not by the clock.
            self.found = column_generation(
                self.master, seconds=seconds, seed_rotas=rotas, deterministic=deterministic
            )
        # else someone's locked sessions cannot all be kept: there is no rota to bound.
        self.seconds = time.monotonic() - started

    def finish(self, *, seconds: float, workers: int = 1) -> Bound:
        started = time.monotonic()
        found = self.found
        if found is None:
            return Bound(0, 0, False, 0, 0, self.seconds)  # no LP, so no split by rule
        extra = self.enhanced_access
        best = found["bound"]
        if found["prices"] is not None and seconds > 0:
            best = max(
                best,
                group_bound(
                    self.master,
                    found["prices"],
                    seconds=seconds,
                    workers=workers,
                    deterministic=self.deterministic,
                ),
            )
        return Bound(
            value=_whole(best) + extra,
            columns_only=_whole(found["bound"]) + extra,
            converged=found["converged"],
            rounds=found["rounds"],
            columns=found["columns"],
            seconds=self.seconds + time.monotonic() - started,
            # The enhanced access duty's part is its own bound, added to the LP's.
            by_rule={**self.master.by_rule(), enhanced_access_shortfall.NAME: extra},
        )


def _whole(bound: float) -> int:
    """Rounded up, as the objective is whole, less a margin for floating-point sums."""
    return max(0, math.ceil(bound - 1e-4)) if math.isfinite(bound) else 0
