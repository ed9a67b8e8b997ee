"""Enhanced access as the contract has it: evening and Saturday sessions, the minutes a week, and
services only in their hours. Hand-checked on a network of two practices (A and B) in the week
of Monday 7 December 2026, Saturday 12 December."""

import json
from datetime import date, timedelta

import pytest

from engine.rota import json_io
from engine.rota.bound import lower_bound
from engine.rota.problem import (
    ENHANCED_HOURS,
    HUB,
    NETWORK_WORK,
    Assignment,
    EnhancedAccess,
    OfferedSession,
    Person,
    Problem,
    RotaInputError,
    Service,
    Site,
    Slot,
    Target,
)
from engine.rota.rules import enhanced_access_shortfall
from engine.rota.solve import solve
from engine.rota.validate import validate

MONDAY = date(2026, 12, 7)
SATURDAY = date(2026, 12, 12)
EA, CLINICS = "Enhanced access", "Clinics"
A, B = "A", "B"


def slots(days, sessions):
    return tuple(Slot(MONDAY + timedelta(days=d), s) for d in days for s in sessions)


def problem(**changes):
    ann = Person(
        "ann", "Ann", "gp", (EA, CLINICS),
        slots(range(5), ("AM", "PM")) + slots([0, 1], ("EVE",)) + slots([5], ("SAT_AM", "SAT_PM")),
        home_base=A,
    )  # fmt: skip
    bo = Person("bo", "Bo", "gp", (EA, CLINICS), slots(range(4), ("AM", "PM")) + slots([1], ("EVE",)),
                home_base=B)  # fmt: skip
    day_rooms = {(d, s): 2 for d in range(5) for s in ("AM", "PM")}
    sites = (
        Site(A, "Practice A", day_rooms | {(0, "EVE"): 1, (5, "SAT_AM"): 1, (5, "SAT_PM"): 1}),
        Site(B, "Practice B", day_rooms | {(1, "EVE"): 2}),
        Site(HUB, "Hub"),
    )
    access = EnhancedAccess(
        900,
        (
            OfferedSession(A, 0, "EVE", 90),
            OfferedSession(A, 5, "SAT_AM", 240),
            OfferedSession(A, 5, "SAT_PM", 240),
            OfferedSession(B, 1, "EVE", 90),
        ),
        "60 × 15,000 ÷ 1,000 = 900 minutes",
    )
    fields = dict(
        network="X",
        start=MONDAY,
        weeks=1,
        people=(ann, bo),
        sites=sites,
        services=(Service(EA, True, ENHANCED_HOURS), Service(CLINICS)),
        targets=(Target(A, CLINICS, 6), Target(B, CLINICS, 6)),
        enhanced_access=access,
    )
    return Problem(**{**fields, **changes})


def test_the_most_minutes_a_week_is_every_evening_and_saturday_worked_at_a_practice_offering_it():
    # Ann: Monday evening at A (90), Tuesday evening at B (90), Saturday at A (240 + 240); Bo:
    # Tuesday evening at B (90, B has two rooms). Ann's Wednesday... she works no other evening.
    assert enhanced_access_shortfall.most_minutes(problem()) == {0: 750}
    # 900 - 750 = 150 minutes short: 3 hours or part, whatever the rota.
    assert enhanced_access_shortfall.least_count(problem()) == 3


def test_the_rota_gives_every_minute_it_can_and_names_the_shortfall():
    p = problem()
    result = solve(p, seconds=3, workers=2)
    assert result.status == "optimal"
    enhanced = [a for a in result.rota if a.slot.enhanced and a.service == EA]
    assert sorted((a.person, a.day.weekday(), a.session, a.site) for a in enhanced) == [
        ("ann", 0, "EVE", A),
        ("ann", 1, "EVE", B),
        ("ann", 5, "SAT_AM", A),
        ("ann", 5, "SAT_PM", A),
        ("bo", 1, "EVE", B),
    ]
    report = validate(p, result.rota)
    assert report.ok
    assert report.totals[enhanced_access_shortfall.NAME] == 3 * 40
    (short,) = report.penalties[enhanced_access_shortfall.NAME]
    assert short.message == (
        "Enhanced access gets 750 of the 900 minutes required (60 × 15,000 ÷ 1,000 = 900 "
        "minutes) in the week commencing 7 December 2026: 150 minutes short (3 hours or part). "
        "The people who work evenings and Saturdays can give at most 750 minutes that week in "
        "the sessions the practices offer: the rest must come from other staff, or more "
        "sessions offered."
    )
    # The bound holds the shortfall no rota can avoid.
    assert lower_bound(p, seconds=2).value >= 120
    assert result.bound <= result.objective


