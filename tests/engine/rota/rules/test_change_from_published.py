"""Each published session a re-plan moves, while the person still works it."""

from engine.rota.problem import HUB
from engine.rota.rules import change_from_published
from tests.engine.rota.tiny import VISITS, A, B, at, network, on, person, solved

DAYS = [on(0, 0, "AM"), on(0, 0, "PM")]


def test_a_moved_session_costs_the_weight_and_says_where_it_went():
    problem = network(person("ann", works=DAYS), published=(at("ann", DAYS[0], A),))
    [found] = change_from_published.check(problem, [at("ann", DAYS[0], B), at("ann", DAYS[1], A)])
    assert (found.count, found.amount) == (1, change_from_published.DEFAULT_WEIGHT)
    assert found.message == (
        "Ann's session on Monday 30 November AM moves from Practice A (Structured medication "
        "reviews) to Practice B (Structured medication reviews)."
    )


def test_a_published_session_that_has_become_leave_is_not_counted():
    problem = network(
        person("ann", works=DAYS[1:], leave=DAYS[:1]), published=(at("ann", DAYS[0], A),)
    )
    assert change_from_published.check(problem, [at("ann", DAYS[1], HUB)]) == []


def test_the_solver_keeps_the_published_rota_where_it_still_fits():
    published = (at("ann", DAYS[0], A), at("ann", DAYS[1], B))
    problem = network(person("ann", works=DAYS), published=published, only="change_from_published")
    result = solved(problem)
    assert result.objective == 0
    assert set(result.rota) == set(published)


def test_a_published_session_the_person_can_no_longer_deliver_always_moves():
    published = (at("ann", DAYS[0], A, VISITS),)
    problem = network(person("ann", works=DAYS), published=published, only="change_from_published")
    assert solved(problem).objective == change_from_published.DEFAULT_WEIGHT
