"""Large-neighbourhood search by hand, for a solver on one worker.

On one worker CP-SAT runs a single search and no large-neighbourhood search of its own: from a
good hint it barely moves. This frees a few people at a time (most of them able to work at one
practice, picked at random, so the freed sessions can be traded between them), holds everyone
else as they are, and lets the solver rearrange the few; a better rota is kept and the next
neighbourhood starts from it. Every choice comes from a seeded generator and every solve runs
in deterministic time, so a seed gives the same rota on every run.
"""

import random
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from . import horizon
from .model import Model

# Of the people, the share freed at a time: measured on the demo network (28 people) and a
# generated one of 80, a fifth solves in a few tenths of a second of deterministic time and
# finds improvements most often; half the people is slower than the whole week.
SHARE_FREED = 0.2
FEWEST_FREED = 6
# Each neighbourhood's solve at most. Measured on the 80-person network's first week: a fifth
# of the people is rarely solved to the end even in 0.5 s, but 0.2 s steps, more of them, took
# it from 2,427 to 1,351 in 5 s where 0.5 s steps reached 1,464.
STEP_SECONDS = 0.2
# Deterministic time counts only the solver's search, not copying the model, fixing the held
# choices and presolve, which cost about as much again (measured: 0.65 s of CPU for a 0.4 s step
# on a one-week model of 11,000 variables, 1.5 s on a four-week one of 47,000), so each
# neighbourhood is charged this much more, for a budget that means roughly what it says.
CHARGE_SECONDS = 0.3
CHARGE_PER_VARIABLE = 0.000015


def objective_of(model: Model, values: list[int]) -> int:
    """The objective of the solution `values`, read from the model as the solver sees it (a
    negative reference stands for minus the variable)."""
    objective = model.cp.proto.objective
    total = objective.offset
    for ref, coefficient in zip(objective.vars, objective.coeffs, strict=True):
        total += coefficient * (values[ref] if ref >= 0 else -values[-ref - 1])
    return round(total)


def solve_with_free(
    model: Model,
    values: list[int],
    free: Callable[[str, int], bool],
    solver: cp_model.CpSolver,
) -> tuple[list[int], int] | None:
    """Solve again with only the choices `free(person, week)` open, every other choice held as
    in `values` (every variable's value, as Model.completed() gives them), starting from them.
    (values, objective) of the solver's rota, or None when it found none in its time."""
    copy = model.cp.clone()
    copy.clear_hints()
    variables = copy.proto.variables
    problem = model.problem
    for (person, slot, _, _), var in model.x.items():
        if not free(person, horizon.week_of(problem, slot.day)):
            value = values[var.index]
            domain = variables[var.index].domain
            domain[0], domain[1] = value, value
    hint = copy.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)
    if solver.solve(copy) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return list(solver.response_proto.solution), round(solver.value(model.objective()))


def search(
    model: Model,
    values: list[int],
    *,
    seconds: float,
    seed: int,
    deterministic: bool,
    solver_for: Callable[[float], cp_model.CpSolver],
    weeks: frozenset[int] | None = None,
) -> tuple[list[int], int]:
    """Neighbourhood after neighbourhood for `seconds` (of CP-SAT's deterministic time when
    `deterministic`, else of the clock), within `weeks` (every week when None): (every
    variable's value for the best rota found, its objective)."""
    generator = random.Random(seed)
    problem = model.problem
    people = [p.id for p in problem.people]
    able = {
        site: [
            p for p in people if any(model.at(p, slot, site) is not None for slot in model.slots(p))
        ]
        for site in model.practices
    }
    sites = [site for site in model.practices if able[site]]
    size = max(FEWEST_FREED, round(SHARE_FREED * len(people)))
    current = objective_of(model, values)
    spent, ends = 0.0, time.monotonic() + seconds
    while sites and current > 0:
        left = seconds - spent if deterministic else ends - time.monotonic()
        if left <= 0.05:
            break
        site = generator.choice(sites)
        near = able[site]
        chosen = set(generator.sample(near, min(len(near), (2 * size) // 3)))
        others = [p for p in people if p not in chosen]
        chosen.update(generator.sample(others, min(len(others), size - len(chosen))))
        solver = solver_for(min(STEP_SECONDS, left))
        found = solve_with_free(
            model,
            values,
            lambda person, week, chosen=chosen: (
                person in chosen and (weeks is None or week in weeks)
            ),
            solver,
        )
        if deterministic:
            charge = CHARGE_SECONDS + CHARGE_PER_VARIABLE * len(values)
            spent += solver.response_proto.deterministic_time + charge
        if found is not None and found[1] < current:
            values, current = found
    return values, current
