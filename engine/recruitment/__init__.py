"""The recruitment planner: which posts (role, band, WTE, start month) use a network's ARRS
headroom this year without committing more than next year's entitlement, favouring the roles
where the network is furthest below similar PCNs and the services with unmet demand.

Pure Python: the app builds a frozen `Problem` from the database (pcn/planning/problems.py);
`solve()` answers with a `Solution` (OR-Tools CP-SAT, imported only when solving); `explain()`
scores any plan term by term and says why each post is in it. Decision 30.
"""

from .explain import Explanation, Term, explain, why
from .problem import Candidate, Pin, Post, Problem, Service, Weights
from .solve import Solution, greedy, solve

__all__ = [
    "Candidate",
    "Explanation",
    "Pin",
    "Post",
    "Problem",
    "Service",
    "Solution",
    "Term",
    "Weights",
    "explain",
    "greedy",
    "solve",
    "why",
]
