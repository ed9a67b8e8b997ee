"""Each session a practice gets below its agreed sessions of a service, week by week.

The allocation rule lets a week fall short by the tolerance; this rule makes every session of
that shortfall count, so the rota only uses the tolerance when something else is worth more.
Sessions above the target are not rewarded: they are some other practice's fair share.
"""

from .. import horizon
from ..findings import Penalty, penalty
from ..problem import DEFAULT_WEIGHTS, Problem
from . import allocation

NAME = "fair_share_shortfall"
TITLE = "Below the agreed sessions"
WHY = "A practice that gets less than its allocation is paying for staff time it does not get."
KIND = "soft"
DEFAULT_WEIGHT = DEFAULT_WEIGHTS[NAME]


def build(model):
    problem = model.problem
    terms = []
    for t in problem.targets:
        if t.sessions_per_week <= 0:
            continue
        for week in range(problem.weeks):
            agreed = problem.target_in_week(t, week)
            if agreed <= 0:
                continue
            least, _ = allocation.bounds(problem, t.site, t.service, week)
            name = f"{NAME}|{t.site}|{t.service}|{week}"
            xs = model.delivering(t.site, t.service, week)
            if not xs:
                terms.append(model.term(name, agreed))
                continue
            # The allocation rule already holds delivery to `least` or more, unless it is
            # being relaxed to explain an infeasible problem.
            floor = 0 if model.relaxing(allocation.NAME) else least
            if floor >= agreed:
                continue
            short = model.cp.new_int_var(0, agreed - floor, name)
            model.cp.add_max_equality(short, [0, agreed - sum(xs)])
            terms.append(model.term(name, short))
    return terms


def check(problem: Problem, rota) -> list[Penalty]:
    counts = allocation.delivered(problem, rota)
    penalties = []
    for t in problem.targets:
        for week in range(problem.weeks):
            got = counts[t.site, t.service, week]
            agreed = problem.target_in_week(t, week)
            short = max(0, agreed - got)
            if short:
                holiday = horizon.holidays_said(problem, week)
                penalties.append(
                    penalty(
                        problem,
                        NAME,
                        short,
                        f"{horizon.site_name(problem, t.site)} gets {got} of its "
                        f"{agreed} sessions of {t.service} in "
                        f"{horizon.week_label(problem, week)}: {short} short."
                        + (
                            f" ({agreed}, not {t.sessions_per_week}: {holiday}.)" if holiday else ""
                        ),
                        where=t.site,
                        when=horizon.week_stamp(problem, week),
                    )
                )
    return penalties
