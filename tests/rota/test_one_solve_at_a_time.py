"""One plan has at most one solve queued or running, and a solve whose worker is gone ends
"failed, optimise again" instead of showing "running" for ever.

Requests that arrive together, and a worker killed mid-solve, are tested with real threads and
processes in tests/processes/."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse

from pcn.core.actions import ActionRefused
from pcn.rota import actions
from pcn.rota.models import SolveRun
from tests import clock
from tests.conftest import text

MONDAY = date(2026, 11, 23)


@pytest.fixture
def plan(demo):
    return actions.create_plan(
        network=demo.network, start=MONDAY, weeks=1, by=demo.user("PCN manager")
    )


def _running(plan, *, silent_for):
    """A run a worker took and then said nothing for `silent_for` seconds (before clock.NOW,
    where the tests that use it stop the clock)."""
    beat = clock.NOW - timedelta(seconds=silent_for)
    return SolveRun.objects.create(
        plan=plan,
        status=SolveRun.Status.RUNNING,
        started_at=beat,
        heartbeat_at=beat,
        progress=0.4,
    )


def test_a_second_run_is_refused_while_one_is_queued(demo, plan):
    actions.start_run(plan=plan, by=demo.user("PCN manager"))
    with pytest.raises(ActionRefused, match="already being optimised"):
        actions.start_run(plan=plan, by=demo.user("PCN manager"))
    assert plan.runs.count() == 1


def test_the_database_itself_refuses_a_second_active_run_for_a_plan(demo, plan):
    SolveRun.objects.create(plan=plan)
    with pytest.raises(IntegrityError), transaction.atomic():
        SolveRun.objects.create(plan=plan, status=SolveRun.Status.RUNNING)
    SolveRun.objects.create(plan=plan, status=SolveRun.Status.FAILED)  # finished runs: any number
    assert plan.runs.count() == 2


@override_settings(ROTA_SOLVE_SILENCE_SECONDS=60)
def test_a_run_whose_worker_went_silent_ends_failed_and_the_plan_offers_to_optimise_again(
    demo, plan, as_role, still_clock
):
    run = _running(plan, silent_for=61)
    page = text(as_role("PCN manager").get(reverse("rota:plan", args=[plan.pk])))
    run.refresh_from_db()
    assert run.status == SolveRun.Status.FAILED and run.finished_at is not None
    assert "stopped unexpectedly" in page and "optimise again" in page
    assert "Re-optimise" in page and "Optimiser progress" not in page
    actions.start_run(plan=plan, by=demo.user("PCN manager"))  # not refused
    assert plan.runs.filter(status=SolveRun.Status.QUEUED).count() == 1


@override_settings(ROTA_SOLVE_SILENCE_SECONDS=60)
def test_a_run_whose_worker_reports_keeps_running(demo, plan, as_role, still_clock):
    run = _running(plan, silent_for=5)
    page = text(as_role("PCN manager").get(reverse("rota:run_status", args=[plan.pk])))
    run.refresh_from_db()
    assert run.status == SolveRun.Status.RUNNING and "Optimiser progress" in page


@override_settings(ROTA_SOLVE_SILENCE_SECONDS=60)
def test_a_worker_that_finishes_after_its_run_was_failed_changes_nothing(demo, plan, still_clock):
    run = _running(plan, silent_for=61)
    assert actions.fail_stopped_runs() == 1
    before = plan.assignments.count()
    result = SimpleNamespace(status="feasible", rota=(), objective=1, bound=1, gap=0, conflicts=())
    actions.run_finished(run, result=result, explanation={})
    run.refresh_from_db()
    assert run.status == SolveRun.Status.FAILED and plan.assignments.count() == before


@override_settings(ROTA_SOLVE_SILENCE_SECONDS=60)
def test_a_run_started_long_ago_before_runs_had_heartbeats_ends_failed(demo, plan, still_clock):
    run = _running(plan, silent_for=61)
    SolveRun.objects.filter(pk=run.pk).update(heartbeat_at=None)
    assert actions.fail_stopped_runs(plan=plan) == 1
    run.refresh_from_db()
    assert run.status == SolveRun.Status.FAILED and "optimise again" in run.message
