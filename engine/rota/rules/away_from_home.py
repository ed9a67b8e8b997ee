"""Each session a person works somewhere other than their home base.

A home base at the hub means the network team: its practice sessions are the ones away. A person
with no home base is at home anywhere.
"""

from collections import Counter

from .. import horizon
from ..findings import Penalty, penalty
from ..placed import placements
from ..problem import DEFAULT_WEIGHTS, Problem

NAME = "away_from_home"
TITLE = "Away from home base"
WHY = "People work best where they know the team, the systems and the patients."
KIND = "soft"
DEFAULT_WEIGHT = DEFAULT_WEIGHTS[NAME]


def build(model):
    problem = model.problem
    terms = []
    for person in problem.people:
        if person.home_base is None:
            continue
        by_week = {}
        for slot in model.slots(person.id):
            away = [
                v
                for (site, _), v in model.choices(person.id, slot).items()
                if site != person.home_base
            ]
            by_week.setdefault(horizon.week_of(problem, slot.day), []).extend(away)
        for week, away in by_week.items():
            if away:
                terms.append(model.term(f"{NAME}|{person.id}|{week}", sum(away)))
    return terms


def check(problem: Problem, rota) -> list[Penalty]:
    homes = {person.id: person.home_base for person in problem.people}
    away = Counter()
    for (person, slot), a in placements(problem, rota).items():
        if homes[person] is not None and a.site != homes[person]:
            away[person, horizon.week_of(problem, slot.day), a.site] += 1
    penalties = []
    for (person, week, site), count in sorted(away.items()):
        penalties.append(
            penalty(
                problem,
                NAME,
                count,
                f"{horizon.person_name(problem, person)} works "
                f"{horizon.plural(count, 'session')} at {horizon.site_name(problem, site)} in "
                f"{horizon.week_label(problem, week)}, away from their home base "
                f"({horizon.site_name(problem, homes[person])}).",
                who=(person,),
                where=site,
                when=horizon.week_stamp(problem, week),
            )
        )
    return penalties
