"""Each session away from a person's home base; the network team's home is the hub."""

from engine.rota.problem import HUB
from engine.rota.rules import away_from_home
from tests.engine.rota.tiny import SMR, A, B, at, network, on, person, solved

SLOTS = [on(0, 0, "AM"), on(0, 0, "PM"), on(0, 1, "AM"), on(0, 1, "PM")]


def week(sites):
    return [at("ann", slot, site) for slot, site in zip(SLOTS, sites, strict=True)]


def test_each_session_away_costs_the_weight_grouped_by_week_and_site():
    problem = network(person("ann", works=SLOTS, home_base=A))
    found = away_from_home.check(problem, week([A, B, B, HUB]))
    assert [(p.where, p.count, p.amount) for p in found] == [(B, 2, 6), (HUB, 1, 3)]
    assert found[0].message == (
        "Ann works 2 sessions at Practice B in the week commencing 30 November 2026, away from "
        "their home base (Practice A)."
    )


def test_for_the_network_team_practice_sessions_are_the_ones_away():
    problem = network(person("ann", works=SLOTS, home_base=HUB))
    found = away_from_home.check(problem, week([A, HUB, HUB, HUB]))
    assert [(p.where, p.count) for p in found] == [(A, 1)]


def test_someone_without_a_home_base_is_never_away():
    problem = network(person("ann", works=SLOTS))
    assert away_from_home.check(problem, week([A, B, HUB, A])) == []


def test_the_solver_keeps_people_home_except_where_targets_send_them():
    problem = network(
        person("ann", works=SLOTS, home_base=A),
        targets={(A, SMR): 2, (B, SMR): 2},
        tolerance=0,
        only="away_from_home",
    )
    result = solved(problem)
    assert result.objective == 2 * 3
