"""A believable synthetic network, for benchmarks and property tests: roles with the services
they deliver, part-time working patterns, leave, rooms, home bases, teams, supervisors, and
targets from a near-equal split of the staff time there is.

The same seed gives the same network, so a benchmark figure can be reproduced.
"""

import random
from datetime import date, timedelta

from .problem import (
    HUB,
    NETWORK_WORK,
    DAY_SESSIONS,
    WEEKDAYS,
    Person,
    Problem,
    Service,
    Site,
    Slot,
    Target,
    Team,
)

START = date(2026, 11, 30)  # a Monday

SERVICES = (
    Service("Structured medication reviews"),
    Service("Medicines optimisation"),
    Service("Social prescribing"),
    Service("First contact physiotherapy"),
    Service("Home visits", needs_rooms=False),
    Service("Care coordination", needs_rooms=False),
    Service("Health and wellbeing coaching"),
    Service("Mental health support"),
)

# (role, services, how common, supervision cadence in days)
ROLES = (
    ("Clinical pharmacist", ("Structured medication reviews", "Medicines optimisation"), 4, 28),
    ("Pharmacy technician", ("Medicines optimisation",), 3, 28),
    ("Social prescribing link worker", ("Social prescribing",), 3, 90),
    ("First contact physiotherapist", ("First contact physiotherapy",), 2, 28),
    ("Paramedic", ("Home visits",), 2, 28),
    ("Care coordinator", ("Care coordination", "Social prescribing"), 3, 90),
    ("Health and wellbeing coach", ("Health and wellbeing coaching",), 2, 90),
    ("Mental health practitioner", ("Mental health support",), 1, 28),
)

TEAMS = (
    ("pharmacy", "Pharmacy team", ("Clinical pharmacist", "Pharmacy technician")),
    (
        "personalised-care",
        "Personalised care team",
        ("Social prescribing link worker", "Care coordinator", "Health and wellbeing coach"),
    ),
    ("frailty", "Frailty team", ("Paramedic", "First contact physiotherapist")),
    ("mental-health", "Mental health team", ("Mental health practitioner",)),
)

PRACTICE_NAMES = (
    "Riverside Surgery", "Hillview Medical Centre", "Market Street Practice", "Oak Lodge Surgery",
    "The Green Health Centre", "Station Road Surgery", "Parkside Medical Practice",
    "Abbey Lane Surgery", "Castle Fields Practice", "Millbrook Health Centre",
    "Westgate Surgery", "Orchard Medical Centre",
)  # fmt: skip

FIRST = ("Amira", "Ben", "Chloe", "Dev", "Erin", "Farah", "Gareth", "Hana", "Imran", "Jess",
         "Kwame", "Leah", "Mo", "Niamh", "Owen", "Priya", "Rhys", "Sana", "Tom", "Uma")  # fmt: skip
LAST = ("Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fisher", "Green", "Hughes", "Iqbal",
        "Jones", "Khan", "Lewis", "Morgan", "Nolan", "Okafor", "Patel", "Roberts", "Shah")  # fmt: skip


def generated_problem(
    seed: int, people: int = 80, practices: int = 8, weeks: int = 4, start: date = START
) -> Problem:
    rng = random.Random(seed)
    sites = tuple(_practice(rng, i) for i in range(practices)) + (Site(HUB, "Network hub"),)
    practice_ids = [site.id for site in sites if site.id != HUB]
    roles = rng.choices(ROLES, weights=[r[2] for r in ROLES], k=people)
    staff = []
    leads = {}
    for i, (role, services, _, cadence) in enumerate(roles):
        pid = f"p{i + 1:03d}"
        pattern = _pattern(rng)
        available, leave = _sessions(rng, start, weeks, pattern)
        supervisor = None
        if role == "Pharmacy technician" and "Clinical pharmacist" in leads:
            supervisor = leads["Clinical pharmacist"]
        elif role in leads and rng.random() < 0.5:
            supervisor = leads[role]
        leads.setdefault(role, pid)
        home = rng.random()
        staff.append(
            Person(
                id=pid,
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                role=role,
                services=services,
                available=available,
                leave=leave,
                home_base=(
                    rng.choice(practice_ids) if home < 0.7 else HUB if home < 0.85 else None
                ),
                supervisor=supervisor,
                supervision_every_days=cadence if supervisor else None,
                max_sites=rng.choice((None, None, None, None, 1, 3)),
            )
        )
    teams = _teams(rng, staff)
    return Problem(
        network=f"GEN{seed}",
        start=start,
        weeks=weeks,
        people=tuple(staff),
        sites=sites,
        services=SERVICES,
        targets=_targets(rng, staff, sites),
        teams=teams,
    )


