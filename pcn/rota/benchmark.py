"""How good and how fast the rota optimiser is, against what a manager does by hand today.

Four measures, each with its baseline in the same run (these machines are shared and noisy, so
figures are medians and ratios, never one-off times):

- the demo network, 4 weeks: the optimiser's rota at 10 seconds (and 60) against the baseline's
  equal split of each person's sessions over the practices that opted in (engine/rota/baseline.py);
- generated networks of 80 people and 8 practices, 4 weeks: the first rota, and the gap at 10
  and 60 seconds;
- every PCN in the NHS workforce file, one week each, solved as a batch by 1 and 2 task worker
  processes (pcn/rota/batch.py);
- a re-plan after one person's week of leave: how many published sessions it changes, against
  the fewest any rota must.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction

from engine.rota import horizon, json_io
from engine.rota.baseline import baseline_rota
from engine.rota.generate import generated_problem
from engine.rota.placed import placements
from engine.rota.problem import HUB, Problem
from engine.rota.rules import allocation
from engine.rota.solve import Result, solve
from engine.rota.validate import validate
from pcn.allocation.queries import next_week
from pcn.networks import demo
from pcn.networks.models import Network as NetworkRow

from . import batch, problems
from .models import RotaPlan

SECTION = "Rota optimiser"
DEMO_PCN = demo.DEFAULT_PCN
WEEKS = 4
TARGET_GAP = 0.01  # within 1% of the proven bound
TARGET_SECONDS = 10.0
LONG_SECONDS = 60.0
BATCH_TARGET_SECONDS = 20 * 60
SPEED_UP_TARGET = 1.8  # two workers on two cores: 90% of proportional or better
GENERATED_SEEDS = (1, 2, 3)
GENERATED_SIZE = {"people": 80, "practices": 8, "weeks": WEEKS}
# CP-SAT's deterministic time per PCN on one core. At 1.0 a PCN took about 2 s of wall clock on
# this 2-core machine (the model, the greedy start and the explanation come on top of the
# search), so every PCN would take over 20 minutes on 2 workers; 0.5 takes about 1.1 s.
BATCH_SECONDS = 0.5
BATCH_SAMPLE_SEED = 2026


@dataclass(frozen=True)
class Config:
    seconds: float = TARGET_SECONDS
    long_seconds: float = LONG_SECONDS
    repeat: int = 3
    seeds: tuple[int, ...] = GENERATED_SEEDS
    batch_seconds: float = BATCH_SECONDS
    batch_sample: int = 200  # PCNs timed with one worker and with two
    full_batch: bool = True  # every PCN, with two workers
    quick: bool = False

    @classmethod
    def smoke_test(cls, batch_seconds=BATCH_SECONDS):
        """Short solves and a small sample: checks the benchmark runs, not the targets."""
        return cls(3.0, 10.0, 1, (1,), batch_seconds, 50, False, True)


# --- what a rota is like ----------------------------------------------------------------------


@dataclass(frozen=True)
class Quality:
    """What a manager and the practices notice about a rota, solver or not."""

    objective: int  # the soft rules' total, as the solver scores it
    penalties: dict[str, int]  # soft rule -> its part of the objective
    broken: dict[str, int]  # hard rule -> times broken
    fair_share_deviation: int  # Σ |delivered − agreed| over practice, service and week
    shortfall: int  # sessions below the agreed sessions, over practice, service and week
    practices_a_week: float  # mean practices a person works at in a week (the hub not counted)
    away_from_home: int  # sessions away from the person's home base

    @property
    def hard_broken(self) -> int:
        return sum(self.broken.values())


def quality(problem: Problem, rota) -> Quality:
    rota = tuple(rota)
    report = validate(problem, rota)
    delivered = allocation.delivered(problem, rota)
    agreed = {(t.site, t.service): t.sessions_per_week for t in problem.targets}
    pairs = set(agreed) | {(site, service) for site, service, _ in delivered}
    deviation = shortfall = 0
    for site, service in pairs:
        for week in range(problem.weeks):
            difference = delivered[site, service, week] - agreed.get((site, service), 0)
            deviation += abs(difference)
            shortfall += max(0, -difference)
    homes = {person.id: person.home_base for person in problem.people}
    worked, away = {}, 0
    for (person, slot), a in placements(problem, rota).items():
        sites = worked.setdefault((person, horizon.week_of(problem, slot.day)), set())
        if a.site != HUB:
            sites.add(a.site)
        if homes[person] is not None and a.site != homes[person]:
            away += 1
    return Quality(
        objective=report.total,
        penalties=report.totals,
        broken=dict(Counter(v.rule for v in report.violations)),
        fair_share_deviation=deviation,
        shortfall=shortfall,
        practices_a_week=statistics.mean(len(s) for s in worked.values()) if worked else 0.0,
        away_from_home=away,
    )


# --- solving a network ------------------------------------------------------------------------


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


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


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
        return _median([getattr(run, attribute) for run in self.runs])

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


# --- the demo network -------------------------------------------------------------------------


def measure_demo(config: Config, log) -> tuple[Network, Replan]:
    """The demo network built afresh, measured, and the re-plan after leave; every change to
    the database is rolled back after, so the app's own demo network is left as it was."""
    with transaction.atomic():
        demo.build(DEMO_PCN)
        problem = demo_problem(DEMO_PCN)
        figures = measure_network(DEMO_PCN, problem, config, log)
        replan = measure_replan(problem, figures.first, config.seconds, log)
        transaction.set_rollback(True)
    return figures, replan


