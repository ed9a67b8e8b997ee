"""Real processes on a database of their own: servers and task workers started, sent requests
at the same moment, and killed with SIGKILL, as a machine might.

The database is built once per test session by the commands a user runs (a fresh SQLite file,
or a fresh PostgreSQL database beside the test one when DATABASE_URL is set), on the tests'
clock, with a short silence limit for solves (PCN_ROTA_SOLVE_SILENCE_SECONDS) so a lost worker
is noticed in seconds. Every test here runs on one test worker (the `processes` group), which
builds it; what a test leaves behind is its own plan or its own people.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests import clock
from tests.servers import free_port, own_database

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "commons-demo-2026"
PCN = "U35980"
SILENCE_SECONDS = 15  # longer than a busy machine takes to build the problem
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def demo_email(role):
    return f"{role}.{PCN.lower()}@demo.pcn-commons.local"


class World:
    def __init__(self, workdir, tmp_path_factory):
        self.workdir = workdir
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "pcn.config.settings.dev",
            "PCN_DATA_DIR": str(workdir),
            "PCN_ROTA_SOLVE_SILENCE_SECONDS": str(SILENCE_SECONDS),
            # One clock for every process here: the server judges the worker's heartbeat.
            clock.EPOCH: str(clock.real_time()),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(workdir / "mail"),
        }
        # The NHS files come loaded (tests/servers.py).
        self.database_url = own_database("processes", workdir, tmp_path_factory)
        if self.database_url:
            self.env["DATABASE_URL"] = self.database_url
        self.manage = [sys.executable, "-m", "tests.clock", str(ROOT / "manage.py")]
        self.children = []

    def run(self, *command):
        done = subprocess.run(
            self.manage + list(command), env=self.env, cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def python(self, code):
        """Runs code with Django set up on this world's database; returns what it printed."""
        return self.run("shell", "--no-imports", "-c", code).strip()

    def start(self, *command):
        process = subprocess.Popen(
            self.manage + list(command),
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.children.append(process)
        return process

    def server(self):
        """A runserver process (a thread a request, each with its own database connection);
        returns (process, base URL)."""
        port = free_port()
        process = self.start("runserver", "--noreload", f"127.0.0.1:{port}")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return process, f"http://127.0.0.1:{port}"
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("The server did not start within 60 seconds")

    def worker(self):
        # No reloader: it would start the worker again in a process off the tests' clock.
        return self.start("db_worker", "--interval", "0.2", "--no-reload")

    def write_transaction_open(self):
        """Whether some connection holds a write transaction on this world's database."""
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url, autocommit=True) as conn:
                return (
                    conn.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
                    ).fetchone()[0]
                    > 0
                )
        import sqlite3

        conn = sqlite3.connect(self.workdir / "pcn.sqlite3", timeout=0, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            conn.close()

    def stop_all(self):
        for child in self.children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()


@pytest.fixture(scope="session")
def world(tmp_path_factory):
    built = World(tmp_path_factory.mktemp("processes"), tmp_path_factory)
    built.run("migrate", "--no-input")
    built.run("demo", "--rota-seconds", "0")
    yield built
    built.stop_all()


def signed_in(base, role="pcn-manager"):
    """A requests session signed in to the demo network as `role`."""
    session = requests.Session()
    page = session.get(f"{base}/sign-in/")
    answer = session.post(
        f"{base}/sign-in/",
        data={
            "csrfmiddlewaretoken": token(page.text),
            "email": demo_email(role),
            "password": PASSWORD,
        },
        allow_redirects=False,
    )
    assert answer.status_code == 302, "could not sign in"
    # Signing in renews the CSRF cookie; the network is chosen with it.
    chosen = session.post(
        f"{base}/networks/{PCN}/choose/",
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
    )
    assert chosen.status_code == 200 and "/home/" in chosen.url
    return session


def token(html):
    return CSRF.search(html).group(1)
