"""The rota benchmark's national problems, built from the shipped reference data for two real
PCNs, and its measure of a re-plan, on a network small enough to solve at once."""

from dataclasses import replace
from datetime import date, timedelta

from engine.rota import json_io
from engine.rota.bound import lower_bound
from engine.rota.problem import HUB, Assignment, Person, Problem, Service, Site, Slot, Target
from engine.rota.solve import solve
from engine.rota.validate import validate
from pcn.allocation.starter_services import STARTER_SERVICES
from pcn.benchmarks import allocation as allocation_batch
from pcn.benchmarks.rota import batch, quality
from pcn.benchmarks.rota import replan as replans
from pcn.reference.models import PracticeRecord, WorkforceRecord

PCNS = ["U35980", "U07032"]  # Central Liverpool, North Stockton


def _records(pcn_code):
    census = WorkforceRecord.objects.order_by("-census_date").values("census_date")[:1]
    return list(
        WorkforceRecord.objects.filter(census_date__in=census, pcn_code=pcn_code).order_by("pk")
    )


def test_each_pcn_becomes_a_week_of_its_own_staff_at_its_own_practices(db):
    problems = batch.build_problems(PCNS)
    assert [p.network for p in problems] == sorted(PCNS)
    for problem in problems:
        assert problem.weeks == 1 and problem.start.weekday() == 0
        members = set(
            PracticeRecord.objects.filter(pcn_code=problem.network).values_list("code", flat=True)
        )
        assert {s.id for s in problem.sites} == members | {HUB}
        records = _records(problem.network)
        working = [r for r in records if batch.usual_sessions(r.fte) >= 1]
        assert len(problem.people) == len(working)
        for person in problem.people:
            record = records[int(person.id.rsplit("-", 1)[1]) - 1]
            # FTE × 10 sessions, at most a full week, between the sessions worked and on leave
            assert len(person.available) + len(person.leave) == min(10, round(record.fte * 10))
            assert person.home_base in members | {HUB, None}
        # Some people deliver starter services; records in no ARRS role only network work.
        assert any(p.services for p in problem.people)
        assert any(not p.services for p in problem.people)  # both files have managers
        assert all(p.supervisor in {q.id for q in problem.people} | {None} for p in problem.people)


def test_the_rooms_add_up_to_the_allocation_batchs_and_the_targets_fit_the_staff_time(db):
    rooms = {p.network: p.rooms for p in allocation_batch.build_problems(PCNS).problems}
    for problem in batch.build_problems(PCNS):
        for site in problem.sites:
            if site.id != HUB:
                assert sum(site.rooms.values()) == rooms[problem.network][site.id]
        assert problem.targets
        usual = {p.id: len(p.available) + len(p.leave) for p in problem.people}
        time = batch.staff_sessions(problem.people, usual)
        for service in {t.service for t in problem.targets}:
            given = sum(t.sessions_per_week for t in problem.targets if t.service == service)
            assert 0 < given <= time[service]
        assert {s.name for s in problem.services} == {s.name for s in STARTER_SERVICES}


def test_the_same_pcns_give_the_same_problems_every_run_and_survive_json(db):
    first, second = batch.build_problems(PCNS), batch.build_problems(PCNS)
    assert first == second
    for problem in first:
        assert json_io.problem_from_json(json_io.problem_to_json(problem)) == problem


# --- the re-plan measure ------------------------------------------------------------------------

MONDAY = date(2026, 11, 30)
TUESDAY = MONDAY + timedelta(days=1)


def _days(*days):
    return tuple(
        Slot(day + timedelta(weeks=week), session)
        for week in range(2)
        for day in days
        for session in ("AM", "PM")
    )