def demo_problem(pcn_code: str) -> Problem:
    """The network's 4-week problem from the Monday after next, as `manage.py solve_rota`
    builds it: an unsaved plan on the agreed allocation."""
    network = NetworkRow.objects.get(pcn_code=pcn_code)
    targets, source = problems.targets_for(network)
    plan = RotaPlan(
        network=network,
        start=next_week() + timedelta(days=7),
        weeks=WEEKS,
        options=dict(problems.DEFAULT_SETTINGS),
        targets=targets,
        targets_source=source,
    )
    return problems.build(plan)


# --- a re-plan after leave ---------------------------------------------------------------------


@dataclass(frozen=True)
class Replanned:
    """One way of re-planning, against the published rota."""

    changed: int  # published sessions moved or gone
    objective: int  # on the re-planned problem, the changes' own penalty included
    shortfall: int  # sessions below the agreed sessions


@dataclass(frozen=True)
class Replan:
    person: str
    leave_week: int  # 0-based
    published: Replanned  # the published rota on the problem before the leave
    forced: Replanned  # the published rota less the person's sessions that week: the fewest changes
    replan: Replanned  # solved, keeping to the published rota
    fresh: Replanned  # solved, ignoring the published rota
    unchanged: Replanned  # solved again with no leave at all, keeping to the published rota
    published_gap: float | None  # how far the published rota was from its bound
    status: str
    gap: float | None

    @property
    def minimum(self):
        return self.forced.changed

    @property
    def extra(self):
        return self.replan.changed - self.minimum


def changed_sessions(published, rota) -> int:
    """Published sessions whose site or service differs in `rota`, or that it no longer has."""
    now = {(a.person, a.slot): (a.site, a.service) for a in rota}
    return sum(1 for a in published if now.get((a.person, a.slot)) != (a.site, a.service))


def with_leave(problem: Problem, published, week: int, person_id: str | None = None):
    """The problem a re-plan solves when `person_id` (by default whoever works most sessions
    that week in `published`) takes approved leave for the whole of `week`: those sessions
    move from available to leave, and `published` is the rota in use. Returns (problem,
    person id, sessions of theirs the published rota loses)."""
    first = problem.start + timedelta(weeks=week)
    days = {first + timedelta(days=d) for d in range(7)}
    that_week = Counter(a.person for a in published if a.day in days)
    if person_id is None:
        person_id = min(that_week, key=lambda p: (-that_week[p], p))
    people = []
    for person in problem.people:
        if person.id == person_id:
            off = tuple(s for s in person.available if s.day in days)
            person = replace(
                person,
                available=tuple(s for s in person.available if s.day not in days),
                leave=tuple(sorted({*person.leave, *off})),
            )
        people.append(person)
    return (
        replace(problem, people=tuple(people), published=tuple(published)),
        person_id,
        that_week[person_id],
    )


