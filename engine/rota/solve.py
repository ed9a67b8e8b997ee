"""Solve a rota with CP-SAT, and say why when there is none.

`solve()` checks the problem is well formed (RotaInputError if not), looks for conflicts that
make it infeasible on their face, builds the model, and searches for `seconds`. It always
returns a Result: a rota with its explanation, or, when no rota keeps every hard rule, a draft
that breaks as little as it can, with the conflicts that force it, in plain English.
"""

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from . import conflicts, gap, later_weeks, neighbourhoods, well_formed
from .bound import lower_bound
from .explain import Explanation, explain
from .first_week import first_week
from .greedy import greedy_rota
from .model import build
from .problem import Assignment, Problem
from .rules import allocation, locked, rooms, site_limit
from .validate import validate

# The hard rules that may give while finding out why a problem is infeasible. Working sessions
# and skills never need to: anybody can always be placed at the hub.
RELAXABLE = frozenset({allocation.NAME, rooms.NAME, site_limit.NAME, locked.NAME})

STATUSES = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.UNKNOWN: "unknown",
}

# The share of the time left after the bound that is spent on the first week alone, the pattern
# every later week is priced against (first_week.py). Week 1 decides most of the rota: measured
# on the frozen problems (benchmarks/rota/, decision 16) at 10 s on 2 workers, 0.8 put the demo
# network 10% above its best known rota where 0.5 put it 14% above, and at 60 s the 80-person
# network 12% above where 0.6 put it 15% above.
PATTERN_SHARE = 0.8

# The share of the time spent proving a lower bound (bound/) before the search: the column
# generation first (it stops sooner once its LP is solved), then the service groups with what
# is left. Measured at 10 seconds on 2 workers: the demo network's column generation is done in
# about 2.5 seconds; an 80-person network's reaches its uncapped LP (see bound/master.py) in
# about 1.5 and needs 6 for the capped one. Beside the search instead, on 2 cores, the bound
# cost the search more than it does before it.
BOUND_SHARE = 0.3

# The share of the time left after the first week that is spent solving the later weeks one at a
# time against it (later_weeks.py); the whole horizon gets the rest.
# The share of the time left after week 1 that is spent on the weeks that differ from it
# (later_weeks.py), by neighbourhoods within those weeks; the whole horizon gets the rest, from
# the rota found. A whole-horizon search of its own moved the 80-person network's rota little
# (decision 16), so it gets little.
LATER_WEEKS_SHARE = 0.9

# progress(fraction of the time used, best objective so far, best bound so far); return False
# to stop the search early (the best rota so far is kept).
Progress = Callable[[float, int, int], bool | None]


@dataclass(frozen=True)
class Result:
    status: str  # "optimal", "feasible", "infeasible" or "unknown"
    objective: int | None  # None without a rota that keeps every hard rule
    bound: int | None  # no rota can score below this
    gap: float | None  # (objective - bound) / objective, 0 to 1; 0 when proved optimal
    rota: tuple[Assignment, ...]  # when infeasible: the draft that breaks the fewest rules
    explanation: Explanation
    conflicts: tuple[str, ...] = ()  # why there is no rota, when there is none
    warnings: tuple[str, ...] = ()  # worth saying, but not stopping the rota
    wall_seconds: float = 0.0
    first_solution_seconds: float | None = None  # from the call, for benchmarks
    # [{"rule", "objective_part", "bound_part"}] per soft rule (gap.py); empty without a rota
    gap_by_rule: tuple[dict, ...] = ()


def solve(
    problem: Problem,
    *,
    seconds: float = 10.0,
    seed: int = 0,
    workers: int | None = None,
    progress: Progress | None = None,
    hint: bool = True,
    relative_gap: float = 0.0,
) -> Result:
    """Search for the best rota for up to `seconds` (model building included).

    A quick greedy rota comes first (offered through `progress` when it keeps every hard rule);
    then 30% of the time goes on proving a lower bound (bound/): the solver's own is weak
    where people are shared between practices, and the result's `bound` is the better of the two.
    The search (with `hint`, the default) then finds the best first week it can in most of the
    time left (first_week.py, neighbourhoods.py), repeats it over the horizon wherever leave
    allows and keeping the published rota where it can (greedy.py), searches the weeks that
    differ from week 1 against it (later_weeks.py), and improves the whole horizon with what is
    left. It stops early once the objective is proved within `relative_gap` of the best
    possible (0.01: within 1%).

    `workers` defaults to every core. With workers=1 the time is CP-SAT's deterministic time
    (roughly a second of work per unit on a typical machine) rather than the clock, so a given seed
    gives the same rota on every run and every machine (the neighbourhood searches charge their
    own copying and presolve to it too); the clock still stops CP-SAT at five times `seconds`.
    `progress` is told of each better rota found (see Progress).

    `gap_by_rule` splits the objective and the bound by soft rule (gap.py).
    """
    lp_by_rule = {}
    result = _solve(problem, seconds, seed, workers, progress, hint, relative_gap, lp_by_rule)
    if result.objective is None:
        return result
    totals = validate(problem, result.rota).totals
    return replace(result, gap_by_rule=gap.gap_by_rule(totals, result.bound, lp_by_rule))


