"""Share one service's whole sessions among a network's practices, and say why each got what
it got.

Each opted-in practice has a fair share (its part of the basis total × the sessions
available); whole sessions come from the Sainte-Laguë (Webster) divisor method, within each
practice's floor, free rooms and cap.

Why a divisor method: they are the only apportionment methods that are population-monotone
(Balinski & Young, *Fair Representation*), so a practice whose need rises, all else equal,
never loses sessions. Largest remainder (Hamilton), the obvious alternative, suffers the
population paradox: a practice can lose a session because its need grew. Among divisor
methods Webster is the one that favours neither large nor small practices.
"""

from __future__ import annotations

import heapq
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

from . import explain
from .problem import (
    BASES,
    BLEND,
    DEFAULT_BASIS,
    POPULATION_BASES,
    AllocationError,
    NetworkProblem,
    Policy,
    Practice,
    ServiceProblem,
)

METHOD = (
    "Sainte-Laguë (Webster) divisor method, within floors, rooms, caps and the practices the "
    "staff can reach in a week"
)


@dataclass(frozen=True)
class PracticeAllocation:
    ods_code: str
    opted_in: bool
    # The figure the share comes from: the population, declared demand, 1 for an equal
    # split, or for a blend the blended share as a percentage (share × 100).
    basis_value: float | None
    share: float  # of the opted-in practices' total, 0..1
    fair_share: float  # sessions_available × share, before rounding
    allocated: int
    cause: str | None  # why allocated differs from the fair share rounded half up (CAUSES)
    lower: int  # the floor this practice was held to (0 if none)
    upper: int | None  # min(cap, rooms); None for no limit
    reason: str


@dataclass(frozen=True)
class ServiceAllocation:
    service: str
    basis: str
    method: str
    sessions_available: int
    sessions_allocated: int
    unplaced: int  # sessions no practice could take: every opted-in practice is at its limit
    practices: tuple[PracticeAllocation, ...]
    warnings: tuple[str, ...]
    reach: int | None = None  # the practices the staff can work at in a week, when limited


@dataclass(frozen=True)
class ServiceError:
    """A service that could not be allocated, so the network's other services still are."""

    service: str
    message: str


@dataclass(frozen=True)
class NetworkAllocation:
    network: str
    services: tuple[ServiceAllocation | ServiceError, ...]


# --- whole sessions ---------------------------------------------------------------------------


def webster(
    values: Sequence[float],
    lower: Sequence[int],
    upper: Sequence[int | None],
    sessions: int,
    ties: Sequence[str],
    reach: int | None = None,
) -> tuple[list[int], int]:
    """(sessions per practice, sessions left unplaced) by the sequential Sainte-Laguë rule.

    Each practice starts at its lower bound; then sessions go one at a time to the practice
    with the highest value / (sessions so far + 0.5) among those below their upper bound,
    equal priorities to the first in `ties`. Raw values (not shares) keep equal priorities
    exactly equal for whole-number populations, so ties fall to `ties` and not to float noise.

    With `reach`, once that many practices have a session the others take no more: the
    practices served are the first `reach` the same rule reaches, so they are the ones it
    ranks highest (decision 14).
    """
    n = len(values)
    seats = list(lower)
    spare = sessions - sum(seats)
    if reach is not None:
        return _webster_within_reach(values, seats, upper, spare, ties, reach)
    total = sum(values)
    # A warm start, so a service of hundreds of sessions costs about n heap steps, not one
    # per session. Every session whose priority beats the threshold t is handed out by the
    # rule anyway: there are at most total / t + n / 2 of them, which t keeps below `spare`.
    # Counting one fewer per practice (floor(v/t - 0.5)) stays inside that set despite float
    # rounding. tests/engine/test_allocation_webster.py checks this against the plain rule.
    # A total so small (a subnormal float) that the threshold rounds to zero gets no warm start.
    threshold = total / (spare - n / 2 - 1) if total > 0 and spare - n / 2 - 1 > 0 else 0
    if threshold > 0:
        for i in range(n):
            start = math.floor(values[i] / threshold - 0.5)
            if upper[i] is not None:
                start = min(start, upper[i])
            seats[i] = max(seats[i], start)
        spare = sessions - sum(seats)
    heap = [
        (-values[i] / (seats[i] + 0.5), ties[i], i)
        for i in range(n)
        if upper[i] is None or seats[i] < upper[i]
    ]
    heapq.heapify(heap)
    while spare > 0 and heap:
        _, tie, i = heapq.heappop(heap)
        seats[i] += 1
        spare -= 1
        if upper[i] is None or seats[i] < upper[i]:
            heapq.heappush(heap, (-values[i] / (seats[i] + 0.5), tie, i))
    return seats, spare


