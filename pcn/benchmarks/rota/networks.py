"""Each frozen benchmark problem (frozen.py) solved a few times for the target time and for
longer, beside the best rota known for it, the manager's equal split, CP-SAT on the
straightforward model, and one worker with a fixed seed, run twice."""

import os
import resource
import time
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from engine.rota.baseline import baseline_rota
from engine.rota.generate import generated_problem
from engine.rota.problem import HUB, Problem
from engine.rota.solve import Result, solve
from engine.rota.validate import validate
from pcn.allocation.queries import next_week
from pcn.benchmarks.rota import frozen
from pcn.benchmarks.rota.config import (
    DEMO_PCN,
    GENERATED_SEEDS,
    GENERATED_SIZE,
    TARGET_GAP,
    WEEKS,
    Config,
)
from pcn.benchmarks.rota.quality import Quality, median, quality
from pcn.benchmarks.rota.replan import Replan, measure_replan
from pcn.benchmarks.rota.straightforward import straightforward_rota
from pcn.demo import network as demo
from pcn.networks.models import Network as NetworkRow
from pcn.rota import problems
from pcn.rota.models import RotaPlan

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Solved:
    seconds: float
    first: float | None  # seconds to the first rota that keeps every hard rule
    status: str
    objective: int | None
    bound: int | None
    gap: float | None
    cpu_seconds: float = 0.0  # this process and its children, every thread
    load: float = 0.0  # the machine's load average over the last minute, after the solve
    above_best: float | None = None  # the objective's distance above the best known rota


def cpu_seconds() -> float:
    used = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        used += usage.ru_utime + usage.ru_stime
    return used


def load_average() -> float:
    return os.getloadavg()[0]


def timed(problem: Problem, best: int | None, **options) -> tuple[Result, Solved]:
    """solve() with `options`, and its figures."""
    cpu = cpu_seconds()
    result = solve(problem, **options)
    return result, Solved(
        result.wall_seconds,
        result.first_solution_seconds,
        result.status,
        result.objective,
        result.bound,
        result.gap,
        cpu_seconds() - cpu,
        load_average(),
        frozen.above_best(result.objective, best),
    )


def timed_straightforward(problem: Problem, best: int | None, seconds: float) -> Solved:
    cpu, started = cpu_seconds(), time.monotonic()
    rota, objective, bound = straightforward_rota(problem, seconds=seconds)
    wall = time.monotonic() - started
    return Solved(
        wall,
        None,
        "feasible" if rota and validate(problem, rota).ok else "no rota",
        objective,
        bound,
        None if objective is None or bound is None else (objective - bound) / max(1, objective),
        cpu_seconds() - cpu,
        load_average(),
        frozen.above_best(objective, best),
    )


