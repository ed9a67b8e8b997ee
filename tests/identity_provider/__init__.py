"""The tests' OpenID Connect provider (server.py), started in its own process."""

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests import clock
from tests.servers import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "pcn-commons-tests"
CLIENT_SECRET = "a-client-secret-for-the-tests-only"
PROVIDERS = ("nhsmail", "cis2")


class IdentityProvider:
    def __init__(self, port, process):
        self.url = f"http://127.0.0.1:{port}"
        self.process = process

    def issuer(self, key):
        return f"{self.url}/{key}"

    def will_sign_in(self, *, sub, email, name="", fault=None):
        """The person the next authorisation consents as, and a fault for the next ID token."""
        body = json.dumps(
            {"person": {"sub": sub, "email": email, "name": name}, "fault": fault}
        ).encode()
        request = urllib.request.Request(f"{self.url}/control", data=body, method="POST")
        urllib.request.urlopen(request, timeout=5).read()

    def settings(self):
        """NHS_SIGN_IN as the settings read it from the environment."""
        return {
            key: {
                "issuer": self.issuer(key),
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
            }
            for key in PROVIDERS
        }

    def env(self):
        env = {}
        for key in PROVIDERS:
            prefix = f"OIDC_{key.upper()}"
            env[f"{prefix}_ISSUER"] = self.issuer(key)
            env[f"{prefix}_CLIENT_ID"] = CLIENT_ID
            env[f"{prefix}_CLIENT_SECRET"] = CLIENT_SECRET
        return env

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def start(epoch=None):
    """The provider on a free loopback port, on the tests' clock from `epoch` (the real time
    at which the clock read NOW), so its tokens are dated as the server under test reads time;
    by default this process's clock."""
    if epoch is None:
        epoch = clock.real_time() - (time.time() - clock.NOW.timestamp())
    port = free_port()
    env = {**os.environ, clock.EPOCH: str(epoch)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.clock",
            str(ROOT / "tests" / "identity_provider" / "server.py"),
            str(port),
            CLIENT_ID,
            CLIENT_SECRET,
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if wait_for_port(port, 30):
        return IdentityProvider(port, process)
    process.kill()
    raise RuntimeError("The test identity provider did not start within 30 seconds")
