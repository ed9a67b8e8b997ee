"""Only services the person delivers; the hub only for network work, and network work only there."""

from engine.rota.problem import HUB, NETWORK_WORK
from engine.rota.rules import skills
from tests.engine.rota.tiny import SMR, VISITS, A, B, at, network, on, person, solved

MONDAY_AM = on(0, 0, "AM")


def test_a_person_may_deliver_their_services_at_any_practice_and_network_work_at_the_hub():
    problem = network(person("ann", services=(SMR, VISITS)))
    assert skills.options(problem, problem.people[0]) == [
        (HUB, NETWORK_WORK), (A, SMR), (A, VISITS), (B, SMR), (B, VISITS),
    ]  # fmt: skip


def test_a_person_with_no_services_can_only_be_at_the_hub():
    problem = network(person("ann", services=()))
    assert skills.options(problem, problem.people[0]) == [(HUB, NETWORK_WORK)]


def test_each_way_of_breaking_the_rule_is_named():
    problem = network(
        person("ann", works=[MONDAY_AM, on(0, 0, "PM"), on(0, 1, "AM"), on(0, 1, "PM")])
    )
    rota = [
        at("ann", MONDAY_AM, A, VISITS),
        at("ann", on(0, 0, "PM"), HUB, SMR),
        at("ann", on(0, 1, "AM"), A, NETWORK_WORK),
        at("ann", on(0, 1, "PM"), "Z99999", SMR),
    ]
    messages = [v.message for v in skills.check(problem, rota)]
    assert messages == [
        "Ann is placed to deliver Home visits at Practice A on Monday 30 November AM, which they do not deliver.",
        "Ann is at the hub on Monday 30 November PM for Structured medication reviews: the hub is for network work only.",
        "Ann is doing network work at Practice A on Tuesday 1 December AM: network work is at the hub.",
        "Ann is placed at Z99999, which is not a site of this network, on Tuesday 1 December PM.",
    ]


def test_a_rota_of_deliverable_services_keeps_the_rule():
    problem = network(person("ann", works=[MONDAY_AM]))
    assert skills.check(problem, [at("ann", MONDAY_AM, A, SMR)]) == []


def test_the_solver_keeps_someone_with_no_services_at_the_hub_even_when_practices_want_them():
    problem = network(person("ann", services=(), home_base=A), only="away_from_home")
    result = solved(problem)
    assert {a.site for a in result.rota} == {HUB}
    assert result.objective == 10 * 3  # every session away from home, and no way round it