def _tiny():
    """Two people, each at their home practice, delivering just what it agreed."""
    rooms = {(weekday, session): 2 for weekday in range(5) for session in ("AM", "PM")}
    return Problem(
        network="U00000",
        start=MONDAY,
        weeks=2,
        people=(
            Person("ann", "Ann", services=("Reviews",), available=_days(MONDAY), home_base="A1"),
            Person(
                "bo", "Bo", services=("Reviews",), available=_days(MONDAY, TUESDAY), home_base="B2"
            ),
        ),
        sites=(Site("A1", "Practice A", rooms), Site("B2", "Practice B", rooms), Site(HUB, "Hub")),
        services=(Service("Reviews"),),
        targets=(Target("A1", "Reviews", 2), Target("B2", "Reviews", 4)),
    )


def _home_rota(problem):
    homes = {p.id: p.home_base for p in problem.people}
    return tuple(
        Assignment(p.id, slot.day, slot.session, homes[p.id], "Reviews")
        for p in problem.people
        for slot in p.available
    )


def test_leave_for_a_week_goes_to_whoever_works_most_that_week_and_forces_their_sessions_off():
    problem = _tiny()
    published = _home_rota(problem)
    changed, person, minimum = replans.with_leave(problem, published, week=1)
    assert (person, minimum) == ("bo", 4)
    bo = next(p for p in changed.people if p.id == "bo")
    assert all(slot.day < MONDAY + timedelta(weeks=1) for slot in bo.available)
    assert len(bo.leave) == 4
    assert changed.published == published
    forced = [a for a in published if (a.person, a.slot) not in {("bo", s) for s in bo.leave}]
    assert validate(changed, forced).ok


def test_a_moved_session_and_a_dropped_one_both_count_as_changed():
    problem = _tiny()
    published = _home_rota(problem)
    moved = Assignment("ann", MONDAY, "AM", "B2", "Reviews")
    rota = [a for a in published if a.slot != Slot(MONDAY, "AM") and a.day != TUESDAY]
    # Ann's Monday morning moved; Bo's gone, and his first Tuesday
    assert replans.changed_sessions(published, [*rota, moved]) == 1 + 1 + 2
    assert replans.changed_sessions(published, published) == 0


def test_a_re_plan_changes_only_the_sessions_the_leave_takes_away():
    problem = _tiny()
    published = solve(problem, seconds=2, workers=1)
    assert quality.quality(problem, published.rota).fair_share_deviation == 0
    replan = replans.measure_replan(problem, published, 2, log=lambda line: None)
    assert replan.minimum == 4
    assert replan.replan.changed == replan.minimum
    assert replan.forced.objective == replan.replan.objective


def test_the_baseline_is_scored_by_the_same_measures_as_the_optimiser():
    problem = _tiny()
    home = quality.quality(problem, _home_rota(problem))
    assert (home.fair_share_deviation, home.away_from_home, home.practices_a_week) == (0, 0, 1.0)
    assert home.hard_broken == 0
    everyone_at_a = [replace(a, site="A1") for a in _home_rota(problem)]
    at_a = quality.quality(problem, everyone_at_a)
    assert at_a.away_from_home == 8  # all of Bo's sessions
    assert at_a.shortfall == 4 + 4  # B gets none of its 4 a week
    assert at_a.fair_share_deviation == 4 + 4 + 4 + 4  # and A 6 of its 2
    assert at_a.broken == {"allocation": 2}  # A above its 2 + 1 in each week


def test_a_pcn_whose_bound_lp_glop_cannot_finish_from_its_warm_start_still_gets_a_rota(db):
    # U49145's one-week problem once ended the whole solve: GLOP stopped "ABNORMAL" on the
    # bound's master LP after a warm start. The bound now starts that LP cold and, failing
    # that, keeps what it had proved.
    [problem] = batch.build_problems(["U49145"])
    bound = lower_bound(problem, seconds=0.15, workers=1)
    result = solve(problem, seconds=0.5, workers=1, relative_gap=0.01)
    assert result.status in ("optimal", "feasible")
    assert 0 < bound.value <= result.bound <= result.objective
    assert validate(problem, result.rota).ok
