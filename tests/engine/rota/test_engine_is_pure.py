"""The rota engine runs without Django; checking and explaining a rota need no solver."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import json, sys, importlib
importlib.import_module(sys.argv[1])
print(json.dumps({"django": "django" in sys.modules, "ortools": "ortools" in sys.modules}))
"""


def loaded(module):
    done = subprocess.run(
        [sys.executable, "-c", PROBE, module], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_importing_the_rota_engine_imports_no_django_and_no_solver():
    assert loaded("engine.rota") == {"django": False, "ortools": False}


@pytest.mark.parametrize(
    "module", ["engine.rota.validate", "engine.rota.explain", "engine.rota.json_io",
               "engine.rota.conflicts", "engine.rota.baseline", "engine.rota.greedy"],
)  # fmt: skip
def test_checking_explaining_and_reading_rotas_never_load_the_solver(module):
    assert loaded(module) == {"django": False, "ortools": False}


def test_solving_loads_the_solver_but_still_no_django():
    assert loaded("engine.rota.solve") == {"django": False, "ortools": True}