def test_a_week_meeting_the_minutes_has_no_penalty():
    p = problem(enhanced_access=EnhancedAccess(600, problem().enhanced_access.sessions))
    result = solve(p, seconds=3, workers=2)
    report = validate(p, result.rota)
    assert report.ok and report.totals[enhanced_access_shortfall.NAME] == 0
    assert enhanced_access_shortfall.delivered(p, result.rota)[0] >= 600


def test_services_keep_to_their_hours_and_to_the_practices_offering_a_session():
    p = problem()
    wrong = [
        Assignment("ann", MONDAY, "AM", A, EA),  # enhanced access in core hours
        Assignment("ann", MONDAY, "EVE", A, CLINICS),  # a core service in the evening
        Assignment("bo", MONDAY + timedelta(days=1), "EVE", A, EA),  # A offers no Tuesday evening
    ]
    messages = [v.message for v in validate(p, wrong).violations if v.rule == "skills"]
    assert messages == [
        "Ann is placed for Enhanced access at Practice A: Enhanced access runs on weekday "
        "evenings and Saturdays, and Monday 7 December AM is in core hours.",
        "Ann is placed for Clinics at Practice A: Clinics runs in core hours, and Monday 7 "
        "December evening is in the enhanced access hours.",
        "Bo is placed for Enhanced access at Practice A: Practice A does not offer Enhanced "
        "access on Tuesday 8 December evening.",
    ]


def test_an_evening_at_another_practice_counts_towards_the_practices_a_week():
    # Bo works his days at B and, with a limit of one practice a week, cannot take an evening
    # at A: his Tuesday evening is at B, the practice he already works at.
    bo = problem().people[1]
    bo = Person(bo.id, bo.name, bo.role, bo.services, slots(range(4), ("AM", "PM"))
                + slots([0], ("EVE",)), home_base=B, max_sites=1)  # fmt: skip
    p = problem(people=(problem().people[0], bo))
    result = solve(p, seconds=3, workers=2)
    (monday_evening,) = [a for a in result.rota if a.person == "bo" and a.session == "EVE"]
    assert (monday_evening.site, monday_evening.service) == (HUB, NETWORK_WORK)
    assert validate(p, result.rota).ok


def test_saturday_sessions_are_only_on_saturdays_and_evenings_only_on_weekdays():
    bad = problem(people=(Person("x", "X", "gp", (EA,), (Slot(SATURDAY, "AM"),)),))
    with pytest.raises(
        RotaInputError, match=r"people\[0\].available\[0\].session: 2026-12-12 is a Saturday"
    ):
        solve(bad, seconds=1, workers=1)
    bad = problem(people=(Person("x", "X", "gp", (EA,), (Slot(MONDAY, "SAT_AM"),)),))
    with pytest.raises(RotaInputError, match="which has no SAT_AM session"):
        solve(bad, seconds=1, workers=1)


def test_enhanced_access_and_hours_are_written_to_json_and_read_back():
    p = problem()
    data = json.loads(json.dumps(json_io.problem_to_json(p)))
    assert data["enhanced_access"]["minutes_required_per_week"] == 900
    assert data["enhanced_access"]["sessions"][1] == {
        "site": A, "weekday": 5, "session": "SAT_AM", "minutes": 240,
    }  # fmt: skip
    assert data["services"][0]["hours"] == "enhanced_access"
    assert json_io.problem_from_json(data) == p
    # A file written before these keys means what it meant then: core hours, no duty.
    for key in ("enhanced_access", "holidays_worked"):
        del data[key]
    for service in data["services"]:
        del service["hours"]
    older = json_io.problem_from_json(data)
    assert older.enhanced_access is None
    assert {s.hours for s in older.services} == {"core"}


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["enhanced_access"]["sessions"][0].update(weekday=5),
         'enhanced_access.sessions[0]: must be a weekday 0 (Monday) to 4 (Friday) and AM, PM or '
         'EVE, like 0-AM, or 5 (Saturday) and SAT_AM or SAT_PM, not "5-EVE"'),
        (lambda d: d["enhanced_access"]["sessions"][0].update(site="hub"),
         "enhanced_access.sessions[0].site: 'hub' is not one of the practices"),
        (lambda d: d["enhanced_access"]["sessions"][0].update(minutes=600),
         "enhanced_access.sessions[0].minutes: must be 240 or fewer, not 600"),
        (lambda d: d["enhanced_access"].update(minutes_required_per_week=-1),
         "enhanced_access.minutes_required_per_week: must be 0 or more, not -1"),
        (lambda d: d["services"][0].update(hours="nights"),
         "services[0].hours: must be core or enhanced_access"),
    ],
)  # fmt: skip
def test_a_wrong_enhanced_access_part_says_where(change, message):
    data = json.loads(json.dumps(json_io.problem_to_json(problem())))
    change(data)
    with pytest.raises(RotaInputError) as error:
        json_io.problem_from_json(data)
    assert str(error.value) == message
