"""Properties over many generated networks: whatever the solver returns keeps every hard rule
and is explained by exactly its objective; any rota at all can be scored without a crash."""

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.rota.baseline import baseline_rota
from engine.rota.generate import generated_problem
from engine.rota.greedy import greedy_rota
from engine.rota.problem import HUB, NETWORK_WORK, SESSIONS, Assignment
from engine.rota.solve import solve
from engine.rota.validate import validate

networks = st.builds(
    generated_problem,
    seed=st.integers(0, 10_000),
    people=st.integers(2, 8),
    practices=st.integers(1, 3),
    weeks=st.integers(1, 2),
)
SOLVES = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@SOLVES
@given(networks)
def test_every_rota_the_solver_returns_keeps_the_rules_and_adds_up_to_its_objective(problem):
    result = solve(problem, seconds=1, workers=1)
    if result.status in ("optimal", "feasible"):
        report = validate(problem, result.rota)
        assert report.violations == ()
        assert report.total == result.explanation.total == result.objective
        assert result.bound <= result.objective
    else:
        assert result.status == "infeasible"
        assert result.conflicts and all(isinstance(c, str) and c for c in result.conflicts)
        assert len(result.rota) == sum(len(set(p.available)) for p in problem.people)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(networks, st.data())
def test_any_rota_at_all_can_be_scored(problem, data):
    sites = [s.id for s in problem.sites] + ["Z99999"]
    services = [s.name for s in problem.services] + [NETWORK_WORK, "Knitting"]
    people = [p.id for p in problem.people] + ["stranger"]
    days = [problem.start + timedelta(days=d) for d in range(7 * problem.weeks + 3)]
    assignment = st.builds(
        Assignment,
        st.sampled_from(people),
        st.sampled_from(days),
        st.sampled_from(SESSIONS),
        st.sampled_from(sites),
        st.sampled_from(services),
    )
    rota = data.draw(st.lists(assignment, max_size=60))
    report = validate(problem, rota)
    assert report.total >= 0
    assert all(v.message for v in report.violations)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(networks)
def test_the_hand_made_rotas_place_every_working_session_once_with_skills_kept(problem):
    for rota in (baseline_rota(problem), greedy_rota(problem)):
        broken = {v.rule for v in validate(problem, rota).violations}
        assert not broken & {"working_sessions", "skills", "locked"}
    greedy = validate(problem, greedy_rota(problem))
    assert not {v.rule for v in greedy.violations} & {"rooms", "site_limit"}


def test_the_hub_is_always_a_choice_so_nobody_is_ever_left_unplaced():
    problem = generated_problem(0, people=4, practices=1, weeks=1)
    rota = greedy_rota(problem)
    assert all(a.site != HUB or a.service == NETWORK_WORK for a in rota)
