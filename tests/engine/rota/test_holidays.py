"""Bank holidays, by hand: Christmas 2026 falls on a Friday, Boxing Day's substitute on Monday
28 December and New Year's Day on Friday 1 January 2027. Weeks commencing Monday 21 December
(one holiday) and Monday 28 December (two)."""

import json
from datetime import date, timedelta

import pytest

from engine.rota.json_io import problem_from_json, problem_to_json
from engine.rota.problem import (
    HUB,
    Assignment,
    Person,
    Problem,
    RotaInputError,
    Service,
    Site,
    Slot,
    Target,
)
from engine.rota.rules import fair_share_shortfall
from engine.rota.validate import validate
from tests.engine.rota.tiny import SMR, A, solve, total

MONDAY = date(2026, 12, 21)
CHRISTMAS, BOXING, NEW_YEAR = date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)
HOLIDAYS = (CHRISTMAS, BOXING, NEW_YEAR)
NAMES = {CHRISTMAS: "Christmas Day", BOXING: "Boxing Day (observed)", NEW_YEAR: "New Year's Day"}


def weekdays(weeks=2, *, skip=HOLIDAYS, only=None):
    days = [MONDAY + timedelta(weeks=w, days=d) for w in range(weeks) for d in range(5)]
    return tuple(
        Slot(day, s)
        for day in days
        if day not in skip and (only is None or day in only)
        for s in ("AM", "PM")
    )


ONLY_SMR = (Service(SMR),)


def problem(*, weeks=2, available=None, target=5, services=ONLY_SMR, **fields) -> Problem:
    ann = Person("ann", "Ann", services=(SMR,), home_base=A,
                 available=weekdays(weeks) if available is None else available)  # fmt: skip
    end = MONDAY + timedelta(weeks=weeks)
    fields.setdefault("holidays", tuple(d for d in HOLIDAYS if d < end))
    fields.setdefault("holiday_names", {d: n for d, n in NAMES.items() if d < end})
    return Problem(
        network="U00000",
        start=MONDAY,
        weeks=weeks,
        people=(ann,),
        sites=(
            Site(A, "Practice A", {(d, s): 2 for d in range(5) for s in ("AM", "PM")}),
            Site(HUB, "Network hub"),
        ),  # fmt: skip
        services=services,
        targets=(Target(A, SMR, target),),
        **fields,
    )


def test_a_target_is_scaled_to_the_working_days_of_each_week():
    p = problem()
    assert [p.working_days(w) for w in range(2)] == [4, 3]
    assert [p.target_in_week(5, w) for w in range(2)] == [4, 3]  # 5 × 4/5, 5 × 3/5
    assert [p.target_in_week(Target(A, SMR, 3), w) for w in range(2)] == [2, 2]  # 2.4, 1.8
    assert [p.target_in_week(1, w) for w in range(2)] == [1, 1]  # 0.8, 0.6 rounded up
    assert [p.target_in_week(10, w) for w in range(2)] == [8, 6]
    full = problem(holidays=(), holiday_names={})
    assert [full.target_in_week(5, w) for w in range(2)] == [5, 5]


def test_nobody_works_on_christmas_boxing_day_or_new_years_day():
    p = problem(tolerance=0)
    result = solve(p, seconds=5, workers=1, seed=0)
    assert result.status == "optimal" and result.explanation.ok
    assert not [a for a in result.rota if a.day in HOLIDAYS]
    assert len(result.rota) == 8 + 6  # every working session placed, none on a holiday
    # The agreed 5 a week is 4 and 3 here: exactly met at the practice, no shortfall.
    ((service, weeks),) = next(x for x in result.explanation.practices if x.site == A).services
    assert service == SMR
    assert [(w.target, w.delivered) for w in weeks] == [(4, 4), (3, 3)]
    assert weeks[0].note == "4 sessions this week, not 5: Friday 25 December is a bank holiday"
    assert weeks[1].note == (
        "3 sessions this week, not 5: Monday 28 December and Friday 1 January are bank holidays"
    )
    sentence = next(x for x in result.explanation.practices if x.site == A).sentences[0]
    assert "Friday 25 December is a bank holiday" in sentence
    assert total(result, "fair_share_shortfall") == 0


def test_the_shortfall_counts_against_the_weeks_scaled_target():
    # Ann works only Monday 21 December: 2 sessions against a target of 4 that week (not 5).
    p = problem(weeks=1, available=weekdays(1, only={MONDAY}))
    result = solve(p, seconds=5, workers=1, seed=0)
    (short,) = fair_share_shortfall.check(p, result.rota)
    assert short.count == 2
    assert short.message.startswith("Practice A gets 2 of its 4 sessions of")
    assert "(4, not 5: Friday 25 December is a bank holiday.)" in short.message
    assert result.objective == 2 * 100


def test_someone_available_on_a_bank_holiday_is_refused():
    with pytest.raises(RotaInputError, match=r"people\[0\].available\[8\]: Friday 25 December AM"):
        solve(problem(weeks=1, available=weekdays(1, skip=())), seconds=1, workers=1)


