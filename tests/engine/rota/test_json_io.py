"""Problems, rotas and results as plain JSON; a wrong file is refused with where it is wrong."""

import dataclasses
import json

import pytest

from engine.rota.generate import generated_problem
from engine.rota.json_io import (
    problem_from_json,
    problem_to_json,
    result_to_json,
    rota_from_json,
    rota_to_json,
)
from engine.rota.problem import DEFAULT_WEIGHTS, RotaInputError, Team
from engine.rota.solve import solve
from tests.engine.rota.tiny import A, at, network, on, person


def test_a_problem_survives_the_round_trip_through_json():
    problem = generated_problem(2, people=12, practices=3, weeks=2)
    first = problem.people[0]
    published = (at(first.id, first.available[0], problem.sites[0].id, first.services[0]),)
    problem = dataclasses.replace(problem, published=published, locked=published)
    assert problem_from_json(json.loads(json.dumps(problem_to_json(problem)))) == problem


def test_sessions_rooms_and_team_meetings_are_written_the_documented_way():
    problem = network(
        person("ann", works=[on(0, 1, "PM")]),
        rooms={A: {(1, "PM"): 2}},
        teams=(Team("t", "Team", ("ann",), (2, "AM")),),
    )
    data = problem_to_json(problem)
    assert data["people"][0]["available"] == [{"day": "2026-12-01", "session": "PM"}]
    assert data["sites"][0]["rooms"] == {"1-PM": 2}
    assert data["teams"][0]["meets"] == "2-AM"
    assert rota_to_json([at("ann", on(0, 1, "PM"), A)]) == [
        {
            "person": "ann", "date": "2026-12-01", "session": "PM", "site": A,
            "service": "Structured medication reviews",
        }
    ]  # fmt: skip


def test_a_problem_file_may_leave_out_what_has_a_default_and_give_only_some_weights():
    problem = problem_from_json(
        {
            "network": "U1",
            "start": "2026-11-30",
            "weeks": 1,
            "sites": [{"id": "A1", "name": "A"}],
            "services": [{"name": "SMR"}],
            "people": [{"id": "p", "name": "P", "services": ["SMR"]}],
            "weights": {"split_day": 0},
        }
    )
    assert problem.tolerance == 1 and problem.max_sites == 2
    assert problem.weights == {**DEFAULT_WEIGHTS, "split_day": 0}
    assert problem.services[0].needs_rooms and problem.sites[0].rooms == {}


def minimal(**changes):
    data = problem_to_json(network(person("ann", works=[on(0, 0, "AM"), on(0, 1, "AM")])))
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["people"][0]["available"][1].update(session="NIGHT"),
         'people[0].available[1].session: must be one of AM, PM, EVE, SAT_AM, SAT_PM, not "NIGHT"'),
        (lambda d: d["people"][0]["available"][0].update(day="30/11/2026"),
         'people[0].available[0].day: must be a date like 2026-11-30, not "30/11/2026"'),
        (lambda d: d["people"][0]["available"][0].update(day="2026-12-06"),
         "people[0].available[0].day: 2026-12-06 is not a weekday or Saturday from 2026-11-30 to "
         "2026-12-05"),
        (lambda d: d["people"][0]["available"][0].update(day="2026-12-05"),
         "people[0].available[0].session: 2026-12-05 is a Saturday, which has no AM session "
         "(Saturdays have SAT_AM and SAT_PM)"),
        (lambda d: d["people"][0]["services"].append("Knitting"),
         "people[0].services[1]: 'Knitting' is not one of the services"),
        (lambda d: d["people"][0].update(avialable=[]),
         "people[0].avialable: is not a field here; the fields are id, name, role, services, "
         "available, leave, home_base, teams, supervisor, supervision_every_days, max_sites"),
        (lambda d: d["people"][0].pop("id"), "people[0].id: is missing"),
        (lambda d: d["sites"][0]["rooms"].update({"5-AM": 1}),
         'sites[0].rooms.5-AM: must be a weekday 0 (Monday) to 4 (Friday) and AM, PM or EVE, '
         'like 0-AM, or 5 (Saturday) and SAT_AM or SAT_PM, not "5-AM"'),
        (lambda d: d.update(weeks=14), "weeks: must be 13 or fewer, not 14"),
        (lambda d: d.update(start="2026-12-01"), "start: must be a Monday"),
        (lambda d: d.update(tolerance="1"), 'tolerance: must be a whole number, not "1"'),
        (lambda d: d.update(weights={"lunch": 3}),
         "weights.lunch: is not a rule; the rules are " + ", ".join(DEFAULT_WEIGHTS)),
        (lambda d: d.update(targets=[{"site": "Z1", "service": "Home visits", "sessions_per_week": 1}]),
         "targets[0].site: 'Z1' is not one of the practices"),
        (lambda d: d.update(locked=[{"person": "bob", "date": "2026-11-30", "session": "AM",
                                     "site": "hub", "service": "network"}]),
         "locked[0].person: 'bob' is not one of the people"),
        (lambda d: d["people"].append(dict(d["people"][0])), "people[1]: person 'ann' is listed twice"),
    ],
)  # fmt: skip
def test_a_wrong_problem_file_says_what_is_wrong_and_where(change, message):
    data = minimal()
    change(data)
    with pytest.raises(RotaInputError) as error:
        problem_from_json(data)
    assert str(error.value) == message


def test_a_problem_that_is_not_an_object_is_refused():
    with pytest.raises(RotaInputError, match="The problem must be a JSON object."):
        problem_from_json([])


def test_a_rota_is_read_back_with_its_own_paths_in_errors():
    rota = [at("ann", on(0, 0, "AM"), A)]
    assert rota_from_json(rota_to_json(rota)) == tuple(rota)
    with pytest.raises(RotaInputError, match=r"^rota\[0\]\.date: is missing$"):
        rota_from_json([{"person": "ann", "session": "AM", "site": A, "service": "x"}])


def test_a_result_is_plain_json_with_the_problem_the_rota_and_why():
    problem = network(person("ann", home_base=A), targets={(A, "Structured medication reviews"): 8})
    data = result_to_json(solve(problem, seconds=2, workers=1), problem)
    assert json.loads(json.dumps(data)) == data
    assert {
        "problem",
        "rota",
        "status",
        "objective",
        "bound",
        "gap",
        "explanation",
        "conflicts",
    } <= set(data)
    assert data["status"] == "optimal"
    rules = {r["rule"]: r for r in data["explanation"]["rules"]}
    assert set(rules["away_from_home"]) == {
        "rule", "title", "why", "kind", "weight", "total", "sentence", "instances",
    }  # fmt: skip
    assert rules["away_from_home"]["instances"][0] == {
        "who": ["ann"],
        "where": "hub",
        "when": "2026-W49",
        "count": 2,
        "amount": 6,
        "message": "Ann works 2 sessions at Network hub in the week commencing 30 November "
        "2026, away from their home base (Practice A).",
    }
    assert rules["rooms"]["kind"] == "hard" and rules["rooms"]["weight"] is None
    [practice_a] = [p for p in data["explanation"]["practices"] if p["site"] == A]
    assert practice_a["services"][0]["weeks"] == [
        {"week": 1, "start": "2026-11-30", "target": 8, "delivered": 8}
    ]
    assert data["explanation"]["people"][0]["away_from_home"] == 2
