"""Each practice beyond the first in someone's week; the hub does not count."""

from engine.rota.problem import HUB
from engine.rota.rules import extra_site
from tests.engine.rota.tiny import SMR, A, B, C, at, every, network, person, solved


def test_each_practice_beyond_the_first_costs_the_weight():
    problem = network(person("ann", max_sites=3), practices=(A, B, C))
    rota = [at("ann", slot, (A, B, C, HUB)[i % 4]) for i, slot in enumerate(every())]
    [found] = extra_site.check(problem, rota)
    assert (found.count, found.amount) == (2, 40)
    assert found.message == (
        "Ann works at 3 practices in the week commencing 30 November 2026: Practice A, "
        "Practice B and Practice C."
    )


def test_one_practice_and_the_hub_cost_nothing():
    problem = network(person("ann"))
    rota = [at("ann", slot, (A, HUB)[i % 2]) for i, slot in enumerate(every())]
    assert extra_site.check(problem, rota) == []


def test_the_solver_adds_a_practice_only_for_a_target():
    problem = network(
        person("ann"), targets={(A, SMR): 2, (B, SMR): 2}, tolerance=0, only="extra_site"
    )
    assert solved(problem).objective == 20
    problem = network(person("ann"), targets={(A, SMR): 4}, tolerance=0, only="extra_site")
    assert solved(problem).objective == 0