def measure_replan(problem: Problem, published: Result, seconds: float, log) -> Replan:
    """Leave for the whole of the second week for whoever works most that week, re-planned
    from the `published` solve's rota."""
    rota = published.rota
    week = min(1, problem.weeks - 1)
    changed_problem, person, _ = with_leave(problem, rota, week)

    def replanned(on: Problem, new_rota) -> Replanned:
        return Replanned(
            changed=changed_sessions(rota, new_rota),
            objective=validate(on, new_rota).total,
            shortfall=quality(on, new_rota).shortfall,
        )

    def solved_again(on: Problem):
        return solve(on, seconds=seconds, relative_gap=TARGET_GAP)

    on_leave = {(p.id, s) for p in changed_problem.people for s in p.leave}
    result = solved_again(changed_problem)
    replan = Replan(
        person=horizon.person_name(problem, person),
        leave_week=week,
        published=replanned(problem, rota),
        forced=replanned(changed_problem, [a for a in rota if (a.person, a.slot) not in on_leave]),
        replan=replanned(changed_problem, result.rota),
        fresh=replanned(changed_problem, solved_again(replace(changed_problem, published=())).rota),
        unchanged=replanned(problem, solved_again(replace(problem, published=rota)).rota),
        published_gap=published.gap,
        status=result.status,
        gap=result.gap,
    )
    log(
        f"  re-plan: {replan.replan.changed} sessions changed (at least {replan.minimum}); "
        f"a fresh solve changes {replan.fresh.changed}; with no leave, "
        f"{replan.unchanged.changed}"
    )
    return replan


# --- every PCN, through the task workers -------------------------------------------------------


@dataclass
class Drained:
    """One run of the batch: `workers` db_worker processes draining a queue of PCNs."""

    workers: int
    pcns: int
    seconds: float  # from starting the workers until the last one exits
    results: list[dict]
    enqueue_seconds: float = 0.0

    @property
    def statuses(self) -> Counter:
        return Counter(r.get("status") or f"task {r['task_status'].lower()}" for r in self.results)

    @property
    def solved(self) -> int:
        return sum(1 for r in self.results if r.get("status") in ("optimal", "feasible"))

    @property
    def per_minute(self) -> float:
        return self.pcns / self.seconds * 60 if self.seconds else 0.0

    @property
    def median_gap(self):
        return _median([r.get("gap") for r in self.results])

    @property
    def median_task_seconds(self):
        return _median([r.get("task_seconds") for r in self.results])

    @property
    def slowest(self) -> dict:
        timed = [r for r in self.results if r.get("task_seconds") is not None]
        return max(timed, key=lambda r: r["task_seconds"]) if timed else {}


@dataclass
class Batch:
    pcns: int  # every PCN with workforce records
    build_seconds: float
    sample: list[Drained] = field(default_factory=list)  # 1 worker, then 2, on the same PCNs
    full: Drained | None = None  # every PCN, 2 workers
    seconds: float = BATCH_SECONDS

    @property
    def speed_up(self):
        if len(self.sample) < 2 or not self.sample[1].seconds:
            return None
        return self.sample[0].seconds / self.sample[1].seconds

    @property
    def full_seconds(self):
        """Building, queueing and draining every PCN."""
        if self.full is None:
            return None
        return self.build_seconds + self.full.enqueue_seconds + self.full.seconds


