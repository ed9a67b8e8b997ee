"""Nobody works at more practices in a week than their limit; the hub does not count."""

from engine.rota.problem import HUB
from engine.rota.rules import site_limit
from tests.engine.rota.tiny import SMR, A, B, C, at, every, network, person, solved

WEEK = every()


def ann_at(*sites, **fields):
    problem = network(person("ann", **fields), practices=(A, B, C))
    rota = [at("ann", slot, sites[i % len(sites)]) for i, slot in enumerate(WEEK)]
    return problem, rota


def test_two_practices_and_the_hub_keep_the_default_limit_of_two():
    assert site_limit.check(*ann_at(A, B, HUB)) == []


def test_a_third_practice_in_a_week_is_named():
    [found] = site_limit.check(*ann_at(A, B, C))
    assert found.message == (
        "Ann works at 3 practices in the week commencing 30 November 2026 "
        "(Practice A, Practice B and Practice C); their limit is 2."
    )


def test_a_persons_own_limit_takes_precedence():
    assert site_limit.check(*ann_at(A, B, C, max_sites=3)) == []
    [found] = site_limit.check(*ann_at(A, B, max_sites=1))
    assert found.message.endswith("their limit is 1.")


def test_the_solver_serves_three_practices_only_when_the_limit_allows():
    targets = {(A, SMR): 2, (B, SMR): 2, (C, SMR): 2}
    strict = network(person("ann"), practices=(A, B, C), targets=targets, tolerance=0)
    assert solved(strict).status == "infeasible"
    loose = network(
        person("ann", max_sites=3), practices=(A, B, C), targets=targets, tolerance=0,
        only="extra_site",
    )  # fmt: skip
    result = solved(loose)
    assert result.status == "optimal"
    assert result.objective == 2 * 20
