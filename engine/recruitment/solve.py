"""The plan: a small integer programme solved by OR-Tools CP-SAT, and the greedy baseline.

Variables: how many posts of each role, start month and size. Limits (hard): this year's cost
within the headroom to use; a full year of the new posts within next year's entitlement left
after everyone now in post; each role within its most WTE; pins and ruled-out roles. Objective:
the four terms of explain.TERMS, each in pennies of headroom (decision 30).
"""

from dataclasses import dataclass

from .explain import Explanation, explain, per_wte, shortfall_weight, wte_text
from .problem import Post, Problem, cost_full_year, cost_this_year


@dataclass(frozen=True)
class Solution:
    status: str  # "optimal", "feasible" (time ran out), "infeasible", "unknown"
    posts: tuple[Post, ...]
    explanation: Explanation
    message: str = ""  # for a plan that could not be made: why, in words
    bound: int | None = None  # the best objective any plan could reach, proven by the solver
    seconds: float = 0.0


def _refusal(problem):
    """Why no plan can keep the pins within both limits, before asking the solver."""
    least_year = least_full = 0
    for pin in problem.pins:
        candidate = problem.candidate(pin.role)
        if candidate is None:
            return f"{pin.role} cannot be pinned: its cost is not known"
        if pin.role in problem.forbidden:
            return f"{candidate.name} is both pinned and ruled out"
        wte = pin.wte if pin.wte is not None else min(problem.steps)
        if wte > candidate.max_wte:
            return f"{candidate.name} is pinned at more than its {wte_text(candidate.max_wte)} WTE"
        least_year += cost_this_year(candidate, problem.months, problem.months[-1], wte)
        least_full += cost_full_year(candidate, wte)
    if problem.pins and least_year > problem.headroom:
        return "The pinned roles cost more this year than the headroom to use"
    if problem.pins and least_full > problem.next_year_room:
        return "A full year of the pinned roles is more than next year's entitlement allows"
    return ""


def solve(problem: Problem, *, seconds: float = 4.0, workers: int = 2, seed: int = 0) -> Solution:
    from ortools.sat.python import cp_model

    if not problem.months:
        return _empty(problem, "infeasible", "There is no month left this year to start a post")
    refusal = _refusal(problem)
    if refusal:
        return _empty(problem, "infeasible", refusal)
    model = cp_model.CpModel()
    counts = {}  # (role, month, step) -> IntVar
    this_year, full_year, posts = [], [], []
    wte_of = {}
    short_cover, unmet_cover = [], []
    for candidate in problem.candidates:
        if candidate.role in problem.forbidden or candidate.max_wte <= 0:
            continue
        terms = []
        for month in problem.months:
            for step in problem.steps:
                if step > candidate.max_wte:
                    continue
                n = model.new_int_var(
                    0, candidate.max_wte // step, f"n_{candidate.role}_{month}_{step}"
                )
                counts[candidate.role, month, step] = n
                terms.append(step * n)
                this_year.append(cost_this_year(candidate, problem.months, month, step) * n)
                full_year.append(cost_full_year(candidate, step) * n)
                posts.append(n)
        if not terms:
            continue
        wte = model.new_int_var(0, candidate.max_wte, f"wte_{candidate.role}")
        model.add(wte == sum(terms))
        wte_of[candidate.role] = wte
        weight = per_wte(shortfall_weight(problem, candidate))
        if candidate.shortfall > 0 and weight > 0:
            covered = model.new_int_var(0, candidate.shortfall, f"short_{candidate.role}")
            model.add(covered <= wte)
            short_cover.append(weight * covered)
    # Unmet demand: each role's new sessions shared among the services it delivers.
    shared = {}
    for index, service in enumerate(problem.services):
        given = []
        for role in service.roles:
            if role in wte_of and service.unmet > 0:
                x = model.new_int_var(0, service.unmet, f"serve_{role}_{index}")
                shared.setdefault(role, []).append(x)
                given.append(x)
        if given:
            model.add(sum(given) <= service.unmet)
            unmet_cover += given
    for role, given in shared.items():
        model.add(sum(given) <= wte_of[role] * problem.candidate(role).sessions_per_wte)
    for pin in problem.pins:
        wte = wte_of.get(pin.role)
        if wte is None:
            name = getattr(problem.candidate(pin.role), "name", pin.role)
            return _empty(problem, "infeasible", f"{name} cannot be pinned at an allowed size")
        if pin.wte is None:
            model.add(wte >= min(problem.steps))
        else:
            model.add(wte == pin.wte)
    model.add(sum(this_year) <= max(problem.headroom, 0))
    model.add(sum(full_year) <= max(problem.next_year_room, 0))
    w = problem.weights
    model.maximize(
        w.headroom * sum(this_year)
        + sum(short_cover)
        + per_wte(w.unmet) * sum(unmet_cover)
        - w.post * sum(posts)
    )
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    code = solver.solve(model)
    status = {
        cp_model.OPTIMAL: "optimal",
        cp_model.FEASIBLE: "feasible",
        cp_model.INFEASIBLE: "infeasible",
    }.get(code, "unknown")
    if status not in ("optimal", "feasible"):
        message = (
            "No plan keeps the pinned roles within both limits"
            if status == "infeasible"
            else "The planner ran out of time before finding a plan"
        )
        return _empty(problem, status, message, seconds=solver.wall_time)
    chosen = []
    for (role, month, step), n in counts.items():
        candidate = problem.candidate(role)
        chosen += [Post(role, candidate.band, step, month)] * solver.value(n)
    chosen = tuple(sorted(chosen, key=lambda p: (p.start, p.role, -p.wte)))
    return Solution(
        status=status,
        posts=chosen,
        explanation=explain(problem, chosen),
        bound=int(solver.best_objective_bound),
        seconds=solver.wall_time,
    )


def _empty(problem, status, message, seconds=0.0):
    return Solution(status, (), explain(problem, ()), message, None, seconds)


def greedy(problem: Problem) -> Solution:
    """The baseline: the one-post-at-a-time what-if, repeated. Add whichever single post (any
    role, start month and size) raises the objective most while the plan stays within both
    limits; stop when none does. Pins are added first."""
    posts = []
    for pin in problem.pins:
        candidate = problem.candidate(pin.role)
        if candidate is None:
            continue
        size = pin.wte if pin.wte is not None else min(problem.steps)
        posts.append(Post(pin.role, candidate.band, size, problem.months[0]))
    current = explain(problem, posts)
    pinned = {p.role for p in problem.pins if p.wte is not None}
    while True:
        best = None
        for candidate in problem.candidates:
            if candidate.role in problem.forbidden or candidate.role in pinned:
                continue
            for month in problem.months:
                for step in problem.steps:
                    trial = explain(
                        problem, [*posts, Post(candidate.role, candidate.band, step, month)]
                    )
                    if trial.ok and trial.total > (best or current).total:
                        best, chosen = trial, Post(candidate.role, candidate.band, step, month)
        if best is None:
            break
        posts.append(chosen)
        current = best
    posts = tuple(sorted(posts, key=lambda p: (p.start, p.role, -p.wte)))
    return Solution("greedy", posts, explain(problem, posts))
