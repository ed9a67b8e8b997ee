"""The first week of a problem as a problem of its own, for the solver to pattern the rota on.

Every week is compared with week 1 (irregular_week), and the other rules are weekly or daily, so
a good rota for the first week, repeated wherever leave allows, is most of a good rota for the
horizon. A one-week model is a quarter the size of a four-week one and the solver gets much
further with it in the same time; the later weeks are then searched against it
(later_weeks.py).
"""

import dataclasses

from . import horizon
from .problem import Problem


def first_week(problem: Problem) -> Problem:
    def in_week_one(slots):
        return tuple(s for s in slots if horizon.week_of(problem, s.day) == 0)

    def assignments(rota):
        return tuple(a for a in rota if horizon.week_of(problem, a.day) == 0)

    return dataclasses.replace(
        problem,
        weeks=1,
        people=tuple(
            dataclasses.replace(p, available=in_week_one(p.available), leave=in_week_one(p.leave))
            for p in problem.people
        ),
        locked=assignments(problem.locked),
        published=assignments(problem.published),
    )
