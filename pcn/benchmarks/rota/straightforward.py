"""CP-SAT on the straightforward model, as a yardstick: `build(problem)` and the solver's own
defaults for the same time, with no greedy start, no bound of our own, no first week and no
later weeks. Beside the optimiser's rota it shows what those steps gain."""

import time

from ortools.sat.python import cp_model

from engine.rota.model import build
from engine.rota.problem import Problem


def straightforward_rota(problem: Problem, *, seconds: float, seed: int = 0, workers: int = 2):
    """(rota, objective, bound) after `seconds` in all, model building included; the rota is
    () and the objective None when the solver found none in the time."""
    started = time.monotonic()
    model = build(problem)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(0.1, seconds - (time.monotonic() - started))
    status = solver.solve(model.cp)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return (), None, round(solver.best_objective_bound) if status != cp_model.UNKNOWN else None
    objective = solver.value(model.objective())
    return model.rota(solver), objective, min(objective, round(solver.best_objective_bound))