def _solve(problem, seconds, seed, workers, progress, hint, relative_gap, lp_by_rule) -> Result:
    """solve(), but for gap_by_rule; `lp_by_rule` is given the bound's LP split by rule."""
    started = time.monotonic()
    well_formed.check(problem)
    found = conflicts.before(problem)
    warnings = tuple(c.message for c in found if not c.blocking)
    blocking = tuple(c.message for c in found if c.blocking)
    if blocking:
        return _infeasible(problem, blocking, warnings, started, seconds, seed, workers)

    clock = _Clock(seconds, started, deterministic=_workers(workers) == 1)

    model = build(problem)
    start, report, known, proven = (), None, None, 0

    def offer(rota) -> bool:
        """Start from `rota` if it keeps every hard rule and beats the start so far, and say
        so through `progress`. True when `progress` asks to stop there."""
        nonlocal start, report, known
        checked = validate(problem, rota)
        if not checked.ok or (report is not None and report.total <= checked.total):
            return False
        start, report = rota, checked
        known = time.monotonic() - started if known is None else known
        return (
            progress is not None
            and progress(min(1.0, known / seconds), report.total, min(proven, report.total))
            is False
        )

    # A rota in a fraction of a second, before anything slower, so the manager sees one at once.
    greedy = greedy_rota(problem) if hint else ()
    if hint and offer(greedy):
        return _starting_result(problem, start, report, warnings, started, proven, known)

    bounded = lower_bound(problem, seconds=clock.take(BOUND_SHARE), workers=_workers(workers))
    proven = bounded.value
    lp_by_rule.update(bounded.by_rule)
    if relative_gap and proven:
        # True of every rota, so none is lost, and CP-SAT can tell when it is within the gap.
        model.cp.add(model.objective() >= proven)

    if hint:
        # Then a rota built on the solver's best first week, its later weeks solved against it.
        hinted = start or greedy
        if problem.weeks > 1:
            patterned = greedy_rota(problem, week_one=_week_one(problem, clock, seed, workers))
            if offer(patterned):
                return _starting_result(problem, start, report, warnings, started, proven, known)
            # Even when it misses a target somewhere, the patterned rota is the better place
            # for the search to start: it repairs a near miss quickly. The start kept for
            # `progress` and as a fallback is the best rota that keeps every rule.
            if patterned is start or not validate(problem, patterned).ok:
                hinted = patterned
        values = model.completed(hinted)
        if values is None:
            model.hint(hinted)
        else:
            if problem.weeks > 1:
                values, stop = _later_weeks(model, values, clock, seed, workers, offer)
                if stop:
                    return _starting_result(
                        problem, start, report, warnings, started, proven, known
                    )
            model.hint_values(values)
    # What is left of the time, less a little for reading and explaining the rota after.
    solver = configured_solver(max(0.5, clock.left() - 0.05 * seconds), seed, workers, relative_gap)
    watcher = _Watcher(
        progress, seconds, started, best=report.total if report else None, proven=proven
    )
    status = solver.solve(model.cp, watcher)
    if watcher.error is not None:
        raise watcher.error
    if status == cp_model.MODEL_INVALID:
        raise RuntimeError(f"The rota model is invalid: {model.cp.validate()}")

    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        rota = model.rota(solver)
        # The objective of the rota returned, not CP-SAT's reported one: after presolve's dual
        # reductions the reported value of a solution short of optimal can be higher than its
        # own variables add up to. This one is what check() finds, by construction.
        objective = solver.value(model.objective())
        bound = min(objective, max(proven, round(solver.best_objective_bound)))
        if progress is not None:
            progress(1.0, objective, bound)
        return Result(
            status="optimal" if bound == objective else "feasible",
            objective=objective,
            bound=bound,
            gap=(objective - bound) / max(1, abs(objective)),
            rota=rota,
            explanation=explain(problem, rota),
            warnings=warnings,
            wall_seconds=time.monotonic() - started,
            first_solution_seconds=min(t for t in (known, watcher.first) if t is not None),
        )
    if status == cp_model.INFEASIBLE:
        return _infeasible(problem, (), warnings, started, clock.left(), seed, workers)
    if start and (report := validate(problem, start)).ok:
        # Out of time before the solver confirmed the starting rota (a big network on a slow
        # machine): it keeps every hard rule, so it is a rota.
        return _starting_result(problem, start, report, warnings, started, proven, known)
    message = (
        f"No rota was found within {seconds:g} seconds, and none was proved impossible. "
        "Allow more time, or loosen the rules (the tolerance, or the practices a week)."
    )
    return Result(
        status=STATUSES.get(status, "unknown"),
        objective=None,
        bound=None,
        gap=None,
        rota=(),
        explanation=explain(problem, ()),
        conflicts=(message,),
        warnings=warnings,
        wall_seconds=time.monotonic() - started,
    )


