"""Each day with the morning at one site and the afternoon at another (the hub included)."""

from engine.rota.problem import HUB
from engine.rota.rules import split_day
from tests.engine.rota.tiny import SMR, A, B, at, network, on, person, solved

TWO_DAYS = [on(0, 0, "AM"), on(0, 0, "PM"), on(0, 1, "AM"), on(0, 1, "PM")]


def test_a_day_split_between_a_practice_and_the_hub_costs_the_weight():
    problem = network(person("ann", works=TWO_DAYS))
    rota = [at("ann", TWO_DAYS[0], A), at("ann", TWO_DAYS[1], HUB)]
    rota += [at("ann", TWO_DAYS[2], B), at("ann", TWO_DAYS[3], B)]
    [found] = split_day.check(problem, rota)
    assert (found.count, found.amount, found.when) == (1, 10, "2026-11-30")
    assert found.message == (
        "Ann works at Practice A in the morning and at Network hub in the afternoon on Monday "
        "30 November."
    )


def test_a_half_day_cannot_be_split():
    problem = network(person("ann", works=[on(0, 0, "AM"), on(0, 1, "PM")]))
    rota = [at("ann", on(0, 0, "AM"), A), at("ann", on(0, 1, "PM"), B)]
    assert split_day.check(problem, rota) == []


def test_the_solver_keeps_days_whole_when_it_can_and_splits_when_it_must():
    whole = network(
        person("ann", works=TWO_DAYS), targets={(A, SMR): 2, (B, SMR): 2}, tolerance=0,
        only="split_day",
    )  # fmt: skip
    assert solved(whole).objective == 0
    one_day = network(
        person("ann", works=TWO_DAYS[:2]), targets={(A, SMR): 1, (B, SMR): 1}, tolerance=0,
        only="split_day",
    )  # fmt: skip
    assert solved(one_day).objective == 10
