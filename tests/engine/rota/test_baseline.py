"""The hand-made yardstick: each person's days dealt round the practices that opted in to
what they deliver, rooms and limits unseen."""

from engine.rota.baseline import baseline_rota
from engine.rota.problem import HUB, NETWORK_WORK
from engine.rota.validate import validate
from tests.engine.rota.tiny import SMR, VISITS, A, B, C, at, every, network, person


def test_days_go_round_the_practices_that_want_the_persons_service_whole_days_at_a_time():
    problem = network(
        person("ann"), practices=(A, B, C), targets={(A, SMR): 2, (C, SMR): 2, (B, VISITS): 2}
    )
    sites = [a.site for a in baseline_rota(problem)]
    assert sites == [A, A, C, C, A, A, C, C, A, A]


def test_the_next_person_starts_one_practice_further_round():
    problem = network(person("ann"), person("bob"), targets={(A, SMR): 2, (B, SMR): 2})
    bobs = [a.site for a in baseline_rota(problem) if a.person == "bob"]
    assert bobs[:4] == [B, B, A, A]


def test_someone_no_practice_has_opted_in_to_works_at_the_hub():
    problem = network(person("ann", services=(VISITS,)), targets={(A, SMR): 2})
    assert {(a.site, a.service) for a in baseline_rota(problem)} == {(HUB, NETWORK_WORK)}


def test_locked_sessions_are_kept():
    locked = at("ann", every()[0], B)
    problem = network(person("ann"), targets={(A, SMR): 2}, locked=(locked,))
    assert locked in baseline_rota(problem)


def test_the_baseline_can_break_rules_that_validate_then_names():
    # Everybody is dealt to A on Monday, whatever A's one room can hold.
    problem = network(
        *(person(pid) for pid in ("ann", "bob", "cy")), practices=(A,), rooms=1,
        targets={(A, SMR): 10},
    )  # fmt: skip
    assert {v.rule for v in validate(problem, baseline_rota(problem)).violations} >= {"rooms"}
