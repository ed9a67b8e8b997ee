"""The rota benchmark's write-up: distances above the best known rota and the targets' verdicts,
from figures made up here (the solves themselves are the command's, not the tests')."""

from engine.rota.greedy import greedy_rota
from engine.rota.solve import solve
from pcn.benchmarks.rota import frozen, report
from pcn.benchmarks.rota.config import Config
from pcn.benchmarks.rota.networks import Network, Solved
from pcn.benchmarks.rota.quality import quality
from pcn.benchmarks.rota.replan import Replan, Replanned
from tests.benchmarks.test_rota import _tiny


def _run(objective, best, seconds=10.0):
    return Solved(
        seconds, 0.2, "feasible", objective, 90, None, 19.0, 1.5, frozen.above_best(objective, best)
    )


def _network(name, best, tens, sixties, one_worker, same=True):
    problem = _tiny()
    rota = greedy_rota(problem)
    first = solve(problem, seconds=1, workers=1)
    return Network(
        name=name,
        people=2,
        practices=2,
        runs=[_run(o, best) for o in tens],
        long_runs=[_run(o, best, 60.0) for o in sixties],
        optimiser=quality(problem, rota),
        baseline=quality(problem, rota),
        baseline_seconds=0.01,
        best_known=frozen.BestKnown(best, rota, "a long run"),
        one_worker=[_run(one_worker, best), _run(one_worker, best)],
        same_rota_twice=same,
        straightforward=_run(3 * best, best),
        straightforward_long=None,
        first=first,
    )


def test_the_write_up_gives_each_distance_above_the_best_known_and_judges_the_targets():
    demo = _network("demo", 1000, [1020, 1030, 1050], [1005, 1010, 1020], 1040)
    generated = [_network("generated", 2000, [2300, 2100, 2200], [2100, 2080, 2050], 2500, False)]
    same = Replanned(10, 1000, 0)
    replan = Replan("Ann", 1, same, same, same, Replanned(30, 1100, 0), same, 0.1, "feasible", 0.1)
    text = report.networks_markdown(demo, replan, generated, Config())

    assert "| demo | 1,000 | **+3.0%** | **+1.0%** | +4.0% (same rota twice) | +200.0% |" in text
    assert "Demo network, 10 s, ≤ 3% above the best known: **met** (+3.0%)" in text
    assert "Demo network, 60 s, ≤ 1%: **met** (+1.0%)" in text
    # 10% above at 10 s meets the generated network's target; 4% at 60 s misses its 3%.
    assert "Generated networks, 10 s, ≤ 10%: **met** (+10.0% for seeds 1, 2, 3)" in text
    assert "seed 1, 60 s, ≤ 3%: **not met** (+4.0%)" in text
    assert (
        "One worker on demo: the same rota twice and within 2× the two-worker distance: **met**"
        in text
    )
    assert (
        "One worker on generated: the same rota twice and within 2× the two-worker distance: **not met**"
        in text
    )