def _webster_within_reach(values, seats, upper, spare, ties, reach):
    """The plain rule one session at a time (no warm start: a service short of reach has few
    staff and so few sessions), closing the practices without a session once `reach` have
    one."""
    opened = sum(1 for s in seats if s > 0)
    heap = [
        (-values[i] / (seats[i] + 0.5), ties[i], i)
        for i in range(len(values))
        if upper[i] is None or seats[i] < upper[i]
    ]
    heapq.heapify(heap)
    while spare > 0 and heap:
        _, tie, i = heapq.heappop(heap)
        if seats[i] == 0:
            if opened >= reach:
                continue  # closed: the staff are at every practice they can reach
            opened += 1
        seats[i] += 1
        spare -= 1
        if upper[i] is None or seats[i] < upper[i]:
            heapq.heappush(heap, (-values[i] / (seats[i] + 0.5), tie, i))
    return seats, spare


def round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


# --- checking the problem ---------------------------------------------------------------------


def _check_service(problem: ServiceProblem) -> list[Practice]:
    """The opted-in practices, or AllocationError saying what to change."""
    name = problem.service
    if not problem.practices:
        raise AllocationError(f"{name} has no practices: add the network's practices first.")
    seen = set()
    for practice in problem.practices:
        if practice.ods_code in seen:
            raise AllocationError(
                f"Practice {practice.ods_code} is listed twice for {name}: list each practice once."
            )
        seen.add(practice.ods_code)
    opted_in = [p for p in problem.practices if p.opted_in]
    if not opted_in:
        raise AllocationError(
            f"Every practice has opted out of {name}: opt at least one practice in, or stop "
            "offering the service."
        )
    # After the opt-ins: a service nobody takes part in is given no staff time, and that is
    # the thing to put right.
    if problem.sessions_available < 0:
        raise AllocationError(
            f"{name} has {problem.sessions_available} sessions available: it must be 0 or "
            "more. Check the staff time recorded for this service."
        )
    if problem.sessions_available == 0:
        raise AllocationError(
            f"No staff time is available for {name}: nobody in post can deliver it. Add staff "
            "whose role can deliver it, or pause the service."
        )
    policy = problem.policy
    if policy.basis != BLEND and policy.basis not in BASES:
        raise AllocationError(_unknown_basis(name, policy.basis))
    if policy.basis == BLEND:
        if not policy.weights:
            raise AllocationError(
                f"{name} blends bases but gives no weights: give at least one of "
                f"{', '.join(BASES)} a weight above 0."
            )
        for basis, weight in policy.weights.items():
            if basis not in BASES:
                raise AllocationError(_unknown_basis(name, basis))
            if weight < 0:
                raise AllocationError(
                    f"{name} gives {explain.BASIS_NAMES[basis]} a negative weight ({weight:g}): "
                    "weights must be 0 or more."
                )
        if sum(policy.weights.values()) <= 0:
            raise AllocationError(
                f"{name}'s blend weights add up to 0: give at least one basis a weight above 0."
            )
    for bound in ("floor", "cap"):
        value = getattr(policy, bound)
        if value is not None and value < 0:
            raise AllocationError(
                f"{name} has a negative {bound} ({value}): set it to 0 or more, or remove it."
            )
    if policy.floor is not None and policy.cap is not None and policy.floor > policy.cap:
        raise AllocationError(
            f"{name}'s floor ({policy.floor}) is above its cap ({policy.cap}): lower the floor "
            "or raise the cap."
        )
    return opted_in


def _rooms(problem: ServiceProblem, practices: list[Practice], network_rooms) -> list:
    """Each practice's free room-sessions for this service; None where rooms don't limit it.
    `network_rooms`, when given, replaces the practices' own figures (a missing practice
    has none)."""
    if not problem.needs_rooms:
        return [None] * len(practices)
    if network_rooms is None:
        rooms = [p.rooms for p in practices]
    else:
        rooms = [network_rooms.get(p.ods_code, 0) for p in practices]
    for practice, free in zip(practices, rooms, strict=True):
        if free is not None and free < 0:
            raise AllocationError(
                f"Practice {practice.ods_code} has {free} free room-sessions for "
                f"{problem.service}: it must be 0 or more."
            )
    return rooms


