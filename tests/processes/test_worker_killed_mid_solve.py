"""A task worker killed (SIGKILL) in the middle of a rota solve: the plan never shows "running"
for ever; once the worker has been silent too long, the run is failed and the plan offers to
optimise again, which works."""

import time

import pytest

from .conftest import SILENCE_SECONDS, signed_in, token

pytestmark = pytest.mark.xdist_group("processes")

START_SOLVE = """
from datetime import date
from django.db import transaction
from pcn.networks.models import Network
from pcn.rota import actions
network = Network.objects.get(pcn_code="U35980")
manager = network.memberships.get(role="pcn_manager").user
with transaction.atomic():
    plan = actions.create_plan(network=network, start=date(2026, 12, 7), weeks=1, by=manager)
    actions.start_run(plan=plan, by=manager, seconds=120)
print(plan.pk)
"""
STATUS = "from pcn.rota.models import SolveRun; print(SolveRun.objects.get(plan={}).status)"


def test_a_worker_killed_mid_solve_leaves_the_plan_failed_with_a_retry(world):
    plan_id = world.python(START_SOLVE)
    server, base = world.server()
    session = signed_in(base)
    worker = world.worker()
    deadline = time.monotonic() + 90
    status = ""
    while time.monotonic() < deadline and "<strong>Running</strong>" not in status:
        time.sleep(0.2)
        status = session.get(f"{base}/rota/{plan_id}/status/").text
    assert "<strong>Running</strong>" in status, "the worker never started the solve"
    worker.kill()  # SIGKILL: no chance to record anything
    worker.wait()
    assert world.python(STATUS.format(plan_id)) == "running"  # what the worker left behind

    time.sleep(SILENCE_SECONDS + 1)
    page = session.get(f"{base}/rota/{plan_id}/").text
    assert world.python(STATUS.format(plan_id)) == "failed"
    assert "stopped unexpectedly" in page and "optimise again" in page
    assert "Re-optimise" in page and "Optimiser progress" not in page
    retried = session.post(
        f"{base}/rota/{plan_id}/optimise/",
        data={"csrfmiddlewaretoken": token(page), "seconds": 10},
    ).text
    assert "Re-optimising" in retried and "already being optimised" not in retried
    server.kill()
    server.wait()
