"""The engine runs without Django or any third-party package: it is tested, benchmarked and
run in bulk without a database."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
before = set(sys.modules)
import engine.allocation
loaded = {name.split(".")[0] for name in set(sys.modules) - before}
print(json.dumps(sorted(loaded - set(sys.stdlib_module_names))))
print("django" in sys.modules)
"""


def test_importing_the_allocation_engine_imports_no_django_and_no_third_party_package():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    outside_stdlib, django_loaded = done.stdout.splitlines()
    assert json.loads(outside_stdlib) == ["engine"]
    assert django_loaded == "False"