def _unknown_basis(name: str, basis: str) -> str:
    return f"{name} uses an unknown basis '{basis}': choose one of {', '.join(BASES)} or {BLEND}."


def _basis_values(name: str, basis: str, practices: list[Practice]) -> list[float]:
    """Each opted-in practice's figure on one basis, checked; the total is above 0."""
    if basis == "equal":
        return [1.0] * len(practices)
    values = []
    for practice in practices:
        if basis == "demand":
            value = 0.0 if practice.demand is None else practice.demand
            if value < 0:
                raise AllocationError(
                    f"Practice {practice.ods_code} declares negative demand ({value:g}) for "
                    f"{name}: demand must be 0 or more sessions a week."
                )
        else:
            value = practice.populations.get(basis)
            if value is None:
                raise AllocationError(
                    f"Practice {practice.ods_code} has no {explain.BASIS_NAMES[basis]} for "
                    f"{name}: enter it, or allocate this service on another basis."
                )
            if value < 0:
                raise AllocationError(
                    f"Practice {practice.ods_code} has a negative {explain.BASIS_NAMES[basis]} "
                    f"({value:g}) for {name}: correct the figure."
                )
        values.append(value)
    if sum(values) <= 0:
        if basis == "demand":
            raise AllocationError(
                f"No opted-in practice has declared demand for {name}, so there is nothing to "
                "share by: ask practices to declare demand, or allocate on another basis."
            )
        raise AllocationError(
            f"The opted-in practices' {explain.BASIS_NAMES[basis]} adds up to 0 for {name}: "
            "correct the figures, or allocate on another basis."
        )
    return values


def _shares(problem: ServiceProblem, practices: list[Practice]):
    """(values to apportion by, basis_value per practice, share per practice, fair shares)."""
    policy, available = problem.policy, problem.sessions_available
    if policy.basis != BLEND:
        values = _basis_values(problem.service, policy.basis, practices)
        total = sum(values)
        # Multiplying before dividing keeps exact halves (3.5 of 7 out of 20) exact.
        fair = [available * v / total for v in values]
        return values, values, [v / total for v in values], fair
    weights = {b: w for b, w in policy.weights.items() if w > 0}
    weight_total = sum(weights.values())
    shares = [0.0] * len(practices)
    for basis, weight in weights.items():
        values = _basis_values(problem.service, basis, practices)
        total = sum(values)
        for i, value in enumerate(values):
            shares[i] += weight * value / total / weight_total
    return shares, [s * 100 for s in shares], shares, [available * s for s in shares]


# --- bounds -----------------------------------------------------------------------------------


@dataclass
class _Bounds:
    lower: list[int]
    upper: list[int | None]
    limit: list[str | None]  # "rooms" or "cap": which bound sets `upper`
    warnings: list[str]


def _bounds(problem: ServiceProblem, practices: list[Practice], free_rooms: list) -> _Bounds:
    policy = problem.policy
    upper, limit = [], []
    for rooms in free_rooms:
        if rooms is not None and (policy.cap is None or rooms <= policy.cap):
            upper.append(rooms)
            limit.append("rooms")
        elif policy.cap is not None:
            upper.append(policy.cap)
            limit.append("cap")
        else:
            upper.append(None)
            limit.append(None)
    floor = policy.floor or 0
    lower = [floor if u is None else min(floor, u) for u in upper]
    warnings = []
    if sum(lower) > problem.sessions_available:
        warnings.append(
            explain.floors_ignored(
                floor=floor,
                practices=len(practices),
                needed=sum(lower),
                available=problem.sessions_available,
            )
        )
        lower = [0] * len(practices)
    else:
        # Only rooms can be below the floor: a floor above the cap is refused.
        for practice, low, up in zip(practices, lower, upper, strict=True):
            if low < floor:
                warnings.append(
                    explain.floor_above_rooms(ods_code=practice.ods_code, floor=floor, rooms=up)
                )
    return _Bounds(lower, upper, limit, warnings)


# --- one service --------------------------------------------------------------------------


