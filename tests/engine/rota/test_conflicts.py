"""A problem with no rota gets named conflicts in plain English, and a draft rota that breaks
as little as it can: never an exception, never an empty answer."""

from engine.rota import conflicts
from tests.engine.rota.tiny import SMR, VISITS, A, B, C, at, every, network, on, person, solved

TUESDAY_PM = on(0, 1, "PM")


def assert_infeasible_with_a_draft(result, problem):
    assert result.status == "infeasible"
    assert result.objective is None and result.conflicts
    working = sum(len(set(p.available)) for p in problem.people)
    assert len(result.rota) == working  # a draft with every session placed
    assert not result.explanation.ok  # and it says what it breaks


def test_three_people_locked_into_one_room():
    problem = network(
        *(person(pid, works=[TUESDAY_PM]) for pid in ("ann", "bob", "cy")),
        practices=(A, B),
        rooms={B: {**{(d, s): 2 for d in range(5) for s in ("AM", "PM")}, (1, "PM"): 1}},
        targets={(B, SMR): 3},
        locked=tuple(at(pid, TUESDAY_PM, B) for pid in ("ann", "bob", "cy")),
    )
    result = solved(problem)
    assert_infeasible_with_a_draft(result, problem)
    assert result.conflicts == (
        "Practice B has 1 room on Tuesday PM; 3 people must be there on 1 December 2026: "
        "Ann, Bob and Cy (locked).",
    )


def test_a_session_locked_on_a_day_of_leave():
    problem = network(
        person("ann", works=every()[1:], leave=every()[:1]), locked=(at("ann", every()[0], A),)
    )
    result = solved(problem)
    assert_infeasible_with_a_draft(result, problem)
    assert result.conflicts == (
        "Ann is on leave on Monday 30 November AM, but has a session locked at Practice A "
        "(Structured medication reviews).",
    )


def test_a_session_locked_for_a_service_the_person_does_not_deliver():
    problem = network(person("ann"), locked=(at("ann", every()[0], A, VISITS),))
    result = solved(problem)
    assert result.conflicts == (
        "Ann's session on Monday 30 November AM is locked at Practice A for Home visits, which "
        "they do not deliver.",
    )


def test_the_only_person_who_delivers_a_service_has_no_working_sessions():
    problem = network(
        person("ann", works=(), leave=every()),
        person("bob", services=(VISITS,)),
        targets={(A, SMR): 3},
    )
    result = solved(problem)
    assert_infeasible_with_a_draft(result, problem)
    assert result.warnings == (
        "Ann has no working sessions in these weeks: all 10 sessions they would work are leave.",
    )
    assert result.conflicts == (
        "In the week commencing 30 November 2026 the practices' targets need at least 2 "
        "sessions of Structured medication reviews (Practice A 2, after the tolerance of 1), "
        "but the 1 person who delivers it works only 0 sessions that week; Ann is not working "
        "that week.",
    )


def test_someone_with_no_working_sessions_is_a_warning_not_a_conflict():
    problem = network(person("ann", works=()), person("bob"))
    result = solved(problem)
    assert result.status == "optimal"
    assert result.warnings == (
        "Ann has no working sessions in these weeks: no working pattern is recorded.",
    )


def test_a_service_nobody_delivers():
    problem = network(person("ann", services=(VISITS,)), targets={(A, SMR): 2})
    assert solved(problem).conflicts == (
        "Nobody in the rota delivers Structured medication reviews, but the practices' targets "
        "need at least 1 session of it a week (Practice A 1).",
    )


def test_targets_that_need_more_room_sessions_than_a_practice_has():
    problem = network(
        *(person(pid) for pid in ("ann", "bob")),
        rooms={A: {(0, "AM"): 1, (0, "PM"): 1}},
        targets={(A, SMR): 4},
    )
    assert solved(problem).conflicts == (
        "Practice A's targets need at least 3 sessions a week in its rooms (Structured "
        "medication reviews 3, after the tolerance of 1), but it has 2 room-sessions a week for "
        "PCN staff.",
    )


def test_a_conflict_only_the_solver_can_find_is_named_after_relaxing_the_rules():
    # A and B want two reviews each and C two home visits. Bob can give one session, so Ann
    # must go to A, B and C: a practice more than her limit. Each service alone has the staff
    # and the reach; only the solver sees that together they do not.
    problem = network(
        person("ann", services=(SMR, VISITS)),
        person("bob", works=every()[:1]),
        practices=(A, B, C),
        targets={(A, SMR): 2, (B, SMR): 2, (C, VISITS): 2},
        tolerance=0,
    )
    assert conflicts.before(problem) == []
    result = solved(problem)
    assert_infeasible_with_a_draft(result, problem)
    assert len(result.conflicts) == 1
    assert result.conflicts[0] in (
        "Ann would have to work at 3 practices in the week commencing 30 November 2026; their "
        "limit is 2.",
        *(
            "In the week commencing 30 November 2026 the practices' targets for Structured "
            "medication reviews need 1 session more than the rota can give within the other "
            f"rules, even after the tolerance of 0: Practice {x} 1 short."
            for x in "AB"
        ),
    )


def test_more_practices_needing_a_service_than_its_staff_can_reach_in_a_week():
    problem = network(
        person("ann"),
        practices=(A, B, C),
        targets={(A, SMR): 2, (B, SMR): 2, (C, SMR): 2},
        tolerance=0,
    )
    result = solved(problem)
    assert_infeasible_with_a_draft(result, problem)
    assert result.conflicts == (
        "In the week commencing 30 November 2026, 3 practices need Structured medication "
        "reviews (Practice A, Practice B and Practice C, at least one session each after the "
        "tolerance of 0), but the one person who delivers it that week (Ann) can work at only "
        "2 practices a week.",
    )


def test_a_network_short_of_staff_is_summed_up_per_service_and_week():
    problem = network(
        person("ann", works=every()[:4]),
        targets={(A, SMR): 4, (B, SMR): 4},
        rooms=5,
    )
    result = solved(problem)
    assert result.status == "infeasible"
    assert result.conflicts == (
        "In the week commencing 30 November 2026 the practices' targets need at least 6 "
        "sessions of Structured medication reviews (Practice A 3 and Practice B 3, after the "
        "tolerance of 1), but the 1 person who delivers it works only 4 sessions that week.",
    )


def test_more_sessions_locked_at_a_practice_than_it_may_get():
    problem = network(person("ann"), locked=(at("ann", every()[0], B), at("ann", every()[1], B)))
    assert solved(problem).conflicts == (
        "Practice B may get at most 1 session of Structured medication reviews in the week "
        "commencing 30 November 2026, but 2 are locked there.",
    )


def test_sessions_locked_at_more_practices_than_the_persons_limit():
    problem = network(
        person("ann"),
        practices=(A, B, C),
        targets={(A, SMR): 1, (B, SMR): 1, (C, SMR): 1},
        locked=tuple(at("ann", every()[i], site) for i, site in enumerate((A, B, C))),
    )
    assert solved(problem).conflicts == (
        "Ann has sessions locked at 3 practices in the week commencing 30 November 2026 "
        "(Practice A, Practice B and Practice C); their limit is 2.",
    )
