"""Where the gap lies, rule by rule: each soft rule's part of the rota's objective and of the
proven bound, each adding up to its whole."""

import pytest

from engine.rota.bound import Bounding
from engine.rota.gap import DROPPED, gap_by_rule
from engine.rota.generate import generated_problem
from engine.rota.problem import DEFAULT_WEIGHTS, Team
from engine.rota.rules import SOFT_RULES
from engine.rota.validate import validate

from .tiny import SMR, A, B, C, at, every, network, on, person, solved

RULES = [rule.NAME for rule in SOFT_RULES]


def parts(result) -> dict[str, tuple[int, int]]:
    return {p["rule"]: (p["objective_part"], p["bound_part"]) for p in result.gap_by_rule}


def test_one_person_sent_to_a_practice_that_needs_more_than_she_has():
    # Ann (home A, 10 sessions) is the only one for B's 12: every session at B is 3 away from
    # home, and the 2 she cannot give are 100 each. Any session elsewhere saves 3 and costs
    # 100, so the best rota and the bound's LP are the same week: 200 short, 30 away.
    result = solved(
        network(person("ann", home_base=A), targets={(B, SMR): 12}, strict_allocation=False)
    )
    assert (result.objective, result.bound) == (230, 230)
    got = parts(result)
    assert got["fair_share_shortfall"] == (200, 200)
    assert got["away_from_home"] == (30, 30)
    assert all(
        got[rule] == (0, 0)
        for rule in RULES
        if rule not in ("fair_share_shortfall", "away_from_home")
    )
    assert list(got) == RULES


def _problems():
    yield network(
        person("ann", home_base=A),
        practices=(A, B, C),
        targets={(A, SMR): 4, (B, SMR): 3, (C, SMR): 3},
        strict_allocation=False,
    )
    yield network(
        person("ann", home_base=A, supervisor="bo", supervision_every_days=7),
        person("bo", home_base=B),
        person("cy", home_base=C, works=every(2, weekdays=range(3))),
        weeks=2,
        practices=(A, B, C),
        targets={(A, SMR): 6, (B, SMR): 7, (C, SMR): 5},
        teams=(Team("t", "Pharmacists", ("ann", "bo", "cy"), meets=(2, "AM")),),
        published=(at("ann", on(0, 0, "AM"), B), at("bo", on(1, 3, "PM"), C)),
        strict_allocation=False,
    )
    yield generated_problem(3, people=12, practices=4, weeks=2)


@pytest.mark.parametrize(
    "problem", list(_problems()), ids=["site limit", "teams and a published rota", "generated"]
)
def test_the_parts_add_up_to_the_objective_and_to_the_bound(problem):
    result = solved(problem, seconds=3)
    assert result.objective is not None
    got = parts(result)
    assert list(got) == RULES
    assert sum(o for o, _ in got.values()) == result.objective
    assert sum(b for _, b in got.values()) == result.bound
    assert {rule: o for rule, (o, _) in got.items()} == validate(problem, result.rota).totals
    assert all(got[rule][1] == 0 for rule in DROPPED)
    assert all(b >= 0 for _, b in got.values())


@pytest.mark.parametrize(
    "problem", list(_problems()), ids=["site limit", "teams and a published rota", "generated"]
)
def test_the_lps_parts_by_rule_add_up_to_its_value_and_each_column_to_its_cost(problem):
    master = Bounding(problem, seconds=2, deterministic=True).master
    parts = master.by_rule()
    assert sum(parts.values()) == pytest.approx(master.lp_value, abs=1e-6)
    assert not set(parts) & DROPPED
    for index, pattern in master.columns:
        pw = master.weeks[index]
        assert sum(pw.cost_by_rule(pattern).values()) == pw.cost(pattern)


def test_the_rules_the_bound_leaves_out_have_no_part_of_it_even_when_the_rota_pays_them():
    totals = dict.fromkeys(RULES, 0) | {"irregular_week": 40, "fair_share_shortfall": 100}
    got = {
        p["rule"]: p["bound_part"] for p in gap_by_rule(totals, 120, {"fair_share_shortfall": 90.0})
    }
    assert got["fair_share_shortfall"] == 120  # the whole bound: the only rule in the LP's mix
    assert got["irregular_week"] == 0 and got["supervision_missed"] == 0


def test_a_bound_above_or_below_the_lp_is_shared_in_the_lps_proportions_in_whole_points():
    lp = {"fair_share_shortfall": 150.0, "away_from_home": 45.0, "extra_site": 5.0}
    totals = dict.fromkeys(RULES, 0)
    # 100 is 75, 22.5 and 2.5: the halves tie, and the first rule in order takes the point.
    for bound, expected in ((100, (75, 23, 2)), (400, (300, 90, 10)), (7, (5, 2, 0))):
        got = {p["rule"]: p["bound_part"] for p in gap_by_rule(totals, bound, lp)}
        assert (got["fair_share_shortfall"], got["away_from_home"], got["extra_site"]) == expected
        assert sum(got.values()) == bound


def test_without_an_lp_the_bound_is_shared_as_the_rota_pays_among_the_rules_it_holds():
    totals = dict.fromkeys(RULES, 0) | {"away_from_home": 30, "extra_site": 10, "irregular_week": 8}
    got = {p["rule"]: p["bound_part"] for p in gap_by_rule(totals, 20, {})}
    assert (got["away_from_home"], got["extra_site"], got["irregular_week"]) == (15, 5, 0)
    assert all(p["bound_part"] == 0 for p in gap_by_rule(totals, None, {}))


def test_every_soft_rule_has_a_default_weight_and_a_part():
    assert set(RULES) == set(DEFAULT_WEIGHTS)
