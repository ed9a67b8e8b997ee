"""What the allocation engine is asked: plain, frozen data built by the app from its database."""

from collections.abc import Mapping
from dataclasses import dataclass, field

POPULATION_BASES = ("registered", "adjusted", "weighted")
BASES = ("equal", *POPULATION_BASES, "demand")
BLEND = "blend"
DEFAULT_BASIS = "weighted"

# Why an allocation differs from the rounded fair share (None when it does not).
CAUSES = ("rounding", "rooms", "cap", "floor", "redistribution", "reach")


class AllocationError(ValueError):
    """The problem cannot be allocated as asked; the message says what to change."""


@dataclass(frozen=True)
class Practice:
    ods_code: str
    opted_in: bool
    # Registered, adjusted and weighted populations; None where the figure is unknown.
    populations: Mapping[str, float | None] = field(default_factory=dict)
    demand: float | None = None  # declared sessions per week; None if not stated
    # Room-sessions per week this practice can give the service; None means no limit
    # (the service is delivered away from practice rooms).
    rooms: int | None = None


@dataclass(frozen=True)
class Policy:
    basis: str = DEFAULT_BASIS  # one of BASES, or BLEND
    weights: Mapping[str, float] = field(default_factory=dict)  # BLEND only: basis -> weight
    floor: int | None = None  # sessions each opted-in practice should get at least
    cap: int | None = None  # sessions any practice may get at most


@dataclass(frozen=True)
class ServiceProblem:
    service: str
    sessions_available: int  # whole sessions per week of staff time for this service
    practices: tuple[Practice, ...]
    policy: Policy = Policy()
    needs_rooms: bool = True
    # The most practices the service's staff can work at in a week between them: each
    # person's practices-a-week limit (the rota's), added up. None: no such limit. With fewer
    # than the opted-in practices, only that many get sessions (decision 14).
    reach: int | None = None


@dataclass(frozen=True)
class NetworkProblem:
    """All of a network's services. Rooms are shared: services that need rooms take them in
    the order given, so an earlier service's sessions leave fewer rooms for later ones."""

    network: str
    services: tuple[ServiceProblem, ...]
    rooms: Mapping[str, int] = field(default_factory=dict)  # ods code -> room-sessions a week
