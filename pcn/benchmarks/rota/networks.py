"""One network solved a few times for the target time and once for longer, beside the
manager's equal split on the same problem; the demo network and the generated ones."""

import time
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from engine.rota.baseline import baseline_rota
from engine.rota.generate import generated_problem
from engine.rota.problem import HUB, Problem
from engine.rota.solve import Result, solve
from pcn.allocation.queries import next_week
from pcn.benchmarks.rota.config import DEMO_PCN, GENERATED_SIZE, TARGET_GAP, WEEKS, Config
from pcn.benchmarks.rota.quality import Quality, median, quality
from pcn.benchmarks.rota.replan import Replan, measure_replan
from pcn.demo import network as demo
from pcn.networks.models import Network as NetworkRow
from pcn.rota import problems
from pcn.rota.models import RotaPlan


@dataclass(frozen=True)
class Solved:
    seconds: float
    first: float | None  # seconds to the first rota that keeps every hard rule
    status: str
    objective: int | None
    bound: int | None
    gap: float | None


def solved(result: Result) -> Solved:
    return Solved(
        result.wall_seconds,
        result.first_solution_seconds,
        result.status,
        result.objective,
        result.bound,
        result.gap,
    )


@dataclass
class Network:
    """One network solved `repeat` times for the target time and once for the long time,
    with the baseline's rota on the same problem."""

    name: str
    people: int
    practices: int
    runs: list[Solved]
    long: Solved | None  # None when not run
    optimiser: Quality  # of the first run's rota
    baseline: Quality
    baseline_seconds: float
    first: Result | None = None  # the first run's, rota and all

    def median(self, attribute):
        return median([getattr(run, attribute) for run in self.runs])

    @property
    def all_feasible(self):
        return all(run.status in ("optimal", "feasible") for run in self.runs)

    @property
    def best_bound(self):
        bounds = [r.bound for r in [*self.runs, self.long] if r and r.bound is not None]
        return max(bounds, default=0)

    @property
    def baseline_gap(self):
        """The baseline's soft total against the best bound proved for the same problem."""
        total = self.baseline.objective
        return (total - self.best_bound) / total if total else 0.0

    def better_than_baseline(self):
        """{measure: the optimiser beats the baseline on it}."""
        o, b = self.optimiser, self.baseline
        return {
            "fair-share deviation": o.fair_share_deviation < b.fair_share_deviation,
            "practices a person a week": o.practices_a_week < b.practices_a_week,
            "sessions away from home": o.away_from_home < b.away_from_home,
        }


def measure_network(name, problem: Problem, config: Config, log, *, long=True) -> Network:
    started = time.perf_counter()
    rota = baseline_rota(problem)
    baseline_seconds = time.perf_counter() - started
    runs, first = [], None
    for seed in range(config.repeat):
        result = solve(problem, seconds=config.seconds, seed=seed, relative_gap=TARGET_GAP)
        runs.append(solved(result))
        first = first or result
        log(f"  {name}, {config.seconds:g} s, solver seed {seed}: {_run_line(runs[-1])}")
    if long:
        long = solved(solve(problem, seconds=config.long_seconds, relative_gap=TARGET_GAP))
        log(f"  {name}, {config.long_seconds:g} s: {_run_line(long)}")
    return Network(
        name=name,
        people=len(problem.people),
        practices=sum(1 for s in problem.sites if s.id != HUB),
        runs=runs,
        long=long or None,
        optimiser=quality(problem, first.rota),
        baseline=quality(problem, rota),
        baseline_seconds=baseline_seconds,
        first=first,
    )


def _run_line(run: Solved) -> str:
    gap = "—" if run.gap is None else f"{run.gap:.1%}"
    first = "—" if run.first is None else f"{run.first:.1f} s"
    return (
        f"{run.status}, objective {run.objective}, bound {run.bound}, gap {gap}, "
        f"first rota {first}, {run.seconds:.1f} s"
    )


def measure_generated(config: Config, log) -> list[Network]:
    """Generated networks of 80 people, one per seed; the first seed also gets the long solve."""
    return [
        measure_network(
            f"Generated, seed {seed}",
            generated_problem(seed, **GENERATED_SIZE),
            config,
            log,
            long=seed == config.seeds[0],
        )
        for seed in config.seeds
    ]


def measure_demo(config: Config, log) -> tuple[Network, Replan]:
    """The demo network built afresh, measured, and the re-plan after leave; every change to
    the database is rolled back after, so the app's own demo network is left as it was."""
    with transaction.atomic():
        demo.build(DEMO_PCN, today=timezone.localdate())
        problem = demo_problem(DEMO_PCN)
        figures = measure_network(DEMO_PCN, problem, config, log)
        replan = measure_replan(problem, figures.first, config.seconds, log)
        transaction.set_rollback(True)
    return figures, replan


def demo_problem(pcn_code: str, start=None) -> Problem:
    """The network's 4-week problem from `start` (the Monday after next unless given), as
    `manage.py solve_rota` builds it: an unsaved plan on the agreed allocation."""
    network = NetworkRow.objects.get(pcn_code=pcn_code)
    targets, source = problems.targets_for(network)
    plan = RotaPlan(
        network=network,
        start=start or next_week() + timedelta(days=7),
        weeks=WEEKS,
        options=dict(problems.DEFAULT_SETTINGS),
        targets=targets,
        targets_source=source,
    )
    return problems.build(plan)