def _practice(rng, i):
    rooms = {
        (weekday, session): rng.choices((1, 2, 3), weights=(2, 5, 3))[0]
        for weekday in range(WEEKDAYS)
        for session in DAY_SESSIONS
    }
    name = PRACTICE_NAMES[i % len(PRACTICE_NAMES)]
    if i >= len(PRACTICE_NAMES):
        name = f"{name} {i // len(PRACTICE_NAMES) + 1}"
    return Site(f"X{81001 + i}", name, rooms)


def _pattern(rng) -> list[tuple[int, str]]:
    """A usual week of 6 to 10 sessions: whole days off, sometimes an afternoon."""
    week = [(d, s) for d in range(WEEKDAYS) for s in DAY_SESSIONS]
    sessions = rng.choice((6, 8, 8, 9, 10, 10, 10))
    days_off = rng.sample(range(WEEKDAYS), (10 - sessions) // 2)
    week = [(d, s) for d, s in week if d not in days_off]
    if sessions % 2:
        week.remove((rng.choice([d for d in range(WEEKDAYS) if d not in days_off]), "PM"))
    return week


def _sessions(rng, start, weeks, pattern):
    """(available, leave): the pattern over the horizon, less a week or a few days of leave
    for about a third of people."""
    worked = [Slot(start + timedelta(weeks=w, days=d), s) for w in range(weeks) for d, s in pattern]
    off = set()
    chance = rng.random()
    if chance < 0.12:
        week = rng.randrange(weeks)
        off = {slot for slot in worked if (slot.day - start).days // 7 == week}
    elif chance < 0.35:
        days = sorted({slot.day for slot in worked})
        off = {slot for slot in worked if slot.day in rng.sample(days, min(len(days), 2))}
    return (
        tuple(slot for slot in worked if slot not in off),
        tuple(slot for slot in worked if slot in off),
    )


def _teams(rng, staff):
    teams = []
    for index, (tid, name, roles) in enumerate(TEAMS):
        members = tuple(p.id for p in staff if p.role in roles)
        if len(members) < 2:
            continue
        # Most teams fix their weekly session; one leaves it to the rota.
        meets = None if index == 1 else (rng.randrange(WEEKDAYS), rng.choice(DAY_SESSIONS))
        teams.append(Team(tid, name, members, meets))
    return tuple(teams)


def _targets(rng, staff, sites):
    """Each service's staff time in its leanest week (people with two services split theirs),
    about 80% of it shared near-equally among the practices that opt in; room-needing targets
    are then scaled to fit three quarters of each practice's room-sessions. No more practices
    opt in to a service than the people who deliver it can reach in a week (their practices-a-
    week limits added up), as an allocation agreed by a real network would not ask them to."""
    practices = [site for site in sites if site.id != HUB]
    weeks = sorted({slot.day.isocalendar()[:2] for p in staff for slot in p.available + p.leave})
    time_by_week = {}  # service -> week -> sessions
    for person in staff:
        for slot in person.available:
            for service in person.services:
                week = time_by_week.setdefault(service, dict.fromkeys(weeks, 0))
                week[slot.day.isocalendar()[:2]] += 1 / len(person.services)
    weekly = {service: min(week.values()) for service, week in time_by_week.items()}
    shares = {}
    for service in SERVICES:
        time = 0.8 * weekly.get(service.name, 0)
        reach = sum(
            2 if p.max_sites is None else p.max_sites for p in staff if service.name in p.services
        )
        opted = [p for p in practices if rng.random() < 0.85] or [rng.choice(practices)]
        opted = opted[: max(1, reach)]
        weights = {p.id: rng.uniform(0.8, 1.2) for p in opted}
        total = sum(weights.values())
        for site, weight in weights.items():
            shares[site, service.name] = time * weight / total
    for site in practices:
        room_sessions = 0.75 * sum(site.rooms.values())
        needing = [
            key for key in shares
            if key[0] == site.id and next(s for s in SERVICES if s.name == key[1]).needs_rooms
        ]  # fmt: skip
        wanted = sum(shares[key] for key in needing)
        if wanted > room_sessions:
            for key in needing:
                shares[key] *= room_sessions / wanted
    return tuple(
        Target(site, service, int(share))
        for (site, service), share in shares.items()
        if int(share) > 0 and service != NETWORK_WORK
    )
