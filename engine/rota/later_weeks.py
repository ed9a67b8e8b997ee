"""Weeks 2 onwards against week 1, the pattern.

Week 1 is solved alone (first_week.py) and the greedy rota repeats it wherever leave allows
(greedy.py). A week the same as week 1 (the same sessions worked, no bank holiday, nothing
locked or published in either) keeps that copy: searching it again could only trade the pattern
for the week 1 already found. A week that differs (leave, a bank holiday, a locked or published
session) is searched again with week 1 held, in the whole horizon's model, so a session placed
differently from week 1 is priced as irregular_week prices it, and the weekly rules, the
supervision cadence across weeks and the objective are exactly the horizon's. solve() searches
those weeks by neighbourhoods of a few people (neighbourhoods.py); `solve_weeks` solves whole
weeks in turn, for the long searches that refresh the benchmark's best known rotas.
"""

from collections.abc import Callable

from ortools.sat.python import cp_model

from . import horizon
from .model import Model
from .neighbourhoods import objective_of, solve_with_free
from .problem import Assignment, Problem


def identical_to_week_one(problem: Problem, week: int) -> bool:
    """The week asks the same as week 1: everyone works the same sessions, neither has a bank
    holiday, and nothing is locked or published in either."""
    if problem.holidays_in_week(0) or problem.holidays_in_week(week):
        return False
    if any(horizon.week_of(problem, a.day) in (0, week) for a in problem.locked):
        return False
    if any(horizon.week_of(problem, a.day) in (0, week) for a in problem.published):
        return False
    for person in problem.people:
        worked = {0: set(), week: set()}
        for slot in person.available:
            at = horizon.week_of(problem, slot.day)
            if at in worked:
                worked[at].add((slot.day.weekday(), slot.session))
        if worked[0] != worked[week]:
            return False
    return True


def weeks_to_solve(problem: Problem) -> list[int]:
    return [w for w in range(1, problem.weeks) if not identical_to_week_one(problem, w)]


def improve(
    model: Model,
    values: list[int],
    week: int,
    *,
    solver: cp_model.CpSolver,
) -> tuple[tuple[Assignment, ...], list[int], int] | None:
    """Solve `week` again with every other week held as `values` (every variable's value, as
    Model.completed() gives them), starting from them. (rota, values, objective) when the
    solver found a rota, None when it found none in its time."""
    found = solve_with_free(model, values, lambda _, at: at == week, solver)
    if found is None:
        return None
    found_values, objective = found
    return model.rota_of(found_values), found_values, objective


def solve_weeks(
    model: Model,
    values: list[int],
    weeks: list[int],
    *,
    solver_for: Callable[[float], cp_model.CpSolver],
    seconds: Callable[[int], float],
    better: Callable[[tuple[Assignment, ...]], bool] | None = None,
) -> tuple[tuple[Assignment, ...] | None, list[int]]:
    """Each of `weeks` in turn, each given `seconds(weeks left)`; a week's answer is kept only
    when it scores below what it started from. (the best rota, or None when no week improved,
    and every variable's value for it). `better(rota)` is told of each rota kept and returns
    True to stop there."""
    rota = None
    current = objective_of(model, values)
    for done, week in enumerate(weeks):
        budget = seconds(len(weeks) - done)
        if budget <= 0.05:
            break
        found = improve(model, values, week, solver=solver_for(budget))
        if found is None or found[2] >= current:
            continue
        rota, values, current = found
        if better is not None and better(rota):
            break
    return rota, values
