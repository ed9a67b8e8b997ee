"""Where the gap between a rota and its proven bound lies, soft rule by soft rule.

For each soft rule, `gap_by_rule` gives:

- `objective_part`: the rule's part of the rota's objective, as validate() scores it
  (`Report.totals`). The parts add up to the objective.
- `bound_part`: the rule's share of the reported bound. The bound is one proven number, not a
  proof per rule, so no rule's part is proven on its own; what each part says is how the
  relaxation behind the bound spends its cost. It is the rule's part of the master LP's last
  mix of person-weeks (bound/master.py, `Master.by_rule`): each column's cost split by the rules
  that make it, times its weight in the mix, plus the rule's own coupling variables (the
  shortfalls, the team variables) at their LP values. Those parts add up to the LP's value;
  they are scaled by bound ÷ LP value and rounded to whole points by largest remainders, so
  they add up to the reported bound exactly. When the column generation converged
  (`Bound.converged`: the demo network at 10 seconds) the mix is the LP relaxation's optimum,
  whose value is the column generation's bound; when time stopped it first (large networks at
  10 seconds), it is the best mix of the columns found so far, whose value is above the bound,
  and its proportions are rougher: a shortfall the missing columns would have met still counts.

The rules the bound leaves out (irregular_week and supervision_missed: bound/__init__.py says
why) have no part of the LP, so their bound_part is 0, and the rules the bound holds carry the
whole bound between them. enhanced_access_shortfall is bounded apart from the LP, with the
evening and Saturday hours (bound/core_hours.py): its share is the shortfall no rota avoids. Where the reported bound is not the LP's own but larger (the
service groups' split, or CP-SAT's own bound after the search) or smaller (the Lagrangian
value met before the LP settled), it is still shared out in the LP's proportions: neither the
service groups' bound nor CP-SAT's comes with a split by rule. Without an LP (the search
stopped before the bound, or no rota could keep the locked sessions) a bound above 0 is
shared in the proportions of the rota's own parts among the rules the bound holds, and 0
otherwise.

A rule whose objective_part is far above its bound_part is where the rota pays for what the
relaxation did not need: the first place to look for a better rota, or for a looser rule.
"""

import math
from collections.abc import Mapping

from .rules import SOFT_RULES

# Soft rules the bound does not model (bound/__init__.py): their bound_part is always 0.
DROPPED = frozenset({"irregular_week", "supervision_missed"})


def gap_by_rule(
    totals: Mapping[str, int], bound: int | None, lp_by_rule: Mapping[str, float]
) -> tuple[dict, ...]:
    """[{"rule", "objective_part", "bound_part"}] for every soft rule, in SOFT_RULES order;
    `totals` the rota's parts (validate(problem, rota).totals), `lp_by_rule` the master LP's
    (Bound.by_rule, empty when there was none). The objective parts add up to the rota's
    objective and the bound parts to `bound` (0 when there is none)."""
    rules = [rule.NAME for rule in SOFT_RULES]
    bound = max(0, bound or 0)
    held = [r for r in rules if r not in DROPPED]
    shares = {r: max(0.0, lp_by_rule.get(r, 0.0)) for r in held}
    if sum(shares.values()) <= 1e-9:
        shares = {r: float(totals.get(r, 0)) for r in held}
    if sum(shares.values()) <= 1e-9:
        shares = {r: 1.0 for r in held}  # nothing to go by: evenly, rather than nowhere
    parts = _whole_parts(shares, bound)
    return tuple(
        {"rule": r, "objective_part": int(totals.get(r, 0)), "bound_part": parts.get(r, 0)}
        for r in rules
    )


def _whole_parts(shares: Mapping[str, float], total: int) -> dict[str, int]:
    """`total` in whole points, in proportion to `shares`, by largest remainders (ties to the
    first rule), so the parts add up to `total` exactly."""
    whole = sum(shares.values())
    exact = {r: total * s / whole for r, s in shares.items()}
    parts = {r: math.floor(x) for r, x in exact.items()}
    left = total - sum(parts.values())
    order = sorted(exact, key=lambda r: -(exact[r] - parts[r]))
    for r in order[:left]:
        parts[r] += 1
    return parts
