"""Allocating every starter service for every PCN in the NHS workforce file, in one batch.

The problems come from the reference tables alone, so no network needs setting up: practices
from the practice map, registered lists and population estimates as shipped, staff time from
the workforce file's latest census through the NHS role map. Rooms and opt-ins are not in any
NHS file, so they are made up from a seed per PCN: the same on every run.

The baseline, timed on the same problems in the same run, is what managers do today: the
sessions divided equally between the practices taking part, the remainder to the first ones.
"""

from __future__ import annotations

import random
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max

from engine.allocation import (
    NetworkProblem,
    Policy,
    Practice,
    ServiceAllocation,
    ServiceError,
    ServiceProblem,
    allocate_network,
)
from pcn.allocation.starter_services import STARTER_SERVICES
from pcn.reference.models import PracticeRecord, WorkforceRecord
from pcn.reference.queries import latest_list_sizes, population_estimates
from pcn.workforce.actions.nhs_import import role_map
from pcn.workforce.sessions import sessions_per_wte

SECTION = "Allocation: every PCN in one batch"
TARGET_SECONDS = 30
WEEKDAY_SESSIONS = 10  # Monday to Friday, morning and afternoon
ROOMS_PER_SESSION = (1, 3)  # consulting rooms a practice frees for PCN staff, per session
OPT_OUT_CHANCE = 0.2
FALLBACK_BASIS = "registered"


@dataclass
class Built:
    """The batch's problems and what building them skipped or changed."""

    census_date: object
    problems: list[NetworkProblem] = field(default_factory=list)
    practices: int = 0
    records: int = 0
    unmapped_records: int = 0  # no ARRS role in the NHS role map: not counted as staff time
    records_no_service: int = 0  # an ARRS role no starter service uses
    services_without_staff: int = 0  # left out: nobody in the file can deliver them
    fallbacks: list[str] = field(default_factory=list)  # PCNs shared by registered list


def build_problems(pcn_codes: Iterable[str] | None = None) -> Built:
    """One NetworkProblem per PCN in the latest workforce census (or the given PCNs)."""
    census_date = WorkforceRecord.objects.aggregate(latest=Max("census_date"))["latest"]
    built = Built(census_date=census_date)
    if census_date is None:
        return built
    records = WorkforceRecord.objects.filter(census_date=census_date)
    if pcn_codes is not None:
        records = records.filter(pcn_code__in=[c.strip().upper() for c in pcn_codes])
    sessions = _staff_sessions(
        records.values_list("pcn_code", "staff_role", "detailed_role", "fte"), built
    )

    members = defaultdict(list)
    for pcn_code, code in PracticeRecord.objects.filter(pcn_code__in=list(sessions)).values_list(
        "pcn_code", "code"
    ):
        members[pcn_code].append(code)
    codes = [code for practices in members.values() for code in practices]
    list_sizes = latest_list_sizes(codes)
    estimates = population_estimates(codes)
    built.practices = len(codes)

    for pcn_code in sorted(sessions):
        practice_codes = sorted(members[pcn_code])
        populations = {
            code: {
                "registered": list_sizes[code][0] if code in list_sizes else None,
                "adjusted": _estimate(estimates, code, "adjusted"),
                "weighted": _estimate(estimates, code, "weighted"),
            }
            for code in practice_codes
        }
        policy = Policy()
        if any(populations[code]["weighted"] is None for code in practice_codes):
            policy = Policy(basis=FALLBACK_BASIS)
            built.fallbacks.append(pcn_code)
        built.problems.append(
            _network_problem(pcn_code, practice_codes, populations, sessions[pcn_code], policy)
        )
        built.services_without_staff += sum(1 for n in sessions[pcn_code].values() if n == 0)
    return built


def _estimate(estimates, code, basis):
    estimate = estimates.get(code, {}).get(basis)
    return estimate.value if estimate else None