def _workers(workers: int | None) -> int:
    return workers or os.cpu_count() or 1


class _Clock:
    """The time each stage may take. On one worker the stages get fixed shares of `seconds`,
    counted in CP-SAT's deterministic time, so a seed gives the same rota however busy the
    machine is; otherwise a stage gets what the clock says is left."""

    def __init__(self, seconds: float, started: float, *, deterministic: bool):
        self.seconds, self.started, self.deterministic = seconds, started, deterministic
        self.spent = 0.0  # deterministic: the shares handed out so far

    def left(self) -> float:
        if self.deterministic:
            return self.seconds - self.spent
        return self.seconds - (time.monotonic() - self.started)

    def take(self, share: float) -> float:
        amount = share * self.left()
        self.spent += amount
        return amount


def _starting_result(problem, start, report, warnings, started, proven, known) -> Result:
    """The starting rota as the answer, when the search stopped before improving on it, with
    the bound proved before the search."""
    bound = min(report.total, proven)
    return Result(
        status="optimal" if bound == report.total else "feasible",
        objective=report.total,
        bound=bound,
        gap=(report.total - bound) / max(1, report.total),
        rota=start,
        explanation=explain(problem, start, report),
        warnings=warnings,
        wall_seconds=time.monotonic() - started,
        # When that rota was first found, not now: on a large network the last stage can end
        # before CP-SAT has confirmed it.
        first_solution_seconds=known,
    )


def _week_one(problem: Problem, clock, seed, workers) -> tuple[Assignment, ...]:
    """The best first week found in its share of the time (first_week.py says why), for the
    greedy rota to repeat: neighbourhood after neighbourhood from the greedy week
    (neighbourhoods.py), which finds far better weeks than CP-SAT's own search in the time."""
    first = first_week(problem)
    model = build(first)
    budget = clock.take(PATTERN_SHARE)
    greedy = greedy_rota(first)
    values = model.completed(greedy)
    if values is None:
        # The greedy week breaks a hard rule (a strict target it could not reach): CP-SAT's own
        # search repairs it from there.
        model.hint(greedy)
        solver = configured_solver(budget, seed, workers, 0.0, proving=False)
        if solver.solve(model.cp) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return model.rota(solver)
        return ()
    values = _neighbourhoods(model, values, budget, clock, seed, workers)
    return model.rota_of(values)


def _neighbourhoods(model, values, budget, clock, seed, workers, weeks=None) -> list[int]:
    """neighbourhoods.search for `budget` on the search's own solver settings: every
    variable's value for the best rota found."""
    values, _ = neighbourhoods.search(
        model,
        values,
        seconds=budget,
        seed=seed,
        deterministic=clock.deterministic,
        solver_for=lambda seconds: configured_solver(seconds, seed, workers, 0.0, proving=False),
        weeks=weeks,
    )
    return values


