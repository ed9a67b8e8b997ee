"""A server killed (SIGKILL) while it applies a register import: nothing of the file is saved,
since an import is one transaction."""

import contextlib
import threading
import time

import pytest
import requests

from .conftest import signed_in, token

pytestmark = pytest.mark.xdist_group("processes")

PEOPLE = 4000  # enough that applying them takes seconds, well within the 2 MB upload limit
COUNTS = """
from pcn.core.models import AuditEntry
from pcn.workforce.models import StaffMember
print(StaffMember.objects.count(), AuditEntry.objects.count())
"""


def _register_file():
    rows = ["id,full_name,role,wte"]
    rows += [f",Imported Person {n:04d},clinical-pharmacist,1" for n in range(PEOPLE)]
    return ("\n".join(rows) + "\n").encode()


def test_a_server_killed_mid_import_saves_nothing(world):
    server, base = world.server()
    session = signed_in(base)
    form = session.get(f"{base}/staff/import/").text
    preview = session.post(
        f"{base}/staff/import/",
        data={"csrfmiddlewaretoken": token(form)},
        files={"file": ("register.csv", _register_file(), "text/csv")},
    ).text
    assert f"{PEOPLE:,}" in preview or str(PEOPLE) in preview, preview[-2000:]
    confirm = {
        "csrfmiddlewaretoken": token(preview),
        "token": preview.split('name="token" value="', 1)[1].split('"', 1)[0],
    }
    before = world.python(COUNTS)
    answered = []

    def press():
        # The server is killed mid-request, as intended: no answer comes.
        with contextlib.suppress(requests.ConnectionError):
            answered.append(session.post(f"{base}/staff/import/confirm/", data=confirm))

    pressing = threading.Thread(target=press)
    pressing.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not world.write_transaction_open():
        time.sleep(0.02)
    server.kill()  # SIGKILL, in the middle of the import's transaction
    server.wait()
    pressing.join(timeout=30)

    assert not answered, "the import finished before the server was killed: use a larger file"
    assert world.python(COUNTS) == before
