"""A published four-week rota for the demo network, from this week's Monday, so staff see their
week in My work and their calendar. The optimiser runs here in the foreground: a demo has no
task worker yet."""

from datetime import timedelta

from . import actions
from .tasks import solve_plan

DEMO_WEEKS = 4


def build(network, *, manager, today, seconds=5):
    monday = today - timedelta(days=today.weekday())
    plan = actions.create_plan(
        network=network, start=monday, weeks=DEMO_WEEKS, by=manager, today=today
    )
    run = plan.runs.create(seconds=seconds, started_by=manager)
    solve_plan.call(run.pk)
    run.refresh_from_db()
    if run.status == run.Status.DONE:
        plan.refresh_from_db()
        actions.publish(plan=plan, version=plan.version, by=manager)
    return plan, run
