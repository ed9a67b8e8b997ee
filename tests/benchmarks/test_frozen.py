"""The benchmark's frozen problems and the best rota known for each."""

from datetime import date

import pytest

from engine.rota.generate import generated_problem
from engine.rota.greedy import greedy_rota
from engine.rota.validate import validate
from pcn.benchmarks.rota import frozen
from pcn.benchmarks.rota.config import GENERATED_SEEDS, GENERATED_SIZE


def test_the_demo_problem_is_four_weeks_from_monday_7_december_2026_with_its_bank_holidays():
    problem = frozen.load(frozen.DEMO)
    assert (problem.start, problem.weeks) == (date(2026, 12, 7), 4)
    assert set(problem.holidays) == {date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)}
    assert problem.people and problem.targets


@pytest.mark.parametrize("seed", GENERATED_SEEDS)
def test_a_frozen_generated_problem_is_the_one_its_seed_generates(seed):
    assert frozen.load(frozen.generated_name(seed)) == generated_problem(seed, **GENERATED_SIZE)


@pytest.mark.parametrize("name", frozen.names())
def test_each_best_known_rota_keeps_every_hard_rule_and_scores_as_recorded(name):
    problem = frozen.load(name)
    known = frozen.best_known(name)
    assert known is not None, f"{name} has no best known rota"
    report = validate(problem, known.rota)
    assert report.ok
    assert report.total == known.objective
    assert known.found_by


def test_a_rota_is_kept_as_the_best_known_only_when_it_keeps_the_rules_and_scores_lower(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(frozen, "FOLDER", tmp_path)
    problem = generated_problem(2, people=10, practices=2, weeks=1)
    frozen.write("small", problem)
    rota = greedy_rota(problem)
    assert frozen.keep_if_better("small", problem, rota, "the greedy rota")
    assert frozen.best_known("small").objective == validate(problem, rota).total
    assert not frozen.keep_if_better("small", problem, rota, "the same again")
    broken = rota[1:]  # a working session left out
    assert not validate(problem, broken).ok
    assert not frozen.keep_if_better("small", problem, broken, "breaks a rule")
    assert frozen.best_known("small").found_by == "the greedy rota"
    assert frozen.names() == ["small"]


def test_the_distance_above_the_best_known_is_a_fraction_of_it():
    assert frozen.above_best(5_150, 5_000) == pytest.approx(0.03)
    assert frozen.above_best(None, 5_000) is None
