"""Each session of weeks 2 onwards placed differently from the same session of week 1."""

from engine.rota.problem import HUB
from engine.rota.rules import irregular_week
from tests.engine.rota.tiny import SMR, VISITS, A, B, at, network, on, person, solved

MONDAYS = [on(w, 0, "AM") for w in range(3)]


def test_a_session_moved_from_week_ones_pattern_costs_the_weight():
    problem = network(person("ann", works=MONDAYS, services=(SMR, VISITS)), weeks=3)
    rota = [at("ann", MONDAYS[0], A), at("ann", MONDAYS[1], B), at("ann", MONDAYS[2], A)]
    [found] = irregular_week.check(problem, rota)
    assert (found.count, found.amount, found.when) == (1, 2, "2026-W50")
    assert found.message == (
        "Ann has 1 session in the week commencing 7 December 2026 placed differently from "
        "week 1: Monday 7 December AM."
    )


def test_a_different_service_at_the_same_site_is_also_different():
    problem = network(person("ann", works=MONDAYS[:2], services=(SMR, VISITS)), weeks=2)
    rota = [at("ann", MONDAYS[0], A), at("ann", MONDAYS[1], A, VISITS)]
    assert len(irregular_week.check(problem, rota)) == 1


def test_a_session_not_worked_in_week_one_is_not_compared():
    problem = network(person("ann", works=MONDAYS[1:], leave=MONDAYS[:1]), weeks=3)
    rota = [at("ann", MONDAYS[1], A), at("ann", MONDAYS[2], B)]
    assert irregular_week.check(problem, rota) == []


def test_the_solver_repeats_week_one_unless_a_locked_session_forbids_it():
    ann = person("ann", works=[*MONDAYS[:2], on(1, 1, "AM")])
    free = network(ann, weeks=2, targets={(A, SMR): 1}, tolerance=0, only="irregular_week")
    assert solved(free).objective == 0
    # Week 2's Monday is locked at the hub, so week 2 meets its target on Tuesday instead.
    held = network(
        ann, weeks=2, targets={(A, SMR): 1}, tolerance=0, only="irregular_week",
        locked=(at("ann", MONDAYS[1], HUB),),
    )  # fmt: skip
    assert solved(held).objective == 2
