"""What the tests that start real processes (browser, production, processes) share: a free port,
and a database of their own so a server never touches the test database.

Every database starts from one **reference database**, built once per test session by the
commands an operator runs (`migrate`, then `load_reference`, with the production settings) and
then copied: a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL. Loading the
shipped NHS files is the slowest step of every build, and the servers and (when the tests run
on several workers) each worker's test database used to do it again for themselves. Under
pytest-xdist the first worker that needs it builds it while the others wait on a file lock in
the session's shared temporary folder."""

import fcntl
import json
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from tests import clock

ROOT = Path(__file__).resolve().parents[1]
# The reference files are loaded an hour before the tests' moment (clock.NOW), the same day:
# whatever a test world, a demo or a journey makes afterwards is newer than the load.
LOADED_BEFORE_NOW = 3600


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, seconds):
    """Whether something answers on the loopback `port` within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def production_env(workdir, **settings):
    """The environment an operator gives `make serve`: production settings, a fresh key, the
    hosts and the data folder; `settings` adds or replaces variables."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "pcn.config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PCN_DATA_DIR": str(workdir),
            **settings,
        }
    )
    return env


def on_several_workers():
    return bool(os.environ.get("PYTEST_XDIST_WORKER"))


def _session_folder(tmp_path_factory) -> Path:
    """A folder every worker of this test session shares (xdist gives each worker its own
    basetemp beneath it), and no other session sees."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if on_several_workers() else base


@contextmanager
def _locked(path: Path):
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _postgres(url, name=None):
    parts = urlparse(url)
    if name is None:
        return parts.path.lstrip("/") or "pcn"
    return urlunparse(parts._replace(path=f"/{name}"))


def _admin(statements):
    import psycopg

    url = os.environ["DATABASE_URL"]
    with psycopg.connect(_postgres(url, "postgres"), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def reference(tmp_path_factory) -> dict:
    """The session's reference database, built on first use: {"sqlite": path of the file} or
    {"postgres": database name, "url": its URL}, with "seconds" it took to build."""
    folder = _session_folder(tmp_path_factory)
    done = folder / "reference-database.json"
    with _locked(folder / "reference-database.lock"):
        if done.exists():
            return json.loads(done.read_text())
        started = time.monotonic()
        built = _build_reference(folder / "reference-database")
        built["seconds"] = round(time.monotonic() - started, 1)
        done.write_text(json.dumps(built))
        return built


def _build_reference(workdir: Path) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    env = production_env(
        workdir, ALLOWED_HOSTS="127.0.0.1", **{clock.EPOCH: str(clock.real_time() + LOADED_BEFORE_NOW)}
    )
    url = os.environ.get("DATABASE_URL")
    built = {"sqlite": str(workdir / "pcn.sqlite3")}
    if url:
        name = f"{_postgres(url)}_reference"
        _admin([f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'])
        built = {"postgres": name, "url": _postgres(url, name)}
        env["DATABASE_URL"] = built["url"]
    manage = [sys.executable, "-m", "tests.clock", str(ROOT / "manage.py")]
    for command in (["migrate", "--no-input"], ["load_reference"]):
        done = subprocess.run(
            manage + command, env=env, cwd=ROOT, capture_output=True, text=True, check=False
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(command)} failed:\n{done.stderr[-3000:]}")
    if not url:
        # One self-contained file (no write-ahead log beside it), to copy as it is.
        conn = sqlite3.connect(built["sqlite"], isolation_level=None)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.close()
    return built


def own_database(suffix, workdir: Path, tmp_path_factory):
    """A copy of the reference database for a server: on SQLite the file `workdir/pcn.sqlite3`
    (its PCN_DATA_DIR) and None; on PostgreSQL a database named after DATABASE_URL's plus
    `_suffix`, and its URL."""
    built = reference(tmp_path_factory)
    if "sqlite" in built:
        workdir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built["sqlite"], workdir / "pcn.sqlite3")
        return None
    url = os.environ["DATABASE_URL"]
    name = f"{_postgres(url)}_{suffix}"
    # One copy at a time: PostgreSQL copies a template only while nobody else is connected to it.
    with _locked(_session_folder(tmp_path_factory) / "reference-database.lock"):
        _admin(
            [
                f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                f'CREATE DATABASE "{name}" TEMPLATE "{built["postgres"]}"',
            ]
        )
    return _postgres(url, name)


def restore_reference_into(connection, tmp_path_factory):
    """On SQLite, fills the (in-memory, migrated) test database with the reference database, so
    a worker does not load the NHS files again. On PostgreSQL the test database was made from
    the reference as its template (tests/conftest.py), and there is nothing to do."""
    built = reference(tmp_path_factory)
    if "sqlite" not in built:
        return
    from django.contrib.contenttypes.models import ContentType

    connection.ensure_connection()
    source = sqlite3.connect(built["sqlite"])
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    # The ids the migration gave content types in memory may differ from the reference's.
    ContentType.objects.clear_cache()
