"""Each practice gets its agreed sessions every week, give or take the tolerance; a practice
and service with no target is a target of 0, so it may get up to the tolerance."""

from engine.rota.problem import HUB
from engine.rota.rules import allocation
from tests.engine.rota.tiny import SMR, A, B, at, every, network, on, person, solved

WEEK = every()


def rota_with(sessions_at):
    """Ann's week with the first sessions at each site as asked, the rest at the hub."""
    rota, slots = [], list(WEEK)
    for site, count in sessions_at.items():
        rota += [at("ann", slots.pop(0), site) for _ in range(count)]
    return rota + [at("ann", slot, HUB) for slot in slots]


def test_delivery_within_the_tolerance_keeps_the_rule():
    problem = network(person("ann"), targets={(A, SMR): 4}, tolerance=1)
    for delivered in (3, 4, 5):
        assert allocation.check(problem, rota_with({A: delivered})) == []


def test_delivery_outside_the_tolerance_is_named_with_the_bound_it_missed():
    problem = network(person("ann"), targets={(A, SMR): 4}, tolerance=1)
    [short] = allocation.check(problem, rota_with({A: 2}))
    assert short.message == (
        "Practice A gets 2 sessions of Structured medication reviews in the week commencing "
        "30 November 2026; its target is 4 a week, so at least 3."
    )
    assert (short.where, short.when) == (A, "2026-W49")
    [over] = allocation.check(problem, rota_with({A: 6}))
    assert over.message.endswith("its target is 4 a week, so at most 5.")


def test_a_practice_without_a_target_may_get_up_to_the_tolerance_and_no_more():
    problem = network(person("ann"), targets={(A, SMR): 4}, tolerance=1)
    assert allocation.check(problem, rota_with({A: 4, B: 1})) == []
    [found] = allocation.check(problem, rota_with({A: 4, B: 2}))
    assert found.message.endswith(
        "it has no target for Structured medication reviews, so at most 1."
    )


def test_a_target_nobody_is_placed_for_is_still_checked():
    problem = network(person("ann"), targets={(A, SMR): 2}, tolerance=0)
    [found] = allocation.check(problem, rota_with({}))
    assert found.message.startswith("Practice A gets 0 sessions")


def test_the_solver_delivers_exactly_the_target_when_there_is_no_tolerance():
    problem = network(person("ann"), targets={(A, SMR): 3}, tolerance=0, only="none")
    result = solved(problem)
    assert sum(a.site == A for a in result.rota) == 3
    assert sum(a.site == B for a in result.rota) == 0  # B has no target, and no tolerance


def test_the_solver_uses_the_tolerance_at_a_practice_without_a_target_to_keep_someone_home():
    # Ann's home practice B has no target: one session a week there (the tolerance) saves
    # one session away, and no more is allowed.
    problem = network(
        person("ann", home_base=B), targets={(A, SMR): 3}, tolerance=1, only="away_from_home"
    )
    result = solved(problem)
    assert sum(a.site == B for a in result.rota) == 1
    assert result.objective == 9 * 3


def test_the_solver_never_places_more_than_a_target_plus_the_tolerance():
    problem = network(
        person("ann", home_base=A), person("bob", home_base=A), targets={(A, SMR): 2}, tolerance=1,
        only="away_from_home",
    )  # fmt: skip
    result = solved(problem)
    assert sum(a.site == A for a in result.rota) == 3
    assert result.objective == (20 - 3) * 3


def test_a_session_on_a_day_off_does_not_count_towards_a_target():
    problem = network(person("ann", works=[on(0, 0, "AM")]), targets={(A, SMR): 1}, tolerance=0)
    rota = [at("ann", on(0, 0, "AM"), HUB), at("ann", on(0, 1, "AM"), A)]
    [found] = allocation.check(problem, rota)
    assert "gets 0 sessions" in found.message


def test_by_default_a_week_short_of_its_target_is_priced_not_forbidden():
    from engine.rota.problem import DEFAULT_WEIGHTS
    from engine.rota.rules import fair_share_shortfall

    problem = network(person("ann"), targets={(A, SMR): 4}, tolerance=1, strict_allocation=False)
    assert allocation.check(problem, rota_with({A: 1})) == []
    short = fair_share_shortfall.check(problem, rota_with({A: 1}))
    assert sum(p.amount for p in short) == 3 * DEFAULT_WEIGHTS["fair_share_shortfall"]
    [over] = allocation.check(problem, rota_with({A: 6}))  # the ceiling always holds
    assert over.message.endswith("its target is 4 a week, so at most 5.")


def test_by_default_a_target_nobody_can_reach_still_gives_a_rota_with_the_shortfall_named():
    problem = network(person("ann"), targets={(A, SMR): 12}, tolerance=1, strict_allocation=False)
    result = solved(problem)
    assert result.status == "optimal" and result.rota
    assert sum(1 for a in result.rota if a.site == A) == len(WEEK)  # all ten sessions at A
    [rule] = [r for r in result.explanation.rules if r.rule == "fair_share_shortfall"]
    assert [i.message for i in rule.instances] == [
        "Practice A gets 10 of its 12 sessions of Structured medication reviews in the week "
        "commencing 30 November 2026: 2 short."
    ]
