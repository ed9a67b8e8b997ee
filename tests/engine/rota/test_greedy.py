"""The solver's starting rota: quick, and keeping every hard rule when it can."""

import time

from engine.rota.generate import generated_problem
from engine.rota.greedy import greedy_rota
from engine.rota.validate import validate
from tests.engine.rota.tiny import SMR, A, B, at, every, network, person


def test_a_large_network_gets_a_rota_keeping_every_hard_rule_in_well_under_a_second():
    problem = generated_problem(0, people=80, practices=8, weeks=4)
    started = time.monotonic()
    rota = greedy_rota(problem)
    assert time.monotonic() - started < 1
    assert validate(problem, rota).ok


def test_targets_are_met_with_whole_days_nearest_home():
    problem = network(person("ann", home_base=A), person("bob", home_base=B), targets={(A, SMR): 4})
    rota = greedy_rota(problem)
    at_a = [a for a in rota if a.site == A]
    # The target's four as two whole days, then one more (the tolerance) since A is her home.
    assert {a.person for a in at_a} == {"ann"} and len(at_a) == 5
    whole_days = [d for d in {a.day for a in at_a} if sum(a.day == d for a in at_a) == 2]
    assert len(whole_days) == 2


def test_a_replan_starts_from_the_published_rota():
    published = tuple(at("ann", slot, B) for slot in every()[:2])
    problem = network(person("ann", home_base=A), targets={(B, SMR): 2}, published=published)
    assert set(published) <= set(greedy_rota(problem))
