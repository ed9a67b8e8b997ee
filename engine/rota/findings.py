"""What a rule finds in a rota: a broken hard rule (Violation) or a soft penalty (Penalty).

Both say who, where and when, so the app can put a finding beside the session it concerns;
`who` holds person ids, `where` a site id, `when` an ISO 8601 stamp (see horizon.py).
"""

from dataclasses import dataclass

from .problem import DEFAULT_WEIGHTS, Problem


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str
    who: tuple[str, ...] = ()
    where: str | None = None
    when: str | None = None


@dataclass(frozen=True)
class Penalty:
    rule: str
    count: int  # instances of the rule: sessions, sites, days, members, windows
    amount: int  # count × the rule's weight: this finding's part of the objective
    message: str
    who: tuple[str, ...] = ()
    where: str | None = None
    when: str | None = None


def weight_of(problem: Problem, rule: str) -> int:
    """The network's weight for a soft rule; the default where the network has not set one."""
    return int(problem.weights.get(rule, DEFAULT_WEIGHTS[rule]))


def penalty(problem: Problem, rule: str, count: int, message: str, **where) -> Penalty:
    return Penalty(rule, count, count * weight_of(problem, rule), message, **where)
