"""A proven lower bound on a rota's objective, far stronger than the solver's own on networks
where people are shared between practices: no rota keeping the hard rules scores below it.

Why the solver's own bound is weak: its linear relaxation lets a person be a little at every
practice, so the practices-a-week limit and the extra_site penalty vanish, and meeting a target
of 15 sessions from people of 8 to 10 sessions each, limited to two practices, looks free.

The bound here is a Dantzig-Wolfe decomposition solved by column generation. A column is one
person's whole week (person_week.py): where and on what each of their sessions is. The master LP
(master.py) mixes columns, one mix per person-week, under the rules that couple people. Each
round it prices every person-week's cheapest column exactly (a dynamic programme over the sets
of practices within the person's limit and, for each set, the days), and the bound is the
Lagrangian function at the master's prices, which is proven whenever it is computed; at the end
of the column generation it is the LP's own value.

What the bound holds, rule by rule:

- exactly, within each person's week (every column keeps or scores them as check() does):
  working_sessions, skills, locked, site_limit, the rooms grid's empty sessions and the
  allocation ceiling's zero allowances (choices the model never offers), away_from_home,
  extra_site, split_day, change_from_published;
- as a linear relaxation across people: allocation (each practice's ceiling per service and
  week, and the floor when strict), fair_share_shortfall, rooms, and team_apart (a team's place
  chosen by weights summing to at most one; exact for any single rota, a relaxation of the mix);
- dropped: irregular_week, which compares weeks with week 1 and so couples a person's weeks, and
  supervision_missed, whose relaxation measured at a few points on the demo network for many
  times the time. Both penalties are never negative, so leaving them out keeps the bound below
  every rota's score.

Every rota is one column per person-week with each coupling rule's own variables at their exact
values, so the LP (and the Lagrangian function at any prices) is at most the objective of every
rota; the objective is a whole number, so the bound is rounded up.
"""

import math
from dataclasses import dataclass

from .master import Master, column_generation


@dataclass(frozen=True)
class Bound:
    value: int  # no rota that keeps every hard rule scores below this
    converged: bool  # pricing found no better column: value is the LP's own, rounded up
    rounds: int
    columns: int
    seconds: float


def lower_bound(problem, *, seconds: float = 2.0, rotas=()) -> Bound:
    """The bound, searched for up to `seconds` (stopping sooner once the LP is solved). `rotas`
    (any that keep the hard rules, such as a heuristic's) give the search its first columns."""
    master = Master(problem, supervision=False)
    if not all(pw.feasible for pw in master.weeks):
        # Someone's locked sessions cannot all be kept: there is no rota to bound.
        return Bound(0, False, 0, 0, 0.0)
    found = column_generation(master, seconds=seconds, seed_rotas=rotas)
    value = max(0, math.ceil(found["bound"] - 1e-4)) if math.isfinite(found["bound"]) else 0
    return Bound(value, found["converged"], found["rounds"], found["columns"], found["seconds"])