def allocate_service(problem: ServiceProblem) -> ServiceAllocation:
    """Whole sessions for each practice, within its bounds, with the reason for each."""
    return _allocate(problem, network_rooms=None)


def _allocate(problem: ServiceProblem, network_rooms) -> ServiceAllocation:
    practices_in = _check_service(problem)
    available = problem.sessions_available
    values, basis_values, shares, fair = _shares(problem, practices_in)
    bounds = _bounds(problem, practices_in, _rooms(problem, practices_in, network_rooms))
    codes = [p.ods_code for p in practices_in]
    reach = _reach(problem, bounds)
    allocated, unplaced = webster(values, bounds.lower, bounds.upper, available, codes, reach)
    # The practices that get nothing only because the staff cannot reach them: they would
    # have sessions within the same floors, rooms and caps if the staff could.
    unreached = [False] * len(practices_in)
    if reach is not None:
        within, _ = webster(values, bounds.lower, bounds.upper, available, codes)
        unreached = [a == 0 and w > 0 for a, w in zip(allocated, within, strict=True)]
    rounded = [round_half_up(f) for f in fair]
    # What the same rule gives without floors, rooms or caps: the measure of what the bounds
    # moved, and so of each practice's cause. Only needed where a practice has a cause.
    unbounded = allocated
    if allocated != rounded:
        unbounded, _ = webster(values, [0] * len(values), [None] * len(values), available, codes)
    # Held by its rooms or the cap: at that bound below its fair share.
    held_at = [
        up is not None and a == up and a < f
        for a, up, f in zip(allocated, bounds.upper, fair, strict=True)
    ]
    # The bounds that passed sessions on, for the practices that received them: any practice
    # at a bound below what it would get without one.
    passed_on = {
        kind
        for a, up, kind, f, free in zip(
            allocated, bounds.upper, bounds.limit, fair, unbounded, strict=True
        )
        if up is not None and a == up and a < max(f, free)
    }
    if any(unreached):
        passed_on.add("reach")

    rows = {}
    for i, practice in enumerate(practices_in):
        a = allocated[i]
        cause = _cause(
            a,
            rounded=rounded[i],
            unbounded=unbounded[i],
            fair=fair[i],
            lower=bounds.lower[i],
            held=held_at[i],
            limit=bounds.limit[i],
            unreached=unreached[i],
        )
        reason = _reason(
            cause,
            problem,
            allocated=a,
            value=basis_values[i],
            share=shares[i],
            fair=fair[i],
            rounded=rounded[i],
            unbounded=unbounded[i],
            practices_in=len(practices_in),
            unplaced=unplaced,
            passed_on=passed_on,
            reach=reach,
        )
        rows[practice.ods_code] = PracticeAllocation(
            ods_code=practice.ods_code,
            opted_in=True,
            basis_value=basis_values[i],
            share=shares[i],
            fair_share=fair[i],
            allocated=a,
            cause=cause,
            lower=bounds.lower[i],
            upper=bounds.upper[i],
            reason=reason,
        )

    warnings = list(bounds.warnings)
    if any(unreached):
        warnings.append(
            explain.beyond_reach(
                service=problem.service,
                reach=reach,
                opted_in=len(practices_in),
                unreached=[c for c, out in zip(codes, unreached, strict=True) if out],
                fair=sum(f for f, out in zip(fair, unreached, strict=True) if out),
            )
        )
    if unplaced:
        warnings.append(
            explain.unplaced(
                count=unplaced,
                available=available,
                by_rooms=bounds.limit.count("rooms"),
                by_cap=bounds.limit.count("cap"),
                cap=problem.policy.cap,
            )
        )
    return ServiceAllocation(
        service=problem.service,
        basis=problem.policy.basis,
        method=METHOD,
        sessions_available=available,
        sessions_allocated=available - unplaced,
        unplaced=unplaced,
        practices=tuple(
            rows.get(p.ods_code) or _opted_out(p, problem.policy.basis) for p in problem.practices
        ),
        warnings=tuple(warnings),
        reach=reach,
    )


