"""The rota engine: where each of a network's shared staff works, session by session.

The app builds a `Problem` (problem.py) and calls `solve.solve(problem)`; `validate.validate`
scores any rota without a solver, and `explain.explain` says why it scores what it does.
`python -m engine.rota` does the same with JSON files.

The verbs are called through their modules (`from engine.rota import solve`), so this package
re-exports only the nouns. Solving needs OR-Tools and nothing else here does: importing this
package, validating or explaining a rota never loads the solver.
"""

from .baseline import baseline_rota
from .conflicts import Conflict
from .explain import Explanation
from .findings import Penalty, Violation
from .generate import generated_problem
from .greedy import greedy_rota
from .json_io import (
    explanation_to_json,
    problem_from_json,
    problem_to_json,
    report_to_json,
    result_to_json,
    rota_from_json,
    rota_to_json,
)
from .problem import (
    DEFAULT_WEIGHTS,
    HUB,
    NETWORK_WORK,
    SESSIONS,
    Assignment,
    EnhancedAccess,
    OfferedSession,
    Person,
    Problem,
    RotaInputError,
    Service,
    Site,
    Slot,
    Target,
    Team,
)
from .rules import HARD_RULES, RULES, SOFT_RULES
from .validate import Report

__all__ = [
    "DEFAULT_WEIGHTS",
    "HARD_RULES",
    "HUB",
    "NETWORK_WORK",
    "RULES",
    "SESSIONS",
    "SOFT_RULES",
    "Assignment",
    "Conflict",
    "EnhancedAccess",
    "Explanation",
    "OfferedSession",
    "Penalty",
    "Person",
    "Problem",
    "Report",
    "RotaInputError",
    "Service",
    "Site",
    "Slot",
    "Target",
    "Team",
    "Violation",
    "baseline_rota",
    "explanation_to_json",
    "generated_problem",
    "greedy_rota",
    "problem_from_json",
    "problem_to_json",
    "report_to_json",
    "result_to_json",
    "rota_from_json",
    "rota_to_json",
]
