"""The several-workers benchmark: what it refuses, and what its write-up says from its runs."""

import pytest
from django.core.management import CommandError, call_command

from pcn.benchmarks.rota import many_workers
from pcn.benchmarks.rota.workers import Drained


def _drained(workers, seconds, by_worker, claims=1, pcns=4):
    results = [
        {"status": "feasible", "worker": worker, "claims": claims, "task_seconds": 1.0}
        for worker, count in by_worker.items()
        for _ in range(count)
    ]
    return Drained(workers, pcns, seconds, results)


def _scaling(claims=1, finished=4):
    scaling = many_workers.Scaling(pcns=4, seconds=0.5, runs=2, postgres="15.20")
    scaling.drained = {
        1: [_drained(1, 10.0, {"w1": finished}), _drained(1, 12.0, {"w1": 4})],
        2: [_drained(2, 6.0, {"a": 2, "b": 2}, claims), _drained(2, 5.0, {"a": 3, "b": 1})],
    }
    return scaling


def test_the_ratio_is_the_one_worker_median_over_the_two_worker_median():
    scaling = _scaling()
    assert scaling.median(1) == 11.0
    assert scaling.median(2) == 5.5
    assert scaling.ratio(2) == 2.0
    assert scaling.shares(2) == [5, 3]
    text = many_workers.markdown(scaling, "python manage.py benchmark_workers")
    assert "| 2 | 5.5 | 6.0, 5.0 | 44 |" in text
    assert "**2.00×**" in text
    assert "Round by round (each round runs one worker and two back to back): 1.67×, 2.40×" in text
    assert "claimed by exactly one worker: **yes**" in text
    assert "tasks not finished: 0" in text


def test_a_task_run_twice_or_lost_is_said():
    text = many_workers.markdown(_scaling(claims=2, finished=3), "benchmark_workers")
    assert "**no**, 4 ran twice" in text
    assert "tasks not finished: 1" in text


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"pcns": 0}, "--pcns"),
        ({"pcns": 2001}, "--pcns"),
        ({"runs": 0}, "--runs"),
        ({"runs": 21}, "--runs"),
        ({"batch_seconds": 0}, "--batch-seconds"),
        ({"batch_seconds": 61}, "--batch-seconds"),
    ],
)
def test_out_of_range_options_are_refused_by_name(options, named):
    with pytest.raises(CommandError, match=named):
        call_command("benchmark_workers", **options)


def test_the_queue_must_be_postgresql(db):
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("benchmark_workers", queue_database="sqlite:///tmp/queue.sqlite3")
