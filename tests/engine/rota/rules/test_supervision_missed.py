"""Each supervision period in which someone never works alongside their supervisor."""

from engine.rota.problem import HUB
from engine.rota.rules import supervision_missed
from tests.engine.rota.tiny import SMR, VISITS, A, B, at, network, on, person, solved

MONDAYS = [on(w, 0, "AM") for w in range(2)]


def pair(every_days=7, works=MONDAYS, **fields):
    return network(
        person("ann", works=works, supervisor="sam", supervision_every_days=every_days),
        person("sam", works=works, services=(VISITS,)),
        weeks=2,
        **fields,
    )


def test_a_period_without_a_shared_session_costs_the_weight():
    problem = pair()
    rota = [at("ann", MONDAYS[0], A), at("sam", MONDAYS[0], A, VISITS)]
    rota += [at("ann", MONDAYS[1], A), at("sam", MONDAYS[1], HUB)]
    [found] = supervision_missed.check(problem, rota)
    assert (found.count, found.amount, found.when, found.who) == (
        1, 15, "2026-12-07/2026-12-13", ("ann", "sam"),
    )  # fmt: skip
    assert found.message == (
        "Ann never works alongside their supervisor, Sam, between Monday 7 December and "
        "Sunday 13 December, though they both work 1 session then."
    )


def test_one_shared_session_in_a_period_is_enough_and_the_hub_counts():
    problem = pair(every_days=14)
    rota = [at("ann", MONDAYS[0], HUB), at("sam", MONDAYS[0], HUB)]
    rota += [at("ann", MONDAYS[1], A), at("sam", MONDAYS[1], B, VISITS)]
    assert supervision_missed.check(problem, rota) == []


def test_a_period_they_never_both_work_is_not_counted():
    problem = network(
        person("ann", works=MONDAYS[:1], supervisor="sam", supervision_every_days=7),
        person("sam", works=MONDAYS[1:]),
        weeks=2,
    )
    rota = [at("ann", MONDAYS[0], A), at("sam", MONDAYS[1], B)]
    assert supervision_missed.check(problem, rota) == []


def test_the_last_period_counts_even_when_the_horizon_cuts_it_short():
    problem = pair(every_days=90)
    [(first, last, shared)] = supervision_missed.periods(problem, problem.people[0])
    assert (first.isoformat(), last.isoformat(), len(shared)) == ("2026-11-30", "2026-12-13", 2)


def test_the_solver_puts_them_together_unless_targets_keep_them_apart():
    assert solved(pair(only="supervision_missed")).objective == 0
    apart = pair(targets={(A, SMR): 1, (B, VISITS): 1}, tolerance=0, only="supervision_missed")
    assert solved(apart).objective == 2 * 15