def test_a_session_locked_on_a_bank_holiday_is_refused():
    locked = (Assignment("ann", CHRISTMAS, "AM", A, SMR),)
    with pytest.raises(RotaInputError, match=r"locked\[0\].date: 2026-12-25 is a bank holiday"):
        solve(problem(weeks=1, locked=locked), seconds=1, workers=1)


def test_validate_names_an_assignment_on_a_bank_holiday():
    p = problem(weeks=1)
    # Four days at the practice: 8 sessions, above the 4 + 1 a week with Christmas in it allows.
    rota = [Assignment("ann", s.day, s.session, A, SMR) for s in weekdays(1)]
    (over,) = validate(p, rota).violations
    assert over.message == (
        "Practice A gets 8 sessions of Structured medication reviews in the week commencing "
        "21 December 2026; its target is 4 that week (not 5: Friday 25 December is a bank "
        "holiday), so at most 5."
    )
    rota = [Assignment("ann", s.day, s.session, HUB if s.session == "PM" else A,
                       "network" if s.session == "PM" else SMR) for s in weekdays(1)]  # fmt: skip
    assert validate(p, rota).ok
    rota.append(Assignment("ann", CHRISTMAS, "AM", A, SMR))
    (violation,) = validate(p, rota).violations
    assert violation.rule == "working_sessions"
    assert violation.message == (
        "Ann is placed at Practice A on Friday 25 December AM, a bank holiday: nobody works on one."
    )


def test_holidays_are_written_to_json_and_read_back():
    p = problem()
    data = problem_to_json(p)
    assert data["holidays"] == ["2026-12-25", "2026-12-28", "2027-01-01"]
    assert data["holiday_names"]["2026-12-25"] == "Christmas Day"
    back = problem_from_json(json.loads(json.dumps(data)))
    assert back.holidays == p.holidays and back.holiday_names == p.holiday_names


def test_a_problem_file_written_before_holidays_still_loads_and_solves():
    # As files were written before: no "holidays" key, so no holidays and full weeks.
    old = """{
      "network": "U00000", "start": "2026-11-30", "weeks": 1, "tolerance": 1,
      "strict_allocation": false, "max_sites": 2,
      "sites": [{"id": "A81001", "name": "Practice A", "rooms": {"0-AM": 2, "0-PM": 2}},
                {"id": "hub", "name": "Network hub", "rooms": {}}],
      "services": [{"name": "Structured medication reviews", "needs_rooms": true}],
      "people": [{"id": "ann", "name": "Ann", "services": ["Structured medication reviews"],
                  "available": [{"day": "2026-11-30", "session": "AM"},
                                {"day": "2026-11-30", "session": "PM"}]}],
      "targets": [{"site": "A81001", "service": "Structured medication reviews",
                   "sessions_per_week": 2}],
      "teams": [], "locked": [], "published": []
    }"""
    p = problem_from_json(json.loads(old))
    assert p.holidays == () and p.working_days(0) == 5 and p.target_in_week(2, 0) == 2
    result = solve(p, seconds=3, workers=1, seed=0)
    assert result.status == "optimal" and result.objective == 0
    assert problem_to_json(p)["holidays"] == []


def test_a_bank_holiday_worked_for_a_service_is_worked_for_it_only():
    # Boxing Day (observed) worked for Structured medication reviews: Ann, who delivers it, is
    # available that Monday and placed for it at Practice A; network work at the hub is not
    # offered on a bank holiday.
    available = weekdays(2, skip=(CHRISTMAS, NEW_YEAR))
    p = problem(available=available, holidays_worked={BOXING: (SMR,)})
    rota = solve(p).rota
    on_boxing_day = [a for a in rota if a.day == BOXING]
    assert [(a.session, a.site, a.service) for a in on_boxing_day] == [
        ("AM", A, SMR),
        ("PM", A, SMR),
    ]
    at_hub = [Assignment("ann", BOXING, "AM", HUB, "network")]
    (refused,) = [v for v in validate(p, at_hub).violations if v.rule == "skills"]
    assert refused.message == (
        "Ann is placed for network at Network hub: Monday 28 December AM is a bank holiday "
        "worked only for Structured medication reviews."
    )
    # The week's target still follows its working days: the holidays are holidays.
    assert p.target_in_week(5, 1) == 3


def test_nobody_may_be_available_on_a_holiday_worked_for_a_service_they_do_not_deliver():
    p = problem(
        available=weekdays(2, skip=(CHRISTMAS, NEW_YEAR)),
        services=(Service(SMR), Service("Flu clinic")),
        holidays_worked={BOXING: ("Flu clinic",)},
    )
    with pytest.raises(RotaInputError) as error:
        solve(p)
    assert str(error.value).endswith(
        "Monday 28 December AM is a bank holiday worked only for Flu clinic, which they do not "
        "deliver"
    )
    with pytest.raises(RotaInputError, match=r"holidays_worked.2026-12-29: is not one"):
        solve(problem(holidays_worked={date(2026, 12, 29): (SMR,)}))
