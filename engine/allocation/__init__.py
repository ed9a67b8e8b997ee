"""Needs-based allocation: how many sessions of each service each practice gets, and why.

The app builds a `NetworkProblem` (problem.py) from its database and calls `allocate_network`;
`python -m engine.allocation FILE.json` does the same from a file.
"""

from .apportion import (
    METHOD,
    NetworkAllocation,
    PracticeAllocation,
    ServiceAllocation,
    ServiceError,
    allocate_network,
    allocate_service,
    problem_from_json,
    problem_to_json,
    to_json,
)
from .problem import (
    BASES,
    BLEND,
    CAUSES,
    DEFAULT_BASIS,
    POPULATION_BASES,
    AllocationError,
    NetworkProblem,
    Policy,
    Practice,
    ServiceProblem,
)

__all__ = [
    "BASES",
    "BLEND",
    "CAUSES",
    "DEFAULT_BASIS",
    "METHOD",
    "POPULATION_BASES",
    "AllocationError",
    "NetworkAllocation",
    "NetworkProblem",
    "Policy",
    "Practice",
    "PracticeAllocation",
    "ServiceAllocation",
    "ServiceError",
    "ServiceProblem",
    "allocate_network",
    "allocate_service",
    "problem_from_json",
    "problem_to_json",
    "to_json",
]