class Queue:
    """A task queue in a database of its own (a SQLite file in a temporary data directory),
    so the batch never mixes with the app's tasks. Workers and the queueing run as separate
    `manage.py` processes on that database, as they would in production."""

    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="pcn-rota-batch-"))
        self.env = {
            **os.environ,
            "PCN_DATA_DIR": str(self.directory),
            "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
        }
        self.env.pop("DATABASE_URL", None)
        self.manage(["migrate", "--no-input"])

    def manage(self, arguments, **options):
        return subprocess.run(
            [sys.executable, str(settings.BASE_DIR / "manage.py"), *arguments],
            env=self.env,
            cwd=settings.BASE_DIR,
            check=True,
            capture_output=True,
            text=True,
            **options,
        )

    def enqueue(self, problems: list[dict], seconds: float) -> float:
        path = self.directory / "problems.jsonl"
        path.write_text("".join(json.dumps(p) + "\n" for p in problems))
        started = time.perf_counter()
        self.manage(["benchmark_rota", "--enqueue", str(path), "--batch-seconds", str(seconds)])
        return time.perf_counter() - started

    def drain(self, workers: int) -> float:
        """Start `workers` db_worker processes that each exit once the queue is empty; the
        seconds until the last has exited."""
        log = (self.directory / f"workers-{workers}.log").open("a")
        started = time.perf_counter()
        command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "db_worker", "--batch"]
        command += ["--no-reload", "--no-startup-delay", "--interval", "0.05"]
        processes = [
            subprocess.Popen(
                [*command, "--worker-id", f"batch-{workers}-{n + 1}"],
                env=self.env,
                cwd=settings.BASE_DIR,
                stdout=log,
                stderr=log,
            )
            for n in range(workers)
        ]
        for process in processes:
            process.wait()
        seconds = time.perf_counter() - started
        log.close()
        failed = [p.returncode for p in processes if p.returncode]
        if failed:
            raise RuntimeError(f"A batch worker exited with {failed[0]}: see {log.name}")
        return seconds

    def collect(self) -> list[dict]:
        path = self.directory / "results.json"
        self.manage(["benchmark_rota", "--collect", str(path)])
        return json.loads(path.read_text())

    def run(self, problems: list[dict], workers: int, seconds: float) -> Drained:
        enqueue_seconds = self.enqueue(problems, seconds)
        drained = self.drain(workers)
        results = self.collect()
        return Drained(workers, len(problems), drained, results, enqueue_seconds)

    def close(self):
        shutil.rmtree(self.directory, ignore_errors=True)


def measure_batch(config: Config, log) -> Batch:
    started = time.perf_counter()
    problems = [json_io.problem_to_json(p) for p in batch.build_problems()]
    built = Batch(
        pcns=len(problems),
        build_seconds=time.perf_counter() - started,
        seconds=config.batch_seconds,
    )
    log(f"  {len(problems):,} PCNs built in {built.build_seconds:.1f} s")
    if not problems:
        return built
    sample = random.Random(BATCH_SAMPLE_SEED).sample(
        problems, min(config.batch_sample, len(problems))
    )
    queue = Queue()
    try:
        for workers in (1, 2):
            drained = queue.run(sample, workers, config.batch_seconds)
            built.sample.append(drained)
            log(f"  sample of {len(sample)}, {workers} worker(s): {_drained_line(drained)}")
        if config.full_batch:
            built.full = queue.run(problems, 2, config.batch_seconds)
            log(f"  every PCN, 2 workers: {_drained_line(built.full)}")
    finally:
        queue.close()
    return built


def _drained_line(d: Drained) -> str:
    statuses = ", ".join(f"{n} {s}" for s, n in d.statuses.most_common())
    return f"{d.seconds:.1f} s, {d.per_minute:.0f} PCNs a minute ({statuses})"


# --- the write-up ------------------------------------------------------------------------------


def verdict(met: bool) -> str:
    return "**met**" if met else "**not met**"


def _gap(value):
    return "—" if value is None else f"{value:.1%}"


