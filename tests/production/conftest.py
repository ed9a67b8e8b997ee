"""PCN Commons as `make serve` runs it: production settings, static files collected with hashed
names, gunicorn, and a task worker, on a database of its own (a fresh SQLite file, or a fresh
PostgreSQL database beside the tests' when DATABASE_URL is set), built by the commands an
operator runs, on the tests' clock. Started once per test session, on one worker (the
`production` group); requests come as through a TLS proxy, with X-Forwarded-Proto: https.
"""

import http.client
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode, urljoin

import pytest

from tests import servers
from tests.servers import free_port, own_database

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = Path(__file__).parent
DEMO_PASSWORD = "commons-demo-2026"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """One worker starts the server and runs every test that uses it (before xdist sorts)."""
    for item in items:
        if PRODUCTION in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("production"))


def production_env(workdir):
    """The environment an operator gives `make serve`, with static files and mail in `workdir`."""
    return servers.production_env(
        workdir,
        STATIC_ROOT=str(workdir / "static"),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(workdir / "mail"),
    )


class Visitor:
    """A tiny HTTP client that speaks to the server as a TLS proxy would pass requests on
    (X-Forwarded-Proto: https) and keeps its cookies, Secure ones included."""

    def __init__(self, port):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies = {}

    def request(self, method, path, body=None, headers=None, https=True):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if https:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode(body)
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        response.content = content
        response.text = content.decode("utf-8", "replace")
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def sign_in(self, email, password=DEMO_PASSWORD):
        page = self.get("/sign-in/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = self.request(
            "POST",
            "/sign-in/",
            body={"csrfmiddlewaretoken": token, "email": email, "password": password},
            headers={"Origin": self.origin, "Referer": urljoin(self.origin, "/sign-in/")},
        )
        assert response.status == 302, f"{email} could not sign in ({response.status})"
        return self


@pytest.fixture(scope="session")
def production(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("production")
    env = production_env(workdir)
    # A copy of the session's reference database, which `migrate` and `load_reference` built
    # with these settings (tests/servers.py); here they run again as each start runs them.
    database_url = own_database("production", workdir, tmp_path_factory)
    if database_url:
        env["DATABASE_URL"] = database_url
    python = [sys.executable, "-m", "tests.clock"]
    manage = [*python, str(ROOT / "manage.py")]

    def run(*command):
        done = subprocess.run(
            [*manage, *command], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, f"manage.py {' '.join(command)} failed:\n{done.stderr}"
        return done.stdout

    for command in (
        ["migrate", "--no-input"],
        ["load_reference"],
        ["demo", "--rota-seconds", "1"],
        ["collectstatic", "--no-input"],
    ):
        run(*command)
    walk = json.loads(
        run("shell", "-c", "from tests.production.pages import main; main()").splitlines()[-1]
    )
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(
        [
            *python,
            gunicorn,
            "pcn.config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
            "--threads",
            "4",
            "--access-logfile",
            "-",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(workdir / "gunicorn.log", "w"),  # noqa: SIM115 (open while it runs)
    )
    worker = subprocess.Popen(
        [*manage, "db_worker", "--interval", "0.5", "--no-reload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if not servers.wait_for_port(port, 60):
        server.kill()
        worker.kill()
        raise RuntimeError("gunicorn did not start within 60 seconds")
    yield {
        "port": port,
        "url": f"http://127.0.0.1:{port}",
        "env": env,
        "manage": manage,
        "run": run,
        "pages": walk["pages"],
        "sign_ins": walk["sign_ins"],
        "log": workdir / "gunicorn.log",
        "static_root": workdir / "static",
    }
    for child in (server, worker):
        child.terminate()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


@pytest.fixture
def visitor(production):
    """Someone not signed in; `visitor.sign_in(email)` signs them in."""
    return Visitor(production["port"])
