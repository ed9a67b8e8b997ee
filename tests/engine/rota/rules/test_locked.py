"""A locked session stays exactly where it was placed."""

from engine.rota.problem import HUB
from engine.rota.rules import locked
from tests.engine.rota.tiny import SMR, A, B, at, every, network, on, person, solved

MONDAY_AM = on(0, 0, "AM")


def test_a_locked_session_kept_as_placed_keeps_the_rule():
    problem = network(person("ann"), locked=(at("ann", MONDAY_AM, B),))
    assert locked.check(problem, [at("ann", MONDAY_AM, B)]) == []


def test_a_locked_session_moved_elsewhere_or_left_empty_is_named():
    problem = network(person("ann"), locked=(at("ann", MONDAY_AM, B),))
    [moved] = locked.check(problem, [at("ann", MONDAY_AM, HUB)])
    assert moved.message == (
        "Ann's session on Monday 30 November AM is locked at Practice B (Structured medication "
        "reviews), but the rota has Network hub (network)."
    )
    [empty] = locked.check(problem, [])
    assert empty.message.endswith("but the rota leaves the session empty.")


def test_a_locked_session_on_leave_is_named_as_leave_whatever_the_rota_says():
    problem = network(
        person("ann", works=every()[1:], leave=(MONDAY_AM,)), locked=(at("ann", MONDAY_AM, A),)
    )
    [found] = locked.check(problem, [at("ann", MONDAY_AM, A)])
    assert found.message == (
        "Ann is on leave on Monday 30 November AM, but has a session locked at Practice A "
        "(Structured medication reviews)."
    )


def test_the_solver_keeps_a_locked_session_that_costs_it_points():
    problem = network(
        person("ann", home_base=A), targets={(A, SMR): 9, (B, SMR): 0}, tolerance=1,
        locked=(at("ann", MONDAY_AM, B),), only="away_from_home",
    )  # fmt: skip
    result = solved(problem)
    assert at("ann", MONDAY_AM, B) in result.rota
    assert result.objective == 3  # the locked session is away from home; the rest are at A