def _number(value, digits=0):
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def network_table(n: Network) -> str:
    o, b = n.optimiser, n.baseline
    broken = ", ".join(f"{rule} {count}" for rule, count in sorted(b.broken.items())) or "none"
    rows = [
        ("Time (s)", _number(n.median("seconds"), 1), f"{n.baseline_seconds:.3f}"),
        ("First rota keeping every hard rule (s)", _number(n.median("first"), 1), "—"),
        ("Objective (soft penalties)", _number(n.median("objective")), _number(b.objective)),
        ("Proven bound", _number(n.median("bound")), "—"),
        (
            "Gap to the bound",
            _gap(n.median("gap")),
            f"{_gap(n.baseline_gap)} (to the best bound, {_number(n.best_bound)})",
        ),
        ("Hard rules broken", _number(o.hard_broken), f"{b.hard_broken} ({broken})"),
        ("Fair-share deviation (sessions)", _number(o.fair_share_deviation), _number(b.fair_share_deviation)),
        ("  of which below the agreed sessions", _number(o.shortfall), _number(b.shortfall)),
        ("Practices a person works at in a week", f"{o.practices_a_week:.2f}", f"{b.practices_a_week:.2f}"),
        ("Sessions away from home base", _number(o.away_from_home), _number(b.away_from_home)),
    ]  # fmt: skip
    body = "\n".join(f"| {name} | {mine} | {theirs} |" for name, mine, theirs in rows)
    return (
        f"| {n.name} | Optimiser ({len(n.runs)} run median) | Baseline |\n|---|---:|---:|\n{body}"
    )


def markdown(demo: Network, replan: Replan, generated: list[Network], batch: Batch, config) -> str:
    sections = [
        _intro(config),
        _demo_section(demo, replan, config),
        _generated_section(generated, config),
        _batch_section(batch, config),
    ]
    return "\n\n".join(s.strip() for s in sections) + "\n"


def _intro(config: Config) -> str:
    quick = " --quick" if config.quick else ""
    return f"""
`python manage.py benchmark_rota{quick}` — the optimiser (CP-SAT, `engine/rota/solve.py`) against
what managers do by hand today, computed in the same run on the same problems: an equal split of
each person's sessions over the practices that opted in to a service they deliver, whole days
at a time, rooms and practice limits not looked at (`engine/rota/baseline.py`). Both rotas are
scored by the same rules (`validate()`); the baseline's hard-rule breaches are counted, not
repaired. Solves use every core (2) and stop early within {TARGET_GAP:.0%} of the proven bound.

- **Fair-share deviation**: Σ |sessions delivered − sessions agreed| over every practice,
  service and week (a practice with no target for a service counts as 0).
- **Practices a week**: the practices a person works at in a week (the hub not counted), mean
  over the weeks each person works.
- **Away from home**: sessions someone works away from their home base.
"""


def _demo_section(n: Network, r: Replan, config: Config) -> str:
    gap = n.median("gap")
    fast = (n.median("seconds") or 0) <= TARGET_SECONDS + 0.5
    near = gap is not None and gap <= TARGET_GAP
    better = n.better_than_baseline()
    beats = ", ".join(f"{name} {'better' if ok else 'not better'}" for name, ok in better.items())
    return f"""
### The demo network, {WEEKS} weeks

The demo network ({n.name}: {n.people} people, {n.practices} practices, built by
`pcn.networks.demo.build` and rolled back after), {WEEKS} weeks from the Monday after next on its
agreed allocation; {_solves(config)}, then one of {config.long_seconds:g} s.

{network_table(n)}

- Within {TARGET_GAP:.0%} of the proven bound in ≤ {TARGET_SECONDS:g} s: {verdict(near and fast)}
  — median gap {_gap(gap)} at {_number(n.median("seconds"), 1)} s (bounds
  {", ".join(_number(run.bound) for run in n.runs)}). After {config.long_seconds:g} s:
  gap {_gap(n.long.gap)}, objective {_number(n.long.objective)}, bound
  {_number(n.long.bound)} ({n.long.seconds:.1f} s).
- Of the first solve's objective of {_number(n.optimiser.objective)},
  {_number(n.optimiser.penalties.get("fair_share_shortfall", 0))} is its
  {n.optimiser.shortfall} sessions below the agreed sessions (100 each). The agreed allocation
  shares out all the staff time, so a week with leave leaves practices short whatever the rota;
  the bounds CP-SAT proves in the time do not account for that.
- Better than the baseline on fair-share deviation, practices a week and sessions away from
  home: {verdict(all(better.values()))} ({beats}).

**Re-plan after a week of leave.** The first solve's rota is taken as published; then
{r.person}, who works the most sessions in week {r.leave_week + 1}, has approved leave for the
whole of that week, and the plan is solved again ({config.seconds:g} s) with the published rota
to keep to (`change_from_published`, 8 a session). Each objective is the rota's score on its own
problem (with the leave, but for the first and last rows), changes included; lower is better.

| | Published sessions changed | Objective | Below agreed sessions |
|---|---:|---:|---:|
| Published rota, before the leave | — | {_number(r.published.objective)} | {r.published.shortfall} |
| Only the forced changes: their week's sessions dropped | **{r.minimum}** | {_number(r.forced.objective)} | {r.forced.shortfall} |
| **Re-plan, keeping to the published rota** | **{r.replan.changed}** | {_number(r.replan.objective)} | {r.replan.shortfall} |
| Fresh solve, ignoring the published rota | {r.fresh.changed} | {_number(r.fresh.objective)} | {r.fresh.shortfall} |
| Control: re-plan with no leave at all | {r.unchanged.changed} | {_number(r.unchanged.objective)} | {r.unchanged.shortfall} |

- Changes no more sessions than needed: {verdict(r.extra <= 0)} — {r.replan.changed} changed
  against a minimum of {r.minimum}{_extra(r)}
"""


