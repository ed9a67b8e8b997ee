"""The optimiser runs as a task in a `manage.py db_worker` process, never in a request.

The solver works in its own thread while this one records its progress every half second,
so the page's progress bar moves and the database is only touched from one thread.
"""

import threading
import time

from django_tasks import task

from engine.rota import json_io
from engine.rota import solve as solver

from . import actions, problems
from .models import SolveRun

PROGRESS_EVERY = 0.5  # seconds between progress writes
STOP_AT_GAP = 0.01  # within 1% of the proven bound is good enough for a PCN rota


class _Progress:
    def __init__(self):
        self.fraction, self.objective, self.bound = 0.0, None, None

    def __call__(self, fraction, objective, bound):
        self.fraction, self.objective, self.bound = fraction, objective, bound


@task()
def solve_plan(run_id):
    # A worker starting work is the moment to notice runs whose worker died before this one.
    actions.fail_stopped_runs()
    run = SolveRun.objects.select_related("plan__network").get(pk=run_id)
    if not actions.run_started(run):
        return  # no longer queued: found stopped (and failed) while it waited
    try:
        _solve(run)
    except Exception as error:  # the page must say what happened, never spin for ever
        actions.run_failed(run, error)
        raise


def _solve(run):
    plan = run.plan
    locked = list(plan.assignments.filter(locked=True).select_related("practice"))
    problem = problems.build(plan, locked=locked)
    progress = _Progress()
    outcome = []
    thread = threading.Thread(
        target=lambda: outcome.append(
            solver.solve(problem, seconds=run.seconds, progress=progress, relative_gap=STOP_AT_GAP)
        ),
        daemon=True,
    )
    started = time.monotonic()
    thread.start()
    while thread.is_alive():
        thread.join(PROGRESS_EVERY)
        elapsed = min(1.0, (time.monotonic() - started) / max(run.seconds, 1))
        actions.run_progressed(
            run,
            progress=max(progress.fraction, elapsed),
            objective=progress.objective,
            bound=progress.bound,
        )
    if not outcome:
        raise RuntimeError("the solver thread ended without a result")
    result = outcome[0]
    data = json_io.result_to_json(result, problem)
    explanation = {**data.get("explanation", {}), "gap_by_rule": data["gap_by_rule"]}
    actions.run_finished(run, result=result, explanation=explanation)