@dataclass
class Network:
    """One frozen problem: `repeat` solves (seeds 0, 1, ...) for the target time and, when
    asked, as many for the long time, on every core; one worker with seed 0, twice; CP-SAT on
    the straightforward model; and the baseline's rota on the same problem."""

    name: str
    people: int
    practices: int
    runs: list[Solved]
    long_runs: list[Solved]  # empty when not run
    optimiser: Quality  # of the first run's rota
    baseline: Quality
    baseline_seconds: float
    best_known: frozen.BestKnown | None
    one_worker: list[Solved] = field(default_factory=list)  # the same seed, twice
    same_rota_twice: bool | None = None
    straightforward: Solved | None = None
    straightforward_long: Solved | None = None
    first: Result | None = None  # the first run's, rota and all

    def median(self, attribute, runs=None):
        return median([getattr(run, attribute) for run in (self.runs if runs is None else runs)])

    def long_median(self, attribute):
        return self.median(attribute, self.long_runs) if self.long_runs else None

    @property
    def long(self) -> Solved | None:
        """The long run of the median objective."""
        if not self.long_runs:
            return None
        ordered = sorted(self.long_runs, key=lambda r: (r.objective is None, r.objective))
        return ordered[len(ordered) // 2]

    @property
    def all_feasible(self):
        return all(run.status in ("optimal", "feasible") for run in self.runs)

    @property
    def best_bound(self):
        bounds = [r.bound for r in [*self.runs, *self.long_runs] if r.bound is not None]
        return max(bounds, default=0)

    @property
    def baseline_gap(self):
        """The baseline's soft total against the best bound proved for the same problem."""
        total = self.baseline.objective
        return (total - self.best_bound) / total if total else 0.0

    @property
    def baseline_above_best(self):
        return frozen.above_best(
            self.baseline.objective, self.best_known and self.best_known.objective
        )

    def better_than_baseline(self):
        """{measure: the optimiser beats the baseline on it}."""
        o, b = self.optimiser, self.baseline
        return {
            "fair-share deviation": o.fair_share_deviation < b.fair_share_deviation,
            "practices a person a week": o.practices_a_week < b.practices_a_week,
            "sessions away from home": o.away_from_home < b.away_from_home,
        }


def measure_network(name, config: Config, log, *, long=True) -> Network:
    problem = frozen.load(name)
    best = frozen.best_known(name)
    best = best.objective if best else None
    started = time.perf_counter()
    rota = baseline_rota(problem)
    baseline_seconds = time.perf_counter() - started
    found = []  # (objective, rota, how) of every solve, to keep one better than the best known

    def run(seconds, seed, workers):
        result, figures = timed(
            problem, best, seconds=seconds, seed=seed, workers=workers, relative_gap=TARGET_GAP
        )
        if result.objective is not None:
            how = f"benchmark_rota: solve() for {seconds:g} s, seed {seed}, {workers} worker(s)"
            found.append((result.objective, result.rota, how))
        worker = " on one worker" if workers == 1 else ""
        log(f"  {name}, {seconds:g} s{worker}, seed {seed}: {_run_line(figures)}")
        return result, figures

    runs, first = [], None
    for seed in range(config.repeat):
        result, figures = run(config.seconds, seed, 2)
        runs.append(figures)
        first = first or result
    long_runs = []
    if long:
        long_runs = [run(config.long_seconds, seed, 2)[1] for seed in range(config.repeat)]
    one_worker, rotas = [], []
    for _ in range(2):
        result, figures = run(config.seconds, 0, 1)
        one_worker.append(figures)
        rotas.append(result.rota)
    straightforward = timed_straightforward(problem, best, config.seconds)
    log(f"  {name}, straightforward model, {config.seconds:g} s: {_run_line(straightforward)}")
    straightforward_long = None
    if long:
        straightforward_long = timed_straightforward(problem, best, config.long_seconds)
        log(
            f"  {name}, straightforward model, {config.long_seconds:g} s: "
            f"{_run_line(straightforward_long)}"
        )
    # A solve here may beat the best known: it becomes the best known, and every distance is
    # measured from it.
    if found:
        objective, better, how = min(found, key=lambda f: f[0])
        if frozen.keep_if_better(name, problem, better, how):
            log(f"  {name}: {objective:,} kept as the best known ({how})")
    known = frozen.best_known(name)

    def measured(figures: list[Solved]) -> list[Solved]:
        return [
            replace(f, above_best=frozen.above_best(f.objective, known and known.objective))
            for f in figures
        ]

    return Network(
        name=name,
        people=len(problem.people),
        practices=sum(1 for s in problem.sites if s.id != HUB),
        runs=measured(runs),
        long_runs=measured(long_runs),
        optimiser=quality(problem, first.rota),
        baseline=quality(problem, rota),
        baseline_seconds=baseline_seconds,
        best_known=known,
        one_worker=measured(one_worker),
        same_rota_twice=rotas[0] == rotas[1],
        straightforward=measured([straightforward])[0],
        straightforward_long=straightforward_long and measured([straightforward_long])[0],
        first=first,
    )


def _run_line(run: Solved) -> str:
    gap = "—" if run.gap is None else f"{run.gap:.1%}"
    above = "—" if run.above_best is None else f"{run.above_best:+.1%}"
    return (
        f"{run.status}, objective {run.objective} ({above} on the best known), bound "
        f"{run.bound}, gap {gap}, {run.seconds:.1f} s, CPU {run.cpu_seconds:.1f} s, "
        f"load {run.load:.1f}"
    )


def measure_generated(config: Config, log) -> list[Network]:
    """The frozen generated networks of 80 people, one per seed; the first also gets the long
    solves."""
    return [
        measure_network(frozen.generated_name(seed), config, log, long=seed == config.seeds[0])
        for seed in config.seeds
    ]


def measure_demo(config: Config, log) -> tuple[Network, Replan]:
    """The frozen demo problem, measured, and the re-plan after leave."""
    figures = measure_network(frozen.DEMO, config, log)
    replan = measure_replan(frozen.load(frozen.DEMO), figures.first, config.seconds, log)
    return figures, replan


def freeze_problems(log) -> None:
    """Write the benchmark's problems to benchmarks/rota/: the demo network's, built through
    the app as on frozen.DEMO_TODAY with every change rolled back, and the generated ones."""
    import time_machine  # a development dependency: only freezing the problems needs it

    today = date.fromisoformat(frozen.DEMO_TODAY)
    moment = datetime(today.year, today.month, today.day, 9, tzinfo=LONDON)
    with time_machine.travel(moment), transaction.atomic():
        demo.build(DEMO_PCN, today=today)
        problem = demo_problem(DEMO_PCN, start=date.fromisoformat(frozen.DEMO_START))
        transaction.set_rollback(True)
    log(f"  {frozen.write(frozen.DEMO, problem)}")
    for seed in GENERATED_SEEDS:
        problem = generated_problem(seed, **GENERATED_SIZE)
        log(f"  {frozen.write(frozen.generated_name(seed), problem)}")


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
