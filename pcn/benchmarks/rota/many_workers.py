"""Batch work on several workers against one PostgreSQL: the same rota solves queued as tasks
in one PostgreSQL database and drained by one `db_worker` process, then by two, as workers on
several hosts would (each claims a task with SELECT … FOR UPDATE SKIP LOCKED). Alternating
runs, so a busy neighbour on the shared machine slows both counts alike."""

import random
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlparse, urlunparse

from engine.rota import json_io
from pcn.benchmarks.rota import batch
from pcn.benchmarks.rota.config import BATCH_SAMPLE_SEED
from pcn.benchmarks.rota.workers import Drained, Queue

SECTION = "Batch work on several workers against one PostgreSQL"
DEFAULT_QUEUE = "postgres://postgres@127.0.0.1:5432/pcn_workers"
WORKER_COUNTS = (1, 2)


@dataclass
class Scaling:
    pcns: int
    seconds: float  # CP-SAT's deterministic time a PCN
    runs: int
    postgres: str  # the server's version
    drained: dict[int, list[Drained]] = field(default_factory=dict)  # workers -> runs

    def median(self, workers) -> float:
        return statistics.median(d.seconds for d in self.drained[workers])

    def ratio(self, workers) -> float:
        """How many times faster than one worker (median against median)."""
        return self.median(1) / self.median(workers)

    def paired_ratios(self) -> list[float]:
        """One worker's time over two workers' in the same round (the two ran back to back),
        which a neighbour's load swinging between rounds disturbs less than the medians."""
        return [
            one.seconds / two.seconds
            for one, two in zip(self.drained[1], self.drained[2], strict=True)
        ]

    def claimed_twice(self) -> int:
        return sum(
            1 for runs in self.drained.values() for d in runs for r in d.results if r["claims"] != 1
        )

    def lost(self) -> int:
        """Tasks queued but not finished, over every run."""
        return sum(d.pcns - len(d.results) for runs in self.drained.values() for d in runs)

    def shares(self, workers) -> list[int]:
        """Tasks each worker took, over every run with `workers` workers, largest first."""
        counts = Counter(r["worker"] for d in self.drained[workers] for r in d.results)
        return sorted(counts.values(), reverse=True)


def fresh_database(url: str) -> tuple[str, str]:
    """Drops and creates the database `url` names; returns the URL and the server's version."""
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql") or not name:
        raise ValueError("The queue must be a PostgreSQL database: postgres://…/NAME")
    with psycopg.connect(urlunparse(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
        version = conn.execute("SHOW server_version").fetchone()[0].split()[0]
    return url, version


def measure(*, pcns: int, runs: int, seconds: float, queue_url: str, log) -> Scaling:
    problems = [json_io.problem_to_json(p) for p in batch.build_problems()]
    sample = random.Random(BATCH_SAMPLE_SEED).sample(problems, min(pcns, len(problems)))
    url, version = fresh_database(queue_url)
    scaling = Scaling(len(sample), seconds, runs, version, {w: [] for w in WORKER_COUNTS})
    queue = Queue(database_url=url)
    try:
        for run in range(runs):
            order = WORKER_COUNTS if run % 2 == 0 else tuple(reversed(WORKER_COUNTS))
            for workers in order:
                started = time.perf_counter()
                drained = queue.run(sample, workers, seconds)
                scaling.drained[workers].append(drained)
                log(
                    f"  run {run + 1}, {workers} worker(s): {drained.seconds:.1f} s draining "
                    f"({time.perf_counter() - started:.1f} s with queueing and collecting)"
                )
    finally:
        queue.close()
    return scaling


def markdown(s: Scaling, command: str) -> str:
    rows = []
    for workers in WORKER_COUNTS:
        runs = s.drained[workers]
        each = ", ".join(f"{d.seconds:.1f}" for d in runs)
        solve = statistics.median(d.median_task_seconds for d in runs)
        ratio = "1.00× (baseline)" if workers == 1 else f"**{s.ratio(workers):.2f}×**"
        rows.append(
            f"| {workers} | {s.median(workers):.1f} | {each} | "
            f"{s.pcns / s.median(workers) * 60:.0f} | {solve:.2f} | "
            f"{' / '.join(str(n) for n in s.shares(workers))} | {ratio} |"
        )
    statuses = Counter(
        r.get("status") for runs in s.drained.values() for d in runs for r in d.results
    )
    return f"""
`{command}`: {s.pcns} PCNs drawn with a fixed seed ({BATCH_SAMPLE_SEED}) from the rota batch's
one-week problems (`pcn/benchmarks/rota/batch.py`), each queued as a `solve_network` task
(django-tasks, database backend) in one PostgreSQL {s.postgres} database of their own, and
drained by `manage.py db_worker --batch` processes: one, then two, as workers on two hosts would
run against one PostgreSQL (`DATABASE_URL` the same for each). Each solve is {s.seconds:g} s of
CP-SAT's deterministic time on one core. {s.runs} runs of each, alternating which goes first;
the table gives the median and every run. Seconds are from starting the workers until the last
exits (each exits when it finds the queue empty), so the workers' start-up counts.

| Workers | Median s | Each run (s) | PCNs a minute | Median s a solve | Tasks each worker took (all runs) | Against 1 worker |
|---:|---:|---|---:|---:|---|---:|
{chr(10).join(rows)}

- Round by round (each round runs one worker and two back to back): {", ".join(f"{r:.2f}×" for r in s.paired_ratios())}; median **{statistics.median(s.paired_ratios()):.2f}×**.
- Every task was claimed by exactly one worker: {"**yes**" if not s.claimed_twice() else f"**no**, {s.claimed_twice()} ran twice"}; tasks not finished: {s.lost()}. Outcomes over all runs: {", ".join(f"{n} {k}" for k, n in statuses.most_common())}.
- The machine has 2 cores and is shared with other people's work, so two workers cannot be more than 2× one, and a neighbour's load lowers the ratio; "median s a solve" rising with two workers is the two solves sharing the cores, not the queue.
"""