def _reach(problem: ServiceProblem, bounds: _Bounds) -> int | None:
    """The practices the staff can reach, when fewer than could take sessions; None when the
    reach limits nothing. Floors on more practices than that cannot all be held: then none is
    (the same as floors that need more sessions than there are)."""
    reach = problem.reach
    open_ = sum(1 for up in bounds.upper if up is None or up > 0)
    if reach is None or reach >= open_:
        return None
    reach = max(reach, 0)
    floored = sum(1 for low in bounds.lower if low > 0)
    if floored > reach:
        bounds.warnings.append(
            explain.floors_beyond_reach(floor=problem.policy.floor, practices=floored, reach=reach)
        )
        bounds.lower[:] = [0] * len(bounds.lower)
    return reach


def _cause(allocated, *, rounded, unbounded, fair, lower, held, limit, unreached) -> str | None:
    """Why a practice's sessions differ from its fair share rounded half up (None: they
    don't). `unbounded` is what the same rule gives it with no floors, rooms or caps;
    `unreached`, that it gets none only because the staff cannot reach it."""
    if allocated == rounded:
        return None
    if unreached:
        return "reach"
    if held:
        return limit
    if allocated == lower and allocated > min(fair, unbounded):
        return "floor"
    if allocated == unbounded:
        return "rounding"
    # Sessions others' rooms or cap passed on to it, or it gave up to others' floors.
    return "redistribution"


def _reason(cause, problem, *, allocated, value, share, fair, rounded, unbounded, **context):
    policy = problem.policy
    if cause == "rooms":
        return explain.held_by_rooms(
            allocated=allocated, rooms=allocated, fair=fair, unplaced=context["unplaced"]
        )
    if cause == "cap":
        return explain.held_by_cap(
            allocated=allocated, cap=policy.cap, fair=fair, unplaced=context["unplaced"]
        )
    if cause == "floor":
        return explain.raised_to_floor(allocated=allocated, floor=policy.floor, fair=fair)
    clause = explain.fair_share_clause(
        basis=policy.basis,
        weights=policy.weights,
        value=value,
        share=share,
        available=problem.sessions_available,
        fair=fair,
        practices_in=context["practices_in"],
    )
    if cause is None:
        return explain.as_fair_share(clause, allocated)
    if cause == "reach":
        return explain.not_reached(clause, reach=context["reach"], fair=fair)
    if cause == "rounding":
        return explain.by_rounding(clause, allocated, rounded, problem.sessions_available)
    return explain.redistributed(
        clause,
        allocated=allocated,
        gained=allocated > unbounded,
        limits=context["passed_on"],
        floor=policy.floor,
    )


def _opted_out(practice: Practice, basis: str) -> PracticeAllocation:
    value = None
    if basis in POPULATION_BASES:
        value = practice.populations.get(basis)
    elif basis == "demand":
        value = practice.demand
    return PracticeAllocation(
        ods_code=practice.ods_code,
        opted_in=False,
        basis_value=value,
        share=0.0,
        fair_share=0.0,
        allocated=0,
        cause=None,
        lower=0,
        upper=0,
        reason=explain.OPTED_OUT,
    )


# --- a whole network ----------------------------------------------------------------------


def allocate_network(problem: NetworkProblem) -> NetworkAllocation:
    """Every service in order. Services that need rooms share the network's room-sessions:
    each sees only what the services before it left. A service that cannot be allocated
    becomes a ServiceError and the others go ahead."""
    remaining = dict(problem.rooms)
    results: list[ServiceAllocation | ServiceError] = []
    for service in problem.services:
        try:
            result = _allocate(service, network_rooms=remaining)
        except AllocationError as error:
            results.append(ServiceError(service.service, str(error)))
            continue
        if service.needs_rooms:
            for row in result.practices:
                if row.allocated:
                    remaining[row.ods_code] = remaining.get(row.ods_code, 0) - row.allocated
        results.append(result)
    return NetworkAllocation(network=problem.network, services=tuple(results))


# --- as JSON ------------------------------------------------------------------------------


def to_json(result):
    """Plain dicts and lists for an allocation (network, service, error or practice)."""
    if isinstance(result, NetworkAllocation):
        return {"network": result.network, "services": [to_json(s) for s in result.services]}
    if isinstance(result, ServiceError):
        return {"service": result.service, "error": result.message}
    if isinstance(result, ServiceAllocation):
        return {
            "service": result.service,
            "basis": result.basis,
            "method": result.method,
            "sessions_available": result.sessions_available,
            "sessions_allocated": result.sessions_allocated,
            "unplaced": result.unplaced,
            "reach": result.reach,
            "warnings": list(result.warnings),
            "practices": [to_json(p) for p in result.practices],
        }
    if isinstance(result, PracticeAllocation):
        value = result.basis_value
        return {
            "ods_code": result.ods_code,
            "opted_in": result.opted_in,
            "basis_value": round(value, 4) if isinstance(value, float) else value,
            "share": round(result.share, 4),
            "fair_share": round(result.fair_share, 2),
            "allocated": result.allocated,
            "cause": result.cause,
            "reason": result.reason,
        }
    raise TypeError(f"Not an allocation result: {type(result).__name__}")


