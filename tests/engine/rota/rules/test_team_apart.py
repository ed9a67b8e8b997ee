"""Each team member working the team's session who is not where most of the team is."""

from engine.rota.problem import HUB, Team
from engine.rota.rules import team_apart
from tests.engine.rota.tiny import SMR, VISITS, A, B, at, network, on, person, solved

MONDAY_AM, MONDAY_PM = on(0, 0, "AM"), on(0, 0, "PM")


def team(meets=(0, "AM")):
    return Team("t1", "Frailty team", ("ann", "bob", "cy", "dee"), meets)


def four(works=(MONDAY_AM,), dee_works=(MONDAY_AM,)):
    return [
        person("ann", works=works), person("bob", works=works), person("cy", works=works),
        person("dee", works=dee_works),
    ]  # fmt: skip


def test_members_away_from_the_teams_best_site_cost_the_weight_each():
    problem = network(*four(), teams=(team(),))
    rota = [at("ann", MONDAY_AM, A), at("bob", MONDAY_AM, A), at("cy", MONDAY_AM, HUB)]
    rota += [at("dee", MONDAY_AM, B)]
    [found] = team_apart.check(problem, rota)
    assert (found.count, found.amount, found.where) == (2, 10, A)
    assert found.who == ("cy", "dee")
    assert found.message == (
        "2 members of Frailty team working on Monday 30 November AM (their team session) are "
        "not with the team at Practice A: Cy and Dee."
    )


def test_members_not_working_the_team_session_are_not_counted():
    problem = network(*four(dee_works=(MONDAY_PM,)), teams=(team(),))
    rota = [at(pid, MONDAY_AM, HUB) for pid in ("ann", "bob", "cy")] + [at("dee", MONDAY_PM, A)]
    assert team_apart.check(problem, rota) == []


def test_without_a_fixed_session_the_team_is_judged_on_its_best_session_of_those_most_work():
    everyone_both = (MONDAY_AM, MONDAY_PM)
    problem = network(*four(works=everyone_both, dee_works=everyone_both), teams=(team(None),))
    rota = [
        at(pid, MONDAY_AM, (A, B, HUB, HUB)[i]) for i, pid in enumerate(["ann", "bob", "cy", "dee"])
    ]
    rota += [
        at(pid, MONDAY_PM, (A, A, A, B)[i]) for i, pid in enumerate(["ann", "bob", "cy", "dee"])
    ]
    [found] = team_apart.check(problem, rota)
    assert (found.count, found.when, found.who) == (1, "2026-11-30 PM", ("dee",))
    assert "(the session most of them work)" in found.message


def test_the_solver_brings_the_team_together_unless_targets_keep_them_apart():
    ann = person("ann", works=[MONDAY_AM], services=(SMR,))
    bob = person("bob", works=[MONDAY_AM], services=(VISITS,))
    pair = Team("t1", "Frailty team", ("ann", "bob"), (0, "AM"))
    together = network(ann, bob, teams=(pair,), only="team_apart")
    assert solved(together).objective == 0
    apart = network(
        ann, bob, teams=(pair,), targets={(A, SMR): 1, (B, VISITS): 1}, tolerance=0,
        only="team_apart",
    )  # fmt: skip
    assert solved(apart).objective == 5
