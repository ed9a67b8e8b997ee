"""A week's rota for every PCN in the NHS workforce file, solved as a batch by the task workers.

The problems come from the reference tables alone, as the allocation batch's do
(pcn/benchmarks/allocation.py), so no network needs setting up: practices from the practice map,
one person for each record of the workforce file's latest census, with its role through the
NHS role map and its sessions from its FTE. What no NHS file holds (working patterns, leave,
rooms, home bases, teams, supervisors) is made up from a seed per PCN: the same on every run.
Each PCN's targets are what the allocation engine gives its practices from the staff time of
the people built, with the allocation batch's rooms and opt-ins.

Each problem travels to a worker as JSON, in the task's arguments; the task returns what the
solve reached, which django_tasks_db keeps with the task.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Max
from django_tasks import task

from engine.allocation import Policy, ServiceAllocation, allocate_network
from engine.rota import json_io
from engine.rota import problem as engine
from engine.rota.solve import solve
from pcn.allocation.starter_services import STARTER_SERVICES
from pcn.benchmarks import allocation as allocation_batch
from pcn.reference.models import ArrsRole, PracticeRecord, WorkforceRecord
from pcn.reference.queries import current_financial_year, latest_list_sizes, population_estimates
from pcn.workforce.actions.nhs_import import role_map

START = date(2026, 11, 30)  # a Monday: a fixed week, so every run solves the same problems
HUB_NAME = "Network hub or remote"
MAX_SESSIONS = 10  # a working week of mornings and afternoons
HOME_AT_PRACTICE, HOME_AT_HUB = 0.60, 0.85  # cumulative chances; the rest have no home base
LEAVE_CHANCE = 0.1  # a day or two of leave in the week


def build_problems(pcn_codes: Iterable[str] | None = None, start: date = START):
    """A one-week rota Problem for each PCN in the latest workforce census (or those given),
    in PCN code order."""
    census_date = WorkforceRecord.objects.aggregate(latest=Max("census_date"))["latest"]
    if census_date is None:
        return []
    records = WorkforceRecord.objects.filter(census_date=census_date)
    if pcn_codes is not None:
        records = records.filter(pcn_code__in=[c.strip().upper() for c in pcn_codes])
    staff = defaultdict(list)
    for pcn_code, staff_role, detailed_role, fte in records.order_by("pcn_code", "pk").values_list(
        "pcn_code", "staff_role", "detailed_role", "fte"
    ):
        staff[pcn_code].append((staff_role, detailed_role, fte))

    practices = defaultdict(list)
    for pcn_code, code, name in (
        PracticeRecord.objects.filter(pcn_code__in=list(staff))
        .order_by("code")
        .values_list("pcn_code", "code", "name")
    ):
        practices[pcn_code].append((code, name))
    codes = [code for members in practices.values() for code, _ in members]
    list_sizes, estimates = latest_list_sizes(codes), population_estimates(codes)
    context = {
        "roles": role_map(),
        "cadences": dict(
            ArrsRole.objects.filter(
                year=current_financial_year(), supervision_every_days__isnull=False
            ).values_list("code", "supervision_every_days")
        ),
        "list_sizes": list_sizes,
        "estimates": estimates,
    }
    return [
        network_problem(pcn_code, staff[pcn_code], practices[pcn_code], context, start)
        for pcn_code in sorted(staff)
    ]


def _services_for() -> dict[str, list[str]]:
    services = defaultdict(list)
    for service in STARTER_SERVICES:
        for role_code in service.role_codes:
            services[role_code].append(service.name)
    return services


def usual_sessions(fte) -> int:
    """FTE × 10 sessions a week, rounded half up, at most a full week."""
    sessions = (Decimal(fte) * MAX_SESSIONS).quantize(Decimal(1), ROUND_HALF_UP)
    return min(MAX_SESSIONS, int(sessions))


def session_rooms(pcn_code: str, practice_codes: list[str]) -> dict[str, dict]:
    """{practice: {(weekday, session): rooms}}: the draws the allocation batch adds up to each
    practice's room-sessions a week (the same seed, in the same order), so a week's rooms here
    total what the allocation was given."""
    seeded = random.Random(pcn_code)
    rooms = {}
    for code in practice_codes:
        rooms[code] = {
            (weekday, session): seeded.randint(*allocation_batch.ROOMS_PER_SESSION)
            for weekday in range(engine.WEEKDAYS)
            for session in engine.DAY_SESSIONS
        }
    return rooms


def network_problem(pcn_code, records, practices, context, start=START) -> engine.Problem:
    """The rota Problem of one PCN: `records` are its workforce (staff role, detailed role,
    FTE), `practices` its (ODS code, name) in code order."""
    rng = random.Random(f"rota:{pcn_code}")
    practice_codes = [code for code, _ in practices]
    services_for = _services_for()
    people, usual, in_arrs_role = [], {}, set()
    for index, (staff_role, detailed_role, fte) in enumerate(records):
        sessions = usual_sessions(fte)
        if sessions < 1:
            continue
        role_code = context["roles"].get((staff_role, detailed_role), "")
        pattern = _pattern(rng, sessions)
        available, leave = _week(rng, start, pattern)
        chance = rng.random()
        if chance < HOME_AT_PRACTICE and practice_codes:
            home = rng.choice(practice_codes)
        elif chance < HOME_AT_HUB or (chance < HOME_AT_PRACTICE and not practice_codes):
            home = engine.HUB
        else:
            home = None
        person = engine.Person(
            id=f"{pcn_code}-{index + 1}",
            name=f"{detailed_role or staff_role} {index + 1}",
            role=role_code or staff_role,
            services=tuple(services_for.get(role_code, ())),
            available=available,
            leave=leave,
            home_base=home,
        )
        people.append(person)
        usual[person.id] = len(pattern)
        if role_code:
            in_arrs_role.add(person.id)

    people = _with_supervisors(people, in_arrs_role, context["cadences"])
    teams = _teams(rng, people)
    member_of = defaultdict(list)
    for team in teams:
        for member in team.members:
            member_of[member].append(team.id)
    people = [replace(p, teams=tuple(member_of[p.id])) for p in people]

    rooms = session_rooms(pcn_code, practice_codes)
    sites = [engine.Site(code, name, rooms[code]) for code, name in practices]
    sites.append(engine.Site(engine.HUB, HUB_NAME))
    return engine.Problem(
        network=pcn_code,
        start=start,
        weeks=1,
        people=tuple(people),
        sites=tuple(sites),
        services=tuple(engine.Service(s.name, s.needs_rooms) for s in STARTER_SERVICES),
        targets=_targets(pcn_code, practice_codes, people, usual, context),
        teams=teams,
    )


def _pattern(rng, sessions) -> list[tuple[int, str]]:
    """A usual week of `sessions`: whole days, and a morning or afternoon when odd."""
    days = sorted(rng.sample(range(engine.WEEKDAYS), (sessions + 1) // 2))
    week = [(day, session) for day in days for session in engine.DAY_SESSIONS]
    if sessions % 2:
        week.remove((rng.choice(days), rng.choice(engine.DAY_SESSIONS)))
    return week


def _week(rng, start, pattern):
    """(available, leave) in the week from `start`: a day or two of leave for a few people."""
    slots = [engine.Slot(start + timedelta(days=day), session) for day, session in pattern]
    off = set()
    if rng.random() < LEAVE_CHANCE:
        days = sorted({slot.day for slot in slots})
        off = set(rng.sample(days, min(len(days), rng.choice((1, 2)))))
    return (
        tuple(slot for slot in slots if slot.day not in off),
        tuple(slot for slot in slots if slot.day in off),
    )


def _with_supervisors(people, in_arrs_role, cadences):
    """The first person of each ARRS role supervises the others in it, at the role's cadence
    where the catalogue gives one."""
    first = {}
    supervised = []
    for person in people:
        lead = first.setdefault(person.role, person.id) if person.id in in_arrs_role else None
        if lead in (None, person.id):
            supervised.append(person)
            continue
        supervised.append(
            replace(person, supervisor=lead, supervision_every_days=cadences.get(person.role))
        )
    return supervised


def _teams(rng, people) -> tuple[engine.Team, ...]:
    """A team for each service family (the first service people deliver) with two or more
    members, meeting at a fixed session each week."""
    families = defaultdict(list)
    for person in people:
        if person.services:
            families[person.services[0]].append(person.id)
    teams = []
    for service in (s.name for s in STARTER_SERVICES):
        members = families.get(service, [])
        if len(members) < 2:
            continue
        meets = (rng.randrange(engine.WEEKDAYS), rng.choice(engine.DAY_SESSIONS))
        teams.append(
            engine.Team(f"team-{len(teams) + 1}", f"{service} team", tuple(members), meets)
        )
    return tuple(teams)


def staff_sessions(people, usual) -> dict[str, int]:
    """{service: whole sessions a week}: each person's usual week shared equally between the
    services they deliver, each total rounded half up, as the allocation batch counts FTE."""
    totals = {service.name: Decimal(0) for service in STARTER_SERVICES}
    for person in people:
        for service in person.services:
            totals[service] += Decimal(usual[person.id]) / len(person.services)
    return {name: int(t.quantize(Decimal(1), ROUND_HALF_UP)) for name, t in totals.items()}


def _targets(pcn_code, practice_codes, people, usual, context) -> tuple[engine.Target, ...]:
    """The allocation engine's sessions per practice and service, on the allocation batch's
    rooms, opt-ins and populations."""
    if not practice_codes:
        return ()
    estimates, list_sizes = context["estimates"], context["list_sizes"]
    populations = {
        code: {
            "registered": list_sizes[code][0] if code in list_sizes else None,
            "adjusted": allocation_batch._estimate(estimates, code, "adjusted"),
            "weighted": allocation_batch._estimate(estimates, code, "weighted"),
        }
        for code in practice_codes
    }
    policy = Policy()
    if any(populations[code]["weighted"] is None for code in practice_codes):
        policy = Policy(basis=allocation_batch.FALLBACK_BASIS)
    problem = allocation_batch._network_problem(
        pcn_code, practice_codes, populations, staff_sessions(people, usual), policy
    )
    return tuple(
        engine.Target(row.ods_code, service.service, row.allocated)
        for service in allocate_network(problem).services
        if isinstance(service, ServiceAllocation)
        for row in service.practices
        if row.allocated > 0
    )


# --- the task -------------------------------------------------------------------------------


@task()
def solve_network(problem: dict, seconds: float, relative_gap: float) -> dict:
    """Solve one PCN's rota on one core; what it reached, for the batch's figures."""
    read = json_io.problem_from_json(problem)
    result = solve(read, seconds=seconds, workers=1, relative_gap=relative_gap)
    return {
        "network": read.network,
        "people": len(read.people),
        "sessions": sum(len(p.available) for p in read.people),
        "status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "seconds": result.wall_seconds,
        "first_solution_seconds": result.first_solution_seconds,
    }


def enqueue(problems: Iterable[dict], *, seconds: float, relative_gap: float) -> int:
    """One task per problem (as JSON) in this process's database; returns how many."""
    count = 0
    with transaction.atomic():
        for problem in problems:
            solve_network.enqueue(problem, seconds, relative_gap)
            count += 1
    return count


def collect() -> list[dict]:
    """Every finished batch task in this process's database, as the task returned it (or its
    error), then cleared so the next run starts from an empty queue."""
    from django_tasks_db.models import DBTaskResult

    finished = DBTaskResult.objects.filter(task_path=solve_network.module_path)
    rows = []
    for status, value, started, ended, workers, error in finished.values_list(
        "status", "return_value", "started_at", "finished_at", "worker_ids", "exception_class_path"
    ):
        row = dict(value or {})
        row["task_status"] = status
        row["worker"] = workers[-1] if workers else None
        row["claims"] = len(workers)  # how many workers took the task: 1, or it ran twice
        row["task_seconds"] = (ended - started).total_seconds() if started and ended else None
        if error:
            row["error"] = error
        rows.append(row)
    finished.delete()
    return rows
