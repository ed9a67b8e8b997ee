"""Ten people pressing "optimise" on one plan at the same moment queue one solve: the others are
told it is already being optimised. Real threads, each request handled by the server in its own
thread with its own database connection, on SQLite and on PostgreSQL."""

import threading

import pytest

from .conftest import signed_in, token

pytestmark = pytest.mark.xdist_group("processes")

CREATE_PLAN = """
from datetime import date
from pcn.networks.models import Network
from pcn.rota import actions
network = Network.objects.get(pcn_code="U35980")
manager = network.memberships.get(role="pcn_manager").user
print(actions.create_plan(network=network, start=date({start}), weeks=1, by=manager).pk)
"""
PEOPLE = 10


def test_ten_optimise_requests_at_once_queue_exactly_one_solve(world):
    plan_id = world.python(CREATE_PLAN.format(start="2026, 11, 30"))
    server, base = world.server()
    sessions = [signed_in(base) for _ in range(PEOPLE)]
    forms = [token(s.get(f"{base}/rota/{plan_id}/").text) for s in sessions]
    together = threading.Barrier(PEOPLE)
    pages = [None] * PEOPLE

    def press(number):
        together.wait()
        pages[number] = (
            sessions[number]
            .post(
                f"{base}/rota/{plan_id}/optimise/",
                data={"csrfmiddlewaretoken": forms[number], "seconds": 10},
            )
            .text
        )

    threads = [threading.Thread(target=press, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    server.kill()
    server.wait()

    runs = world.python(
        f"from pcn.rota.models import SolveRun; print(SolveRun.objects.filter(plan={plan_id})"
        ".values_list('status', flat=True).count())"
    )
    assert runs == "1"
    assert sum("Re-optimising" in page for page in pages) == 1
    assert sum("already being optimised" in page for page in pages) == PEOPLE - 1
