"""No more PCN staff needing a room at a practice in a session than it has rooms for them."""

from engine.rota.problem import HUB
from engine.rota.rules import rooms
from tests.engine.rota.tiny import SMR, VISITS, A, at, network, on, person, solved

TUESDAY_PM = on(0, 1, "PM")
ONE_ROOM_ON_TUESDAY_PM = {A: {(1, "PM"): 1}}


def three_people(**fields):
    people = [
        person(pid, works=[TUESDAY_PM], services=(SMR, VISITS)) for pid in ("ann", "bob", "cy")
    ]
    return network(*people, rooms=ONE_ROOM_ON_TUESDAY_PM, **fields)


def test_more_people_needing_rooms_than_rooms_is_one_violation_naming_them():
    problem = three_people()
    rota = [at(pid, TUESDAY_PM, A) for pid in ("ann", "bob", "cy")]
    [found] = rooms.check(problem, rota)
    assert found.message == (
        "Practice A has 1 room on Tuesday 1 December PM; 3 people are placed there: Ann, Bob and Cy."
    )
    assert (found.where, found.when, found.who) == (A, "2026-12-01 PM", ("ann", "bob", "cy"))


def test_services_that_need_no_room_and_the_hub_take_no_room():
    problem = three_people()
    rota = [at("ann", TUESDAY_PM, A), at("bob", TUESDAY_PM, A, VISITS), at("cy", TUESDAY_PM, HUB)]
    assert rooms.check(problem, rota) == []


def test_a_session_missing_from_the_room_grid_has_no_rooms():
    problem = network(person("ann", works=[on(0, 0, "AM")]), rooms=ONE_ROOM_ON_TUESDAY_PM)
    [found] = rooms.check(problem, [at("ann", on(0, 0, "AM"), A)])
    assert found.message == (
        "Practice A has no rooms on Monday 30 November AM; 1 person is placed there: Ann."
    )


def test_the_solver_fits_a_target_into_the_rooms_there_are():
    # Two sessions wanted at A, one room: one session is delivered, one is short.
    problem = network(
        person("ann", works=[TUESDAY_PM]),
        person("bob", works=[TUESDAY_PM]),
        rooms=ONE_ROOM_ON_TUESDAY_PM,
        targets={(A, SMR): 2},
        only="fair_share_shortfall",
    )
    result = solved(problem)
    assert result.status == "optimal"
    assert sum(a.site == A for a in result.rota) == 1
    assert result.objective == 100


def test_the_solver_uses_a_second_room_when_there_is_one():
    problem = network(
        person("ann", works=[TUESDAY_PM]),
        person("bob", works=[TUESDAY_PM]),
        rooms={A: {(1, "PM"): 2}},
        targets={(A, SMR): 2},
        only="fair_share_shortfall",
    )
    assert solved(problem).objective == 0