def _extra(r: Replan) -> str:
    if r.extra <= 0:
        return f"; a fresh solve would change {r.fresh.changed}."
    short = (
        f", and the sessions below agreed from {r.forced.shortfall} to {r.replan.shortfall}"
        if r.forced.shortfall != r.replan.shortfall
        else ""
    )
    control = (
        f" The published rota was {_gap(r.published_gap)} from its bound, so a re-plan also "
        f"improves it where a change pays: with no leave at all it changes {r.unchanged.changed}."
        if r.unchanged.changed
        else ""
    )
    return (
        f". The {r.extra} other moves are the optimiser's trade, each costing 8: they take the "
        f"objective from {_number(r.forced.objective)} (forced changes only) to "
        f"{_number(r.replan.objective)}{short}.{control} A fresh solve changes {r.fresh.changed}."
    )


def _generated_section(generated: list[Network], config: Config) -> str:
    tables = "\n\n".join(network_table(n) for n in generated)
    firsts = [run.first for n in generated for run in n.runs]
    feasible = all(n.all_feasible for n in generated) and all(
        f is not None and f <= TARGET_SECONDS for f in firsts
    )
    long = generated[0].long
    return f"""
### Generated networks of {GENERATED_SIZE["people"]} people and {GENERATED_SIZE["practices"]} practices, {WEEKS} weeks

`engine.rota.generate.generated_problem(seed, people={GENERATED_SIZE["people"]},
practices={GENERATED_SIZE["practices"]}, weeks={WEEKS})` for seeds
{", ".join(str(s) for s in config.seeds)}: {config.seconds:g} s each{_repeat_note(config)}, and one
{config.long_seconds:g} s solve of seed {config.seeds[0]}.

{tables}

- A rota keeping every hard rule in ≤ {TARGET_SECONDS:g} s: {verdict(feasible)} — first rota after
  {", ".join(_number(f, 1) for f in firsts)} s; gap at {config.seconds:g} s:
  {", ".join(_gap(n.median("gap")) for n in generated)}.
- Gap after {config.long_seconds:g} s (seed {config.seeds[0]}): {_gap(long.gap)} (objective
  {_number(long.objective)}, bound {_number(long.bound)}, {long.seconds:.1f} s).
"""


def _solves(config: Config) -> str:
    if config.repeat == 1:
        return f"one solve of {config.seconds:g} s (seed 0)"
    return (
        f"{config.repeat} solves of {config.seconds:g} s (seeds 0 to {config.repeat - 1}; medians)"
    )


def _repeat_note(config: Config) -> str:
    return (
        f" ({config.repeat} runs, seeds 0 to {config.repeat - 1}; medians)"
        if config.repeat > 1
        else ""
    )