def _staff_sessions(records, built: Built) -> dict[str, dict[str, int]]:
    """{PCN code: {service name: whole sessions a week}} from the workforce records.

    A record's sessions are its FTE × its role's sessions per WTE (9 for a GP, 10 otherwise),
    shared equally between the starter services its ARRS role can deliver, as the register's
    capacity is; each service's total is rounded half up to whole sessions.
    """
    roles = role_map()
    services_for = defaultdict(list)
    for service in STARTER_SERVICES:
        for role_code in service.role_codes:
            services_for[role_code].append(service.name)
    totals: dict[str, dict[str, Decimal]] = {}
    for pcn_code, staff_role, detailed_role, fte in records:
        built.records += 1
        per_service = totals.setdefault(pcn_code, {s.name: Decimal(0) for s in STARTER_SERVICES})
        role_code = roles.get((staff_role, detailed_role), "")
        if not role_code:
            built.unmapped_records += 1
            continue
        services = services_for.get(role_code)
        if not services:
            built.records_no_service += 1
            continue
        each = Decimal(fte) * sessions_per_wte(role_code) / len(services)
        for name in services:
            per_service[name] += each
    return {
        pcn_code: {
            name: int(total.quantize(Decimal(1), ROUND_HALF_UP))
            for name, total in per_service.items()
        }
        for pcn_code, per_service in totals.items()
    }


def _network_problem(pcn_code, practice_codes, populations, sessions, policy) -> NetworkProblem:
    seeded = random.Random(pcn_code)
    rooms = {
        code: sum(seeded.randint(*ROOMS_PER_SESSION) for _ in range(WEEKDAY_SESSIONS))
        for code in practice_codes
    }
    services = []
    for service in STARTER_SERVICES:
        opted_in = [seeded.random() >= OPT_OUT_CHANCE for _ in practice_codes]
        if practice_codes and not any(opted_in):
            opted_in[seeded.randrange(len(practice_codes))] = True
        if sessions[service.name] == 0:
            continue
        services.append(
            ServiceProblem(
                service=service.name,
                sessions_available=sessions[service.name],
                practices=tuple(
                    Practice(ods_code=code, opted_in=taking_part, populations=populations[code])
                    for code, taking_part in zip(practice_codes, opted_in, strict=True)
                ),
                policy=policy,
                needs_rooms=service.needs_rooms,
            )
        )
    return NetworkProblem(network=pcn_code, services=tuple(services), rooms=rooms)


# --- the baseline ---------------------------------------------------------------------------


def equal_split(problem: NetworkProblem) -> list[list[int]]:
    """Each service's sessions // practices taking part, the remainder one each to the first:
    no rooms, no populations."""
    split = []
    for service in problem.services:
        taking_part = [p for p in service.practices if p.opted_in]
        each, left = divmod(service.sessions_available, len(taking_part) or 1)
        split.append([each + 1 if i < left else each for i in range(len(taking_part))])
    return split


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Measured:
    built: Built
    build_seconds: float
    allocate_seconds: list[float]
    baseline_seconds: list[float]
    services_allocated: int
    errors: Counter
    sessions_available: int
    sessions_placed: int
    sessions_unplaced: int
    practices_held_by_rooms: int
    wall_seconds: float = 0.0  # the whole run: build once, allocate and baseline `repeat` times

    @property
    def allocate_median(self):
        return statistics.median(self.allocate_seconds)

    @property
    def baseline_median(self):
        return statistics.median(self.baseline_seconds)

    @property
    def batch_seconds(self):
        return self.build_seconds + self.allocate_median

    @property
    def meets_target(self):
        return self.batch_seconds <= TARGET_SECONDS


def error_kind(message: str) -> str:
    """A ServiceError message without the names in it, to count errors by kind."""
    if " has no practices" in message:
        return "no practices in the practice map"
    for basis in ("registered list", "adjusted population", "weighted population"):
        if f"has no {basis}" in message:
            return f"a practice has no {basis}"
    if "adds up to 0" in message:
        return "populations add up to 0"
    return message


def timed(function, repeat):
    seconds = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    return result, seconds


