"""The proven lower bound: never above what a rota scores, and stronger than the solver's own
where the solver's linear relaxation is weak."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from engine.rota.bound import lower_bound
from engine.rota.generate import generated_problem
from engine.rota.model import build
from engine.rota.problem import DEFAULT_WEIGHTS, HUB, Team
from engine.rota.validate import validate

from .tiny import SMR, VISITS, A, B, C, at, every, network, on, person, solved

MORNINGS_ONLY = {(d, "AM"): 1 for d in range(5)}


def _shapes():
    """Tiny networks, each leaning on one rule the bound must not overrate."""
    yield (
        "a third practice is beyond the site limit",
        network(
            person("ann", home_base=A),
            practices=(A, B, C),
            targets={(A, SMR): 4, (B, SMR): 3, (C, SMR): 3},
            strict_allocation=False,
        ),
    )
    yield (
        "two people cover three practices",
        network(
            person("ann", home_base=A),
            person("bo", home_base=B),
            practices=(A, B, C),
            targets={(A, SMR): 7, (B, SMR): 7, (C, SMR): 6},
            strict_allocation=False,
        ),
    )
    yield (
        "rooms only in the mornings split the day",
        network(
            person("ann", home_base=B),
            rooms={A: MORNINGS_ONLY, B: 2},
            targets={(A, SMR): 5, (B, SMR): 3},
            strict_allocation=False,
        ),
    )
    yield (
        "one room for two people",
        network(
            person("ann", home_base=A),
            person("bo", home_base=A, services=(SMR, VISITS)),
            rooms={A: 1, B: 1},
            targets={(A, SMR): 9, (A, VISITS): 4, (B, SMR): 6},
            strict_allocation=False,
        ),
    )
    yield (
        "a team pulled apart by its targets",
        network(
            person("ann", home_base=A, teams=("t",)),
            person("bo", home_base=B, teams=("t",)),
            person("cy", home_base=None, teams=("t",), works=every(weekdays=(2, 3))),
            teams=(Team("t", "Pharmacy team", meets=(2, "PM")),),
            targets={(A, SMR): 10, (B, SMR): 10},
            strict_allocation=False,
        ),
    )
    yield (
        "locked and published sessions",
        network(
            person("ann", home_base=A),
            person("bo", home_base=B, works=every(weekdays=(0, 1, 2))),
            practices=(A, B, C),
            targets={(A, SMR): 6, (B, SMR): 4, (C, SMR): 4},
            locked=(at("bo", on(0, 0, "AM"), C),),
            published=tuple(at("ann", slot, HUB) for slot in every(weekdays=(0, 1))),
            strict_allocation=False,
        ),
    )
    yield (
        "two weeks against week one",
        network(
            person("ann", home_base=A, works=every(weeks=2)),
            person("bo", home_base=B, works=every(weeks=2, weekdays=(0, 1, 2, 3))),
            weeks=2,
            practices=(A, B, C),
            targets={(A, SMR): 6, (B, SMR): 6, (C, SMR): 5},
            strict_allocation=False,
        ),
    )


SHAPES = list(_shapes())


@pytest.mark.parametrize("problem", [p for _, p in SHAPES], ids=[name for name, _ in SHAPES])
def test_the_bound_never_exceeds_the_best_rota(problem):
    best = solved(problem)
    assert best.status == "optimal"
    found = lower_bound(problem, seconds=5)
    assert found.columns_only <= found.value <= best.objective
    # The solver's reported bound is the larger of its own and this one: still proven.
    assert best.bound == best.objective


def test_the_bound_is_stronger_than_the_solvers_linear_relaxation_where_people_cover_many_practices():
    # Two people, three practices: somebody must work at two, which the solver's relaxation
    # (a little of each person at every practice) does not see.
    problem = SHAPES[1][1]
    optimum = solved(problem).objective
    model = build(problem)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_number_of_conflicts = 0  # its bound before any search
    solver.solve(model.cp)
    relaxation = solver.best_objective_bound
    found = lower_bound(problem, seconds=5)
    assert relaxation < found.columns_only <= optimum
    assert found.value == optimum


def test_a_week_that_overdelivers_at_one_practice_does_not_count_as_meeting_two_targets():
    # Ann, at one practice a week, can meet one target of 2 but not three. Halves of weeks
    # spent wholly at one practice would meet every target in the LP, were a week's sessions
    # beyond a target counted towards it.
    problem = network(
        person("ann", home_base=A, works=every(weekdays=(0, 1, 2, 3))),
        practices=(A, B, C),
        targets={(A, SMR): 2, (B, SMR): 2, (C, SMR): 2},
        strict_allocation=False,
        max_sites=1,
    )
    optimum = solved(problem).objective
    found = lower_bound(problem, seconds=5)
    session_short = DEFAULT_WEIGHTS["fair_share_shortfall"]
    assert optimum - session_short < found.columns_only <= optimum


networks = st.builds(
    generated_problem,
    seed=st.integers(0, 10_000),
    people=st.integers(2, 8),
    practices=st.integers(1, 3),
    weeks=st.integers(1, 2),
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(networks)
def test_the_bound_never_exceeds_the_score_of_any_rota_the_solver_returns(problem):
    result = solved(problem, seconds=1)
    if result.status not in ("optimal", "feasible"):
        return
    score = validate(problem, result.rota).total
    found = lower_bound(problem, seconds=1)
    assert found.columns_only <= found.value <= score
    assert result.bound <= result.objective == score