def _drained_row(label, d: Drained) -> str:
    s = d.statuses
    slowest = d.slowest
    return (
        f"| {label} | {d.pcns:,} | {d.workers} | {d.seconds:,.1f} | {d.per_minute:,.0f} | "
        f"{s.get('optimal', 0):,} / {s.get('feasible', 0):,} / {s.get('infeasible', 0):,} / "
        f"{sum(n for k, n in s.items() if k not in ('optimal', 'feasible', 'infeasible')):,} | "
        f"{_gap(d.median_gap)} | {_number(d.median_task_seconds, 2)} | "
        f"{_number(slowest.get('task_seconds'), 1)} ({slowest.get('people', '—')} people) |"
    )


def _batch_section(b: Batch, config: Config) -> str:
    if not b.sample:
        return "### Every PCN in the NHS workforce file\n\nNo workforce records are loaded."
    sample = b.sample[0].pcns
    rows = [_drained_row(f"Sample of {sample}", d) for d in b.sample]
    if b.full is not None:
        rows.append(_drained_row("**Every PCN**", b.full))
    speed_up = b.speed_up
    one, two = b.sample[0], b.sample[1]
    slower = two.median_task_seconds / one.median_task_seconds - 1
    lines = [
        f"- Speed-up from 1 to 2 workers on the same {sample} PCNs: {speed_up:.2f}× "
        f"(≥ {SPEED_UP_TARGET}× counts as in proportion on 2 cores) — "
        f"{verdict(speed_up >= SPEED_UP_TARGET)}. With two at once each PCN's solve takes "
        f"{slower:+.0%} longer (median {one.median_task_seconds:.2f} s against "
        f"{two.median_task_seconds:.2f} s), and the workers' start and the last PCN's solve "
        "are not shared."
    ]
    if b.full is not None:
        full = b.full_seconds
        lines.insert(
            0,
            f"- Every one of the {b.pcns:,} PCNs in ≤ {BATCH_TARGET_SECONDS // 60} minutes: "
            f"{verdict(full <= BATCH_TARGET_SECONDS and b.full.solved == b.pcns)} — "
            f"{full / 60:.1f} minutes with 2 workers (building the problems "
            f"{b.build_seconds:.1f} s, queueing {b.full.enqueue_seconds:.1f} s, workers "
            f"{b.full.seconds:.1f} s); {b.full.solved:,} of {b.pcns:,} with a rota.",
        )
        one_worker = b.full.seconds * b.speed_up if b.speed_up else None
        lines.append(
            f"- One worker was timed on the sample only: at the sample's rate, every PCN would take "
            f"about {_number(one_worker / 60 if one_worker else None, 1)} minutes on one."
        )
    else:
        lines.insert(0, "- Every PCN: not run (`--quick` times the sample only).")
    return f"""
### Every PCN in the NHS workforce file, one week each, through the task workers

Each of the {b.pcns:,} PCNs in the workforce file's latest census becomes a one-week rota
problem from the reference data alone (`pcn/rota/batch.py`): a person per workforce record, with
its role through the NHS role map (records in no ARRS role do network work at the hub) and
FTE × 10 sessions a week (at most 10); the practice map's practices; and, from a seed per PCN,
working days, a day or two of leave for about 1 in 10, home bases (60% a practice, 25% the
hub), a team per service family meeting weekly, the first person of each role supervising the
others, and 1–3 rooms a session per practice. Targets are the allocation engine's, on the staff
time of the people built, with the allocation benchmark's rooms and opt-ins. Each problem is
queued as JSON, one task per PCN, in a database of its own, and solved by `manage.py db_worker
--batch` processes, each solve on one core for {b.seconds:g} s of CP-SAT's deterministic time
(stopping early within {TARGET_GAP:.0%}; halved from 1 s, which takes about 2 s of wall clock a
PCN with the model building and explanation, too long for 20 minutes on 2 workers). The sample is {sample} PCNs drawn with a fixed seed
({BATCH_SAMPLE_SEED}), timed with one worker and then two.

| Run | PCNs | Workers | Seconds | PCNs a minute | Optimal / feasible / infeasible / other | Median gap | Median s a PCN | Slowest s |
|---|---:|---:|---:|---:|---|---:|---:|---:|
{chr(10).join(rows)}

{chr(10).join(lines)}
"""
