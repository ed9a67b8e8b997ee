"""What a manager reads beside a rota: each rule's total and instances, each practice's weeks
against its targets, and each person's weeks."""

from engine.rota.explain import explain
from engine.rota.problem import HUB
from tests.engine.rota.tiny import SMR, VISITS, A, B, at, every, network, person

WEEK = every()


def rota():
    # Ann: 6 sessions at A (home), 2 at B, 2 at the hub; the days are kept whole.
    sites = [A] * 6 + [B] * 2 + [HUB] * 2
    return [at("ann", slot, site) for slot, site in zip(WEEK, sites, strict=True)]


def problem():
    return network(person("ann", home_base=A), targets={(A, SMR): 6, (B, SMR): 3})


def test_each_rule_has_a_total_and_a_sentence_and_the_totals_add_up():
    explanation = explain(problem(), rota())
    rules = {r.rule: r for r in explanation.rules}
    assert rules["rooms"].sentence == "Rooms: kept."
    assert (
        rules["fair_share_shortfall"].sentence == "Below the agreed sessions: 1 × 100 = 100 points."
    )
    assert rules["away_from_home"].sentence == "Away from home base: 4 × 3 = 12 points."
    assert rules["extra_site"].sentence == "Extra practices in a week: 1 × 20 = 20 points."
    assert rules["split_day"].sentence == "Split days: none."
    assert explanation.total == 132 == sum(r.total for r in explanation.rules if r.kind == "soft")
    assert explanation.ok


def test_a_broken_hard_rule_is_counted_and_the_rota_is_not_ok():
    explanation = explain(problem(), rota()[:-1])
    working = next(r for r in explanation.rules if r.rule == "working_sessions")
    assert (working.total, working.sentence) == (1, "Working sessions: broken 1 time.")
    assert not explanation.ok


def test_a_rule_weighted_zero_is_said_to_be_switched_off():
    explanation = explain(network(person("ann", home_base=A), only="split_day"), rota())
    away = next(r for r in explanation.rules if r.rule == "away_from_home")
    assert (away.total, away.instances, away.sentence) == (
        0, (), "Away from home base: switched off (weight 0).",
    )  # fmt: skip


def test_each_practice_sees_its_target_and_delivery_week_by_week():
    [a, b] = explain(problem(), rota()).practices
    assert (a.site, a.name) == (A, "Practice A")
    [(service, [week])] = a.services
    assert (service, week.target, week.delivered) == (SMR, 6, 6)
    assert b.sentences == ("Structured medication reviews: 2 sessions by week (target 3 a week).",)


def test_a_practice_given_sessions_without_a_target_shows_them():
    problem_ = network(person("ann", services=(SMR, VISITS)), targets={(A, SMR): 1})
    placed = [at("ann", WEEK[0], A), at("ann", WEEK[1], A, VISITS)]
    placed += [at("ann", slot, HUB) for slot in WEEK[2:]]
    [a, _] = explain(problem_, placed).practices
    assert a.sentences[1] == "Home visits: 1 sessions by week (no target)."


def test_each_person_sees_their_practices_each_week_and_their_sessions_away():
    [ann] = explain(problem(), rota()).people
    assert (ann.sessions, ann.away_from_home, ann.home_base) == (10, 4, A)
    [week] = ann.weeks
    assert (week.practices, week.hub_sessions, week.sessions) == ((A, B), 2, 10)
    assert ann.sentence == (
        "Ann works 10 sessions: 6 at Practice A, 2 at Practice B and 2 at Network hub; at most "
        "2 practices a week; 4 away from their home base."
    )