def problem_to_json(problem: NetworkProblem) -> dict:
    return {
        "network": problem.network,
        "rooms": dict(problem.rooms),
        "services": [
            {
                "service": s.service,
                "sessions_available": s.sessions_available,
                "needs_rooms": s.needs_rooms,
                "reach": s.reach,
                "policy": {
                    "basis": s.policy.basis,
                    "weights": dict(s.policy.weights),
                    "floor": s.policy.floor,
                    "cap": s.policy.cap,
                },
                "practices": [
                    {
                        "ods_code": p.ods_code,
                        "opted_in": p.opted_in,
                        "populations": dict(p.populations),
                        "demand": p.demand,
                        "rooms": p.rooms,
                    }
                    for p in s.practices
                ],
            }
            for s in problem.services
        ],
    }


_MISSING = object()
_KIND_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    dict: "an object",
    list: "a list",
}


def _get(data, key, kinds, where, default=_MISSING, optional=False):
    """data[key], checked to be one of `kinds` (or null, if `optional`)."""
    if not isinstance(data, dict):
        raise AllocationError(f"{where} must be a JSON object.")
    if key not in data:
        if default is _MISSING:
            raise AllocationError(f"{where} has no '{key}'.")
        return default
    value = data[key]
    if value is None and optional:
        return None
    # JSON true and false are ints to Python: never take them for numbers.
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        names = " or ".join(_KIND_NAMES[kind] for kind in kinds)
        shown = "null" if value is None else json.dumps(value)
        raise AllocationError(f"{where}: '{key}' must be {names}, not {shown}.")
    return value


def _numbers(mapping, where, *, kinds=(int, float), optional=False):
    return {key: _get(mapping, key, kinds, where, optional=optional) for key in mapping}


def problem_from_json(data) -> NetworkProblem:
    """A NetworkProblem from the shape `problem_to_json` writes; AllocationError says where a
    field is missing or of the wrong kind."""
    network = _get(data, "network", (str,), "The problem")
    rooms = _get(data, "rooms", (dict,), "The problem", default={})
    services = []
    for s_index, s in enumerate(_get(data, "services", (list,), "The problem")):
        where = f"services[{s_index}]"
        name = _get(s, "service", (str,), where)
        where = f"{where} ({name})"
        policy = _get(s, "policy", (dict,), where, default={})
        practices = []
        for p_index, p in enumerate(_get(s, "practices", (list,), where)):
            at = f"{where} practices[{p_index}]"
            practices.append(
                Practice(
                    ods_code=_get(p, "ods_code", (str,), at),
                    opted_in=_get(p, "opted_in", (bool,), at, default=True),
                    populations=_numbers(
                        _get(p, "populations", (dict,), at, default={}), at, optional=True
                    ),
                    demand=_get(p, "demand", (int, float), at, default=None, optional=True),
                    rooms=_get(p, "rooms", (int,), at, default=None, optional=True),
                )
            )
        services.append(
            ServiceProblem(
                service=name,
                sessions_available=_get(s, "sessions_available", (int,), where),
                practices=tuple(practices),
                policy=Policy(
                    basis=_get(policy, "basis", (str,), f"{where} policy", default=DEFAULT_BASIS),
                    weights=_numbers(
                        _get(policy, "weights", (dict,), f"{where} policy", default={}),
                        f"{where} policy weights",
                    ),
                    floor=_get(policy, "floor", (int,), f"{where} policy", None, optional=True),
                    cap=_get(policy, "cap", (int,), f"{where} policy", None, optional=True),
                ),
                needs_rooms=_get(s, "needs_rooms", (bool,), where, default=True),
                reach=_get(s, "reach", (int,), where, default=None, optional=True),
            )
        )
    return NetworkProblem(
        network=network,
        services=tuple(services),
        rooms=_numbers(rooms, "The problem's rooms", kinds=(int,)),
    )