def _later_weeks(model, values, clock, seed, workers, offer) -> tuple[list[int], bool]:
    """The weeks that differ from week 1 (later_weeks.py) searched against it, in their share of
    the time: (every variable's value for the best rota, True when `offer` asked to stop)."""
    weeks = later_weeks.weeks_to_solve(model.problem)
    if not weeks:
        return values, False
    budget = clock.take(LATER_WEEKS_SHARE)
    # Neighbourhoods of a few people within the later weeks, as for week 1. Measured against
    # solving each later week whole in turn (later_weeks.solve_weeks), they did as well or a
    # little better (decision 16), and they work on one worker too.
    values = _neighbourhoods(model, values, budget, clock, seed, workers, frozenset(weeks))
    return values, offer(model.rota_of(values))


def _known_sessions(problem: Problem) -> list[Assignment]:
    """The published rota, with the locked sessions over it: one guess per session."""
    known = {(a.person, a.slot): a for a in problem.published}
    known.update({(a.person, a.slot): a for a in problem.locked})
    return list(known.values())


def configured_solver(
    seconds, seed, workers, relative_gap, *, proving: bool = True
) -> cp_model.CpSolver:
    """CP-SAT with this engine's parameters, for `seconds` (deterministic time on one worker)."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = _workers(workers)
    params.random_seed = seed
    if params.num_workers == 1:
        # Deterministic time only: a wall-clock limit would stop a busy machine sooner, and
        # the same seed would give another rota.
        params.max_deterministic_time = seconds
    else:
        params.max_time_in_seconds = seconds
    if relative_gap:
        params.relative_gap_limit = relative_gap
    # Measured on generated networks of 30 to 80 people: full presolve rounds and symmetry
    # detection take several seconds of a 10-second budget on the larger ones and gain little.
    params.max_presolve_iterations = 1
    params.symmetry_level = 0
    # Probing took a second of presolve on 80 people, for no better rotas at 10 seconds.
    params.cp_model_probing_level = 0
    if params.num_workers == 2 and proving:
        # Two workers: one for large-neighbourhood search from the hint, and one for core-based
        # search, which raises the proven bound on the many 0/1 penalty terms faster than the
        # default LP search (which CP-SAT would otherwise pick). With more workers the default
        # portfolio already includes both.
        params.subsolvers.append("core")
    return solver


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Notes the first solution's time and passes each improvement to `progress`."""

    def __init__(self, progress, seconds, started, best=None, proven=0):
        super().__init__()
        self.proven = proven  # the bound proved before the search
        self.progress = progress
        self.seconds = seconds
        self.started = started
        self.best = best
        self.first = None
        self.error = None

    def on_solution_callback(self):
        if self.first is None:
            self.first = time.monotonic() - self.started
        if self.progress is None:
            return
        # CP-SAT's value for a solution short of optimal can be above what its variables add
        # up to (see solve()), so the best so far never goes up.
        found = round(self.objective_value)
        self.best = found if self.best is None else min(self.best, found)
        try:
            keep = self.progress(
                min(1.0, (time.monotonic() - self.started) / self.seconds),
                self.best,
                min(self.best, max(self.proven, round(self.best_objective_bound))),
            )
        except BaseException as error:  # raised again once the solver has stopped
            self.error = error
            keep = False
        if keep is False:
            self.stop_search()


def _infeasible(problem, found, warnings, started, budget, seed, workers) -> Result:
    """No rota keeps every hard rule: relax the rules that can give, minimise how much they
    give, and report where they had to. The relaxed rota is returned as a draft."""
    model = build(problem, relax=RELAXABLE, soft=False)
    model.hint(_known_sessions(problem))
    solver = configured_solver(max(1.0, budget), seed, workers, 0.0)
    status = solver.solve(model.cp)
    rota, explained = (), []
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        rota = model.rota(solver)
        used = [(slack, solver.value(slack.var)) for slack in model.slacks]
        explained = [c.message for c in conflicts.from_slack(problem, used)]
    if not rota:
        rota = greedy_rota(problem)  # out of time even for that: a draft is still a draft
    messages = tuple(found) or tuple(explained)
    if not messages:
        messages = (
            "No rota keeps every rule, and the reason could not be narrowed down in the time "
            "allowed. Try loosening the tolerance or the practices a week.",
        )
    return Result(
        status="infeasible",
        objective=None,
        bound=None,
        gap=None,
        rota=rota,
        explanation=explain(problem, rota),
        conflicts=messages,
        warnings=warnings,
        wall_seconds=time.monotonic() - started,
    )
