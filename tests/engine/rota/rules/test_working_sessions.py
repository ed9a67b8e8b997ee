"""Every working session placed exactly once; nothing placed on leave or a day off."""

from engine.rota.problem import HUB
from engine.rota.rules import working_sessions
from tests.engine.rota.tiny import A, at, every, everywhere, network, on, person, solved

MONDAY_ONLY = (on(0, 0, "AM"), on(0, 0, "PM"))


def ann(**fields):
    return person("ann", works=MONDAY_ONLY, leave=(on(0, 1, "AM"),), **fields)


def test_a_rota_with_every_working_session_placed_once_keeps_the_rule():
    problem = network(ann())
    assert working_sessions.check(problem, everywhere("ann", MONDAY_ONLY, HUB)) == []


def test_a_working_session_left_empty_is_named():
    problem = network(ann())
    [found] = working_sessions.check(problem, [at("ann", on(0, 0, "AM"), HUB)])
    assert found.message == "Ann works on Monday 30 November PM but is not placed."
    assert (found.who, found.when) == (("ann",), "2026-11-30 PM")


def test_a_session_on_leave_or_on_a_day_off_is_named_as_such():
    problem = network(ann())
    rota = [
        *everywhere("ann", MONDAY_ONLY, HUB),
        at("ann", on(0, 1, "AM"), A),
        at("ann", on(0, 2, "AM"), A),
    ]
    leave, day_off = working_sessions.check(problem, rota)
    assert leave.message == "Ann is on leave on Tuesday 1 December AM but is placed at Practice A."
    assert (
        day_off.message
        == "Ann does not work on Wednesday 2 December AM but is placed at Practice A."
    )


def test_a_double_booking_is_one_violation():
    problem = network(ann())
    rota = [*everywhere("ann", MONDAY_ONLY, HUB), at("ann", on(0, 0, "AM"), A)]
    [found] = working_sessions.check(problem, rota)
    assert found.message == "Ann is placed twice on Monday 30 November AM."


def test_somebody_not_in_the_problem_is_named():
    problem = network(ann())
    rota = [*everywhere("ann", MONDAY_ONLY, HUB), at("bob", on(0, 0, "AM"), HUB)]
    [found] = working_sessions.check(problem, rota)
    assert found.message == "bob is not one of the people in this rota."


def test_the_solver_places_every_working_session_once_and_nothing_on_leave():
    problem = network(ann(), person("bob", works=every()))
    result = solved(problem)
    placed = [(a.person, a.slot) for a in result.rota]
    assert sorted(placed) == sorted(
        [("ann", s) for s in MONDAY_ONLY] + [("bob", s) for s in every()]
    )
    assert working_sessions.check(problem, result.rota) == []
