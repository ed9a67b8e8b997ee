"""The benchmark's problems, frozen as files in the repository, and the best rota known for each.

A problem built from the demo network "the Monday after next" changes with the date, so figures
measured on it cannot be reproduced; these files do not. Each problem `NAME.json` (the shape
engine/rota/json_io.py writes) has beside it `NAME.best.json`: the best rota found for it so far,
by long runs (`manage.py refresh_best_rota`), with its objective and how it was found. The
benchmark reports how far a rota is above that best known, with the proven bound beside it.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from engine.rota import json_io
from engine.rota.problem import Assignment, Problem
from engine.rota.validate import validate

FOLDER = Path(__file__).resolve().parents[3] / "benchmarks" / "rota"
DEMO = "demo-2026-12-07"
DEMO_START = "2026-12-07"  # a Monday; the problem is built as on Wednesday 25 November 2026
DEMO_TODAY = "2026-11-25"


def generated_name(seed: int) -> str:
    return f"generated-80-seed{seed}"


@dataclass(frozen=True)
class BestKnown:
    objective: int
    rota: tuple[Assignment, ...]
    found_by: str  # how, in a sentence: the command, its time, workers and seed


def problem_path(name: str) -> Path:
    return FOLDER / f"{name}.json"


def best_path(name: str) -> Path:
    return FOLDER / f"{name}.best.json"


def names() -> list[str]:
    return sorted(p.stem for p in FOLDER.glob("*.json") if not p.stem.endswith(".best"))


def load(name: str) -> Problem:
    return json_io.problem_from_json(json.loads(problem_path(name).read_text()))


def write(name: str, problem: Problem) -> Path:
    path = problem_path(name)
    path.write_text(json.dumps(json_io.problem_to_json(problem), indent=1) + "\n")
    return path


def best_known(name: str) -> BestKnown | None:
    path = best_path(name)
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    return BestKnown(data["objective"], json_io.rota_from_json(data["rota"]), data["found_by"])


def keep_if_better(name: str, problem: Problem, rota, found_by: str) -> bool:
    """Record `rota` as the best known when it keeps every hard rule and scores below the one
    recorded (scored afresh by validate(), never taken from a solver). True when it was kept."""
    report = validate(problem, rota)
    known = best_known(name)
    if not report.ok or (known is not None and known.objective <= report.total):
        return False
    data = {
        "objective": report.total,
        "found_by": found_by,
        "rota": json_io.rota_to_json(tuple(sorted(rota))),
    }
    best_path(name).write_text(json.dumps(data, indent=None, separators=(",", ":")) + "\n")
    return True


def above_best(objective: int | None, best: int | None) -> float | None:
    """How far `objective` is above the best known, as a fraction of the best known."""
    if objective is None or not best:
        return None
    return (objective - best) / best
