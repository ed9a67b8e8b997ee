"""Small networks whose best rota is known by hand, solved end to end: the objective, the
explanation's total and the rules' own scores must all agree."""

from engine.rota.problem import Team
from engine.rota.validate import validate
from tests.engine.rota.tiny import SMR, VISITS, A, B, every, network, on, person, solved, total


def assert_agrees(result, problem, objective):
    assert result.status == "optimal"
    assert result.objective == result.bound == objective
    assert result.explanation.total == objective
    assert validate(problem, result.rota).total == objective
    assert result.explanation.ok


def test_a_pharmacist_shared_six_four_between_two_practices():
    # Four sessions away from home (4 × 3) and a second practice (20); whole days, so no split.
    problem = network(person("ann", home_base=A), targets={(A, SMR): 6, (B, SMR): 4}, tolerance=0)
    result = solved(problem)
    assert_agrees(result, problem, 32)
    assert total(result, "split_day") == 0


def test_the_same_pharmacist_over_two_weeks_repeats_the_first():
    problem = network(
        person("ann", home_base=A, works=every(weeks=2)),
        weeks=2,
        targets={(A, SMR): 6, (B, SMR): 4},
        tolerance=0,
    )
    result = solved(problem)
    assert_agrees(result, problem, 64)
    assert total(result, "irregular_week") == 0


def test_two_colleagues_whose_targets_keep_them_apart_at_the_team_meeting():
    # Each has five mornings and their home practice wants all five; with no tolerance, one of
    # them is away from the other at Wednesday's team meeting whatever the rota does.
    mornings = every(sessions=("AM",))
    problem = network(
        person("ann", home_base=A, works=mornings),
        person("bob", home_base=B, works=mornings),
        targets={(A, SMR): 5, (B, SMR): 5},
        tolerance=0,
        teams=(Team("t", "Medicines team", ("ann", "bob"), (2, "AM")),),
    )
    assert_agrees(solved(problem), problem, 5)


def test_a_supervisor_visits_their_supervisees_practice_rather_than_miss_supervision():
    # Ann's practice wants both her Monday sessions. Sam, her supervisor, delivers home visits,
    # which no practice has a target for, so Sam may spend one session (the tolerance) at a
    # practice. Joining Ann at A for the morning costs two sessions away from B and a split
    # day (2 × 3 + 10 = 16); staying at the hub all day costs two sessions away and missed
    # supervision (6 + 15 = 21).
    monday = [on(0, 0, "AM"), on(0, 0, "PM")]
    problem = network(
        person("ann", home_base=A, works=monday, supervisor="sam", supervision_every_days=7),
        person("sam", home_base=B, works=monday, services=(VISITS,)),
        targets={(A, SMR): 2},
    )
    result = solved(problem)
    assert_agrees(result, problem, 16)
    assert total(result, "supervision_missed") == 0
