"""The planner's engine imports no Django and no third-party package until it solves."""

import json
import subprocess
import sys

from tests.engine.test_engine_is_pure import ROOT

PROBE = """
import json, sys
before = set(sys.modules)
import engine.recruitment
loaded = {name.split(".")[0] for name in set(sys.modules) - before}
print(json.dumps(sorted(loaded - set(sys.stdlib_module_names))))
"""


def test_importing_the_recruitment_engine_imports_no_django_and_no_third_party_package():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["engine"]
