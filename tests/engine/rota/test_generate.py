"""The synthetic network behind benchmarks and property tests is believable and repeatable."""

from collections import Counter

from engine.rota import well_formed
from engine.rota.generate import generated_problem
from engine.rota.problem import HUB


def test_the_same_seed_gives_the_same_network():
    assert generated_problem(11) == generated_problem(11)
    assert generated_problem(11) != generated_problem(12)


def test_a_generated_network_is_well_formed_and_shaped_like_a_pcn():
    problem = generated_problem(3, people=80, practices=8, weeks=4)
    well_formed.check(problem)
    assert len(problem.people) == 80 and problem.weeks == 4
    assert len([s for s in problem.sites if s.id != HUB]) == 8
    weekly = [len(set(p.available + p.leave)) / 4 for p in problem.people]
    assert min(weekly) >= 6 and max(weekly) <= 10
    assert any(p.leave for p in problem.people)
    rooms = {n for s in problem.sites for n in s.rooms.values()}
    assert rooms <= {1, 2, 3}
    homes = Counter(
        "hub" if p.home_base == HUB else "none" if p.home_base is None else "practice"
        for p in problem.people
    )
    assert set(homes) == {"hub", "none", "practice"}
    assert 3 <= len(problem.teams) <= 4 and any(t.meets is None for t in problem.teams)
    cadences = {p.supervision_every_days for p in problem.people if p.supervisor}
    assert cadences == {28, 90}
    assert problem.targets and all(t.sessions_per_week > 0 for t in problem.targets)
