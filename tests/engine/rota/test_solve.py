"""solve(): the result's fields, the same rota for the same seed, progress reports, re-plans
that keep the published rota, and each rule's part of the objective matching its check()."""

import dataclasses

import pytest
from ortools.sat.python import cp_model

from engine.rota.findings import weight_of
from engine.rota.generate import generated_problem
from engine.rota.model import build
from engine.rota.problem import HUB, RotaInputError
from engine.rota.rules import SOFT_RULES
from engine.rota.solve import solve
from tests.engine.rota.tiny import SMR, A, B, at, network, on, person

SMALL = generated_problem(4, people=8, practices=2, weeks=1)  # solved to optimality at once
HARDER = generated_problem(5, people=8, practices=2, weeks=2)  # not, in a second


def test_a_solved_rota_comes_with_its_bound_gap_explanation_and_timings():
    result = solve(SMALL, seconds=3, workers=1)
    assert result.status in ("optimal", "feasible")
    assert result.bound <= result.objective == result.explanation.total
    assert 0 <= result.gap <= 1
    assert result.explanation.ok and not result.conflicts
    assert 0 < result.first_solution_seconds <= result.wall_seconds


def test_the_same_seed_on_one_worker_gives_the_same_rota_every_time():
    first = solve(HARDER, seconds=0.5, workers=1, seed=7)
    again = solve(HARDER, seconds=0.5, workers=1, seed=7)
    assert first.status == "feasible"  # stopped by the time limit, not by a proof
    assert (first.rota, first.objective, first.bound) == (again.rota, again.objective, again.bound)


def test_progress_is_reported_with_the_best_objective_and_bound_so_far():
    seen = []
    result = solve(HARDER, seconds=0.5, workers=1, progress=lambda *report: seen.append(report))
    assert seen and seen[-1] == (1.0, result.objective, result.bound)
    assert all(0 <= fraction <= 1 and bound <= best for fraction, best, bound in seen)
    assert [best for _, best, _ in seen] == sorted((best for _, best, _ in seen), reverse=True)


def test_a_progress_callback_can_stop_the_search_and_keep_the_best_rota_so_far():
    result = solve(HARDER, seconds=30, workers=1, progress=lambda *report: False)
    assert result.status in ("optimal", "feasible")
    assert result.explanation.ok and result.wall_seconds < 10


def test_an_error_in_the_progress_callback_is_raised_not_swallowed():
    def broken(*report):
        raise LookupError("the progress bar went away")

    with pytest.raises(LookupError):
        solve(HARDER, seconds=3, workers=1, progress=broken)


def test_a_replan_keeps_the_published_rota_apart_from_what_leave_forces():
    mondays = [on(0, 0, "AM"), on(0, 0, "PM")]
    published = (at("ann", mondays[0], B), at("ann", mondays[1], B), at("bob", mondays[0], A))
    # Since publishing, Bob has booked Monday morning off.
    problem = network(
        person("ann", works=mondays, home_base=A),
        person("bob", works=mondays[1:], leave=mondays[:1]),
        targets={(A, SMR): 1, (B, SMR): 2},
        published=published,
    )
    result = solve(problem, seconds=5, workers=1)
    assert set(published[:2]) <= set(result.rota)
    assert result.explanation.rules[-1].total == 0  # no published session moved


def test_a_malformed_problem_is_an_input_error_not_a_conflict():
    with pytest.raises(
        RotaInputError, match=r"^targets\[0\]\.site: 'hub' is not one of the practices"
    ):
        solve(network(person("ann"), targets={(HUB, SMR): 1}), seconds=1, workers=1)


@pytest.mark.parametrize("seed", [1, 2])
def test_each_soft_rules_part_of_the_objective_is_what_its_check_finds(seed):
    problem = generated_problem(seed, people=8, practices=3, weeks=2)
    problem = dataclasses.replace(
        problem,
        published=tuple(at(p.id, p.available[0], HUB) for p in problem.people[:3] if p.available),
    )
    model = build(problem)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 2
    assert solver.Solve(model.cp) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    rota = model.rota(solver)
    for rule in SOFT_RULES:
        in_solver = sum(solver.Value(term.count) for term in model.terms.get(rule.NAME, []))
        in_check = sum(p.amount for p in rule.check(problem, rota))
        assert in_solver * weight_of(problem, rule.NAME) == in_check, rule.NAME
    assert solver.Value(model.objective()) == sum(
        p.amount for rule in SOFT_RULES for p in rule.check(problem, rota)
    )
