"""Nobody works at more practices in a week than they can manage.

The hub is not counted: network work there, or remote work, needs no travel between practices.
A person's own limit (`max_sites`) takes precedence over the network's.
"""

from collections import defaultdict

from .. import horizon
from ..findings import Violation
from ..placed import placements
from ..problem import HUB, Person, Problem

NAME = "site_limit"
TITLE = "Practices a week"
WHY = "Each extra practice in a week means another set of systems, colleagues and car parks."
KIND = "hard"


def limit(problem: Problem, person: Person) -> int:
    return person.max_sites if person.max_sites is not None else problem.max_sites


def build(model):
    problem = model.problem
    for person in problem.people:
        most = limit(problem, person)
        for week in range(problem.weeks):
            used = [literal for _, literal in model.practices_in_week(person.id, week)]
            if len(used) <= most:
                continue
            if model.relaxing(NAME):
                extra = model.slack(
                    NAME,
                    len(used) - most,
                    _too_many(problem, person, week, most),
                    f"{person.id}|{week}",
                )
                model.cp.add(sum(used) <= most + extra)
            else:
                model.cp.add(sum(used) <= most)


def _too_many(problem, person, week, most):
    def describe(extra):
        return (
            f"{person.name} would have to work at {most + extra} practices in "
            f"{horizon.week_label(problem, week)}; their limit is {most}."
        )

    return describe


def practices_by_week(problem: Problem, rota) -> dict[tuple[str, int], list[str]]:
    """(person, week) -> the practices they work at that week, in order of first visit."""
    sites = defaultdict(dict)
    for (person, slot), a in sorted(placements(problem, rota).items(), key=lambda kv: kv[0][1]):
        if a.site != HUB:
            sites[person, horizon.week_of(problem, slot.day)][a.site] = None
    return {key: list(found) for key, found in sites.items()}


def check(problem: Problem, rota) -> list[Violation]:
    by_week = practices_by_week(problem, rota)
    violations = []
    for person in problem.people:
        most = limit(problem, person)
        for week in range(problem.weeks):
            sites = by_week.get((person.id, week), [])
            if len(sites) > most:
                violations.append(
                    Violation(
                        NAME,
                        f"{person.name} works at {len(sites)} practices in "
                        f"{horizon.week_label(problem, week)} "
                        f"({horizon.names(horizon.site_name(problem, s) for s in sites)}); "
                        f"their limit is {most}.",
                        who=(person.id,),
                        when=horizon.week_stamp(problem, week),
                    )
                )
    return violations