def run(*, repeat: int = 5, pcn_codes: Iterable[str] | None = None) -> Measured:
    started = time.perf_counter()
    built = build_problems(pcn_codes)
    build_seconds = time.perf_counter() - started

    results, allocate_seconds = timed(
        lambda: [allocate_network(problem) for problem in built.problems], repeat
    )
    _, baseline_seconds = timed(lambda: [equal_split(p) for p in built.problems], repeat)

    allocations = [s for r in results for s in r.services if isinstance(s, ServiceAllocation)]
    errors = Counter(
        error_kind(s.message) for r in results for s in r.services if isinstance(s, ServiceError)
    )
    measured = Measured(
        built=built,
        build_seconds=build_seconds,
        allocate_seconds=allocate_seconds,
        baseline_seconds=baseline_seconds,
        services_allocated=len(allocations),
        errors=errors,
        sessions_available=sum(s.sessions_available for p in built.problems for s in p.services),
        sessions_placed=sum(a.sessions_allocated for a in allocations),
        sessions_unplaced=sum(a.unplaced for a in allocations),
        practices_held_by_rooms=sum(
            1 for a in allocations for row in a.practices if row.cause == "rooms"
        ),
    )
    measured.wall_seconds = time.perf_counter() - started
    return measured


# --- the write-up -------------------------------------------------------------------------


def summary_lines(m: Measured) -> list[str]:
    b = m.built
    services = sum(len(p.services) for p in b.problems)
    errors = sum(m.errors.values())
    lines = [
        f"PCNs: {len(b.problems):,} (workforce census {b.census_date:%d %B %Y}), "
        f"{b.practices:,} practices",
        f"Workforce records: {b.records:,}; {b.unmapped_records:,} with no ARRS role in the "
        f"role map and {b.records_no_service:,} in a role no starter service uses, left out",
        f"Services: {services:,} with staff time ({b.services_without_staff:,} with none, "
        f"left out); {m.services_allocated:,} allocated, {errors:,} refused",
    ]
    lines += [f"  refused — {kind}: {count:,}" for kind, count in m.errors.most_common()]
    lines += [
        f"PCNs allocated by registered list for want of weighted populations: {len(b.fallbacks):,}",
        f"Sessions a week: {m.sessions_available:,} available, {m.sessions_placed:,} placed, "
        f"{m.sessions_unplaced:,} unplaced (every practice at its limit); "
        f"{m.practices_held_by_rooms:,} practice-services held by rooms",
    ]
    return lines


def timing_rows(m: Measured) -> list[tuple[str, float, str]]:
    ratio = m.allocate_median / m.baseline_median if m.baseline_median else float("inf")
    return [
        ("Building the problems from the database (once)", m.build_seconds, "—"),
        ("Equal split, sessions ÷ practices (baseline)", m.baseline_median, "1.0×"),
        ("Allocation: Webster, weighted policy, rooms", m.allocate_median, f"{ratio:,.0f}×"),
    ]


def seconds_list(values):
    return ", ".join(f"{v:.3f}" for v in values)


def markdown(m: Measured, repeat: int) -> str:
    verdict = "**met**" if m.meets_target else "**not met**"
    rows = "\n".join(
        f"| {name} | {seconds:.3f} | {times} |" for name, seconds, times in timing_rows(m)
    )
    counts = "\n".join(f"- {line.strip()}" for line in summary_lines(m))
    services = m.services_allocated + sum(m.errors.values())
    per_service_ms = m.allocate_median / services * 1000 if services else 0
    return f"""
`python manage.py benchmark_allocation --repeat {repeat}` — every starter service for every
PCN in the NHS workforce file allocated in one batch, from problems built from the shipped
reference data alone (no networks set up): list sizes and population estimates as shipped;
staff time from each record's FTE in sessions (9 a WTE for a GP, 10 otherwise) through the role map; rooms (1–3 per weekday
session per practice) and opt-ins (about 1 practice in 5 out of each service) made up from a
seed per PCN. The allocation and the baseline (the equal split managers use today, with no
rooms and no explanations) run {repeat} times each on the same problems; figures are medians.
Target: building and allocating every PCN in ≤ {TARGET_SECONDS} s on this machine —
{verdict} ({m.batch_seconds:.1f} s).

| Step | Median s | × baseline |
|---|---:|---:|
{rows}
| **Build + allocate** | **{m.batch_seconds:.2f}** | target {TARGET_SECONDS} s |

- Allocation runs: {seconds_list(m.allocate_seconds)} s ({per_service_ms:.2f} ms a service,
  explanations included); baseline runs: {seconds_list(m.baseline_seconds)} s; whole command
  {m.wall_seconds:.1f} s
{counts}
"""
