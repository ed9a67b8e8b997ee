"""The planner's inputs: plain numbers, money in whole pennies, WTE in hundredths."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Weights:
    """What the planner values, each in pennies so every term of the objective reads as money:
    a WTE towards the median of similar PCNs is worth as much as `shortfall` pennies of headroom
    used. Defaults in decision 30."""

    headroom: int = 1  # each penny of this year's headroom used
    shortfall: int = 2_000_000  # each WTE (of 1.00) towards the median of similar PCNs: £20,000
    unmet: int = 200_000  # each session a week of unmet demand in the agreed allocation covered
    post: int = 200_000  # taken off for each post: fewer, larger posts are easier to fill


@dataclass(frozen=True)
class Candidate:
    """A role the network might recruit to, at one band."""

    role: str  # ARRS role code
    name: str  # what people call it
    band: str  # "" where the maximum does not depend on the band
    month_cost: tuple[int, ...]  # pennies per 1.00 WTE for each month of Problem.months
    full_year_cost: int  # pennies per 1.00 WTE for a full year from 1 April
    max_wte: int  # hundredths: the most the plan may add of this role
    shortfall: int = 0  # hundredths of a WTE below the median of similar PCNs (0: none/unknown)
    sessions_per_wte: int = 10  # sessions a week one WTE works (a GP 9)
    shortfall_weight: int | None = None  # pennies per WTE; None: Weights.shortfall
    # What the why sentence says about the comparison and the demand (worked out by the app,
    # which knows the figures and their dates), e.g. "your network has 0.8 FTE per 10,000
    # patients, similar PCNs a median of 1.6".
    benchmark_note: str = ""
    demand_note: str = ""


@dataclass(frozen=True)
class Service:
    """A service with demand the agreed allocation could not meet, and who could deliver it."""

    name: str
    unmet: int  # hundredths of a session a week
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Pin:
    role: str
    wte: int | None = None  # hundredths; None: at least one post of any allowed size


@dataclass(frozen=True)
class Problem:
    months: tuple[date, ...]  # possible start months (first days), next month to March
    candidates: tuple[Candidate, ...]
    headroom: int  # pennies of this year's money the plan may spend
    next_year_room: int  # pennies: next year's entitlement less the committed cost of everyone
    services: tuple[Service, ...] = ()
    steps: tuple[int, ...] = (50, 100)  # allowed post sizes, hundredths of a WTE
    pins: tuple[Pin, ...] = ()
    forbidden: frozenset[str] = field(default_factory=frozenset)  # role codes
    weights: Weights = Weights()

    def candidate(self, role):
        return next((c for c in self.candidates if c.role == role), None)


@dataclass(frozen=True)
class Post:
    role: str
    band: str
    wte: int  # hundredths
    start: date  # first day of its first month


def cost_this_year(candidate: Candidate, months: tuple[date, ...], start: date, wte: int) -> int:
    """Pennies from `start` to 31 March, each month's per-WTE cost × WTE rounded to pennies."""
    first = months.index(start)
    return sum(_share(cost, wte) for cost in candidate.month_cost[first:])


def cost_full_year(candidate: Candidate, wte: int) -> int:
    return _share(candidate.full_year_cost, wte)


def _share(pennies_per_wte: int, wte: int) -> int:
    """pennies × hundredths / 100, rounded half up (amounts are never negative)."""
    return (pennies_per_wte * wte + 50) // 100
