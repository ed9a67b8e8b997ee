"""Every PCN in the NHS workforce file, one week each, solved as a batch by task worker
processes (pcn/benchmarks/rota/batch.py builds the problems)."""

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from engine.rota import json_io
from pcn.benchmarks.rota import batch
from pcn.benchmarks.rota.config import BATCH_SAMPLE_SEED, BATCH_SECONDS, Config
from pcn.benchmarks.rota.quality import median


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
        return median([r.get("gap") for r in self.results])

    @property
    def median_task_seconds(self):
        return median([r.get("task_seconds") for r in self.results])

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
    """A task queue in a database of its own (a SQLite file in a temporary data directory, or
    the empty PostgreSQL database `database_url` names), so the batch never mixes with the
    app's tasks. Workers and the queueing run as separate `manage.py` processes on that
    database, as they would in production."""

    def __init__(self, database_url: str | None = None):
        self.directory = Path(tempfile.mkdtemp(prefix="pcn-rota-batch-"))
        self.env = {
            **os.environ,
            "PCN_DATA_DIR": str(self.directory),
            "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
        }
        self.env.pop("DATABASE_URL", None)
        if database_url:
            self.env["DATABASE_URL"] = database_url
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
