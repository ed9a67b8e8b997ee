"""Each session a practice gets below its target, week by week, costs the rule's weight."""

from engine.rota.problem import HUB
from engine.rota.rules import fair_share_shortfall
from tests.engine.rota.tiny import SMR, A, at, network, on, person, solved

TWO_SESSIONS = [on(0, 0, "AM"), on(0, 0, "PM")]


def test_a_week_below_target_costs_each_missing_session():
    problem = network(person("ann", works=TWO_SESSIONS), targets={(A, SMR): 3})
    rota = [at("ann", TWO_SESSIONS[0], A), at("ann", TWO_SESSIONS[1], HUB)]
    [found] = fair_share_shortfall.check(problem, rota)
    assert (found.count, found.amount) == (2, 200)
    assert found.message == (
        "Practice A gets 1 of its 3 sessions of Structured medication reviews in the week "
        "commencing 30 November 2026: 2 short."
    )


def test_sessions_above_target_earn_nothing_back():
    problem = network(person("ann", works=TWO_SESSIONS), targets={(A, SMR): 1})
    rota = [at("ann", slot, A) for slot in TWO_SESSIONS]
    assert fair_share_shortfall.check(problem, rota) == []


def test_the_solver_uses_the_tolerance_only_when_it_must():
    problem = network(
        person("ann", works=TWO_SESSIONS), targets={(A, SMR): 3}, only="fair_share_shortfall"
    )
    result = solved(problem)
    assert result.status == "optimal"
    assert result.objective == 100
    assert all(a.site == A for a in result.rota)
