"""Each practice beyond the first that a person works at in a week.

The hub does not count, as in the site limit. The hard limit caps the practices a week; this
rule prefers fewer still when nothing else is at stake.
"""

from .. import horizon
from ..findings import Penalty, penalty
from ..problem import DEFAULT_WEIGHTS, Problem
from . import site_limit

NAME = "extra_site"
TITLE = "Extra practices in a week"
WHY = "Every practice added to someone's week costs travel time and a fresh start."
KIND = "soft"
DEFAULT_WEIGHT = DEFAULT_WEIGHTS[NAME]


def build(model):
    problem = model.problem
    terms = []
    for person in problem.people:
        for week in range(problem.weeks):
            used = [literal for _, literal in model.practices_in_week(person.id, week)]
            if len(used) < 2:
                continue
            name = f"{NAME}|{person.id}|{week}"
            extra = model.cp.new_int_var(0, len(used) - 1, name)
            model.cp.add_max_equality(extra, [0, sum(used) - 1])
            terms.append(model.term(name, extra))
    return terms


def check(problem: Problem, rota) -> list[Penalty]:
    penalties = []
    for (person, week), sites in sorted(site_limit.practices_by_week(problem, rota).items()):
        if len(sites) > 1:
            penalties.append(
                penalty(
                    problem,
                    NAME,
                    len(sites) - 1,
                    f"{horizon.person_name(problem, person)} works at {len(sites)} practices "
                    f"in {horizon.week_label(problem, week)}: "
                    f"{horizon.names(horizon.site_name(problem, s) for s in sites)}.",
                    who=(person,),
                    when=horizon.week_stamp(problem, week),
                )
            )
    return penalties
