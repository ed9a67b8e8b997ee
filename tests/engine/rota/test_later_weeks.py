"""Weeks 2 onwards solved against week 1, and the neighbourhood search that finds week 1: they
keep every hard rule, never end worse than where they started, and repeat for a seed."""

import dataclasses
from datetime import timedelta

from engine.rota import later_weeks, neighbourhoods
from engine.rota.generate import generated_problem
from engine.rota.greedy import greedy_rota
from engine.rota.model import build
from engine.rota.problem import Slot
from engine.rota.solve import configured_solver, solve
from engine.rota.validate import validate
from tests.engine.rota.tiny import MONDAY, every, network, person


def _small(seed=4):
    return generated_problem(seed, people=14, practices=3, weeks=2)


def _one_worker(seconds):
    return configured_solver(seconds, 0, 1, 0.0, proving=False)


def test_a_week_asking_the_same_as_week_one_is_identical_and_a_week_with_leave_or_a_holiday_is_not():
    same = network(person("ann", works=every(weeks=3)), weeks=3)
    assert later_weeks.weeks_to_solve(same) == []
    leave = Slot(MONDAY + timedelta(weeks=1), "AM")
    ann = person("ann", works=[s for s in every(weeks=3) if s != leave], leave=(leave,))
    assert later_weeks.weeks_to_solve(network(ann, weeks=3)) == [1]
    christmas = MONDAY + timedelta(weeks=2, days=4)
    ann = person("ann", works=[s for s in every(weeks=3) if s.day != christmas])
    assert later_weeks.weeks_to_solve(network(ann, weeks=3, holidays=(christmas,))) == [2]


def test_the_objective_read_from_a_solution_is_the_one_validate_scores():
    problem = _small()
    model = build(problem)
    rota = greedy_rota(problem)
    values = model.completed(rota)
    assert neighbourhoods.objective_of(model, values) == validate(problem, rota).total
    assert model.rota_of(values) == tuple(sorted(rota))


def test_solving_the_later_weeks_keeps_every_hard_rule_and_never_ends_worse_than_the_greedy_rota():
    problem = _small()
    model = build(problem)
    greedy = greedy_rota(problem)
    values = model.completed(greedy)
    rota, values = later_weeks.solve_weeks(
        model, values, [1], solver_for=_one_worker, seconds=lambda left: 1.0
    )
    found = model.rota_of(values)
    assert validate(problem, found).ok
    assert validate(problem, found).total <= validate(problem, greedy).total
    assert rota is None or rota == found
    # Week 1 is held as it was.
    assert [a for a in found if a.day < problem.start + timedelta(weeks=1)] == [
        a for a in sorted(greedy) if a.day < problem.start + timedelta(weeks=1)
    ]


def test_the_neighbourhood_search_keeps_every_hard_rule_improves_and_repeats_for_a_seed():
    problem = dataclasses.replace(_small(), weeks=1)
    problem = dataclasses.replace(
        problem,
        people=tuple(
            dataclasses.replace(
                p, available=tuple(s for s in p.available if s.day < problem.start + timedelta(7))
            )
            for p in problem.people
        ),
    )
    model = build(problem)
    greedy = greedy_rota(problem)
    start = model.completed(greedy)
    runs = [
        neighbourhoods.search(
            model, start, seconds=1.0, seed=3, deterministic=True, solver_for=_one_worker
        )
        for _ in range(2)
    ]
    (values, objective), again = runs
    assert again == (values, objective)
    rota = model.rota_of(values)
    assert validate(problem, rota).ok
    assert objective == validate(problem, rota).total < validate(problem, greedy).total


def test_one_worker_and_a_seed_give_the_same_rota_twice_over_several_weeks():
    problem = _small(seed=5)
    first, second = (solve(problem, seconds=1.5, workers=1, seed=7) for _ in range(2))
    assert first.rota == second.rota and first.objective == second.objective
    assert validate(problem, first.rota).ok
    assert first.objective <= validate(problem, greedy_rota(problem)).total


def test_when_the_greedy_rota_breaks_a_rule_the_first_week_is_repaired_by_the_solver(
    monkeypatch,
):
    problem = _small(seed=6)
    # A greedy rota that places nobody breaks the working-sessions rule in every week.
    monkeypatch.setattr("engine.rota.solve.greedy_rota", lambda problem, week_one=(): ())
    result = solve(problem, seconds=2, workers=1, seed=0)
    assert result.status in ("optimal", "feasible")
    assert validate(problem, result.rota).ok
