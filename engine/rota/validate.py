"""Score any rota against the rules, without a solver: the hard rules it breaks and the soft
penalties it earns. The same `check()` functions explain a solver's rota, score a hand-made or
baseline rota, and prove in tests that the solver's objective means what it says."""

from collections.abc import Iterable
from dataclasses import dataclass

from .findings import Penalty, Violation, weight_of
from .problem import Assignment, Problem
from .rules import HARD_RULES, SOFT_RULES


@dataclass(frozen=True)
class Report:
    violations: tuple[Violation, ...]
    penalties: dict[str, tuple[Penalty, ...]]  # every soft rule, in order; empty when none

    @property
    def ok(self) -> bool:
        """True when no hard rule is broken."""
        return not self.violations

    @property
    def totals(self) -> dict[str, int]:
        return {rule: sum(p.amount for p in found) for rule, found in self.penalties.items()}

    @property
    def total(self) -> int:
        """The objective: what the solver minimises."""
        return sum(self.totals.values())


def validate(problem: Problem, rota: Iterable[Assignment]) -> Report:
    rota = tuple(rota)
    violations = tuple(v for rule in HARD_RULES for v in rule.check(problem, rota))
    # A rule the network has weighted 0 is switched off: nothing to report, as nothing is built.
    penalties = {
        rule.NAME: tuple(rule.check(problem, rota)) if weight_of(problem, rule.NAME) else ()
        for rule in SOFT_RULES
    }
    return Report(violations, penalties)
