"""Is the problem well formed? Every reference resolves, every session is a weekday in the
horizon, nothing is listed twice. Raises RotaInputError saying what and where, as a path into
the problem ("people[3].available[2].session: must be AM or PM"), so the same message points
into a JSON file or at the app's records.

This is about malformed input. A well-formed problem that no rota can satisfy is not an error:
that is conflicts.py's business.
"""

from datetime import date, timedelta

from . import horizon
from .problem import (
    CORE_HOURS,
    DAY_SESSIONS,
    DEFAULT_WEIGHTS,
    ENHANCED_HOURS,
    ENHANCED_SESSIONS,
    HUB,
    NETWORK_WORK,
    SATURDAY,
    SESSIONS,
    WEEKDAYS,
    Problem,
    RotaInputError,
    session_fits,
)

# The longest enhanced access session: Saturday 09:00–13:00.
MOST_MINUTES = 240

MAX_WEEKS = 13


def fail(path: str, message: str):
    raise RotaInputError(f"{path}: {message}")


def _whole(value, path, *, least=0):
    if isinstance(value, bool) or not isinstance(value, int):
        fail(path, f"must be a whole number, not {value!r}")
    if value < least:
        fail(path, f"must be {least} or more, not {value}")


def _weekly(meets, path, sessions=SESSIONS):
    """A weekly session: (weekday, session), the session one its day has (session_fits)."""
    weekday, session = meets
    if not isinstance(weekday, int) or isinstance(weekday, bool) or not 0 <= weekday <= SATURDAY:
        fail(path, f"weekday must be 0 (Monday) to 4 (Friday), or 5 (Saturday), not {weekday!r}")
    if session not in sessions:
        fail(path, f"session must be one of {', '.join(sessions)}, not {session!r}")
    if not session_fits(weekday, session):
        where = "a Saturday" if weekday == SATURDAY else "a weekday"
        fail(path, f"{session} is not a session of {where}")


def _slot(problem, slot, path, day="day"):
    if not isinstance(slot.day, date):
        fail(f"{path}.{day}", f"must be a date, not {slot.day!r}")
    if slot.session not in SESSIONS:
        fail(f"{path}.session", f"must be one of {', '.join(SESSIONS)}")
    if not horizon.in_horizon(problem, slot.day):
        saturday = problem.start + timedelta(weeks=problem.weeks, days=-2)
        fail(
            f"{path}.{day}",
            f"{slot.day.isoformat()} is not a weekday or Saturday from "
            f"{problem.start.isoformat()} to {saturday.isoformat()}",
        )
    if not horizon.fits(slot):
        fail(
            f"{path}.session",
            f"{slot.day.isoformat()} is a {horizon.DAY_NAMES[slot.day.weekday()]}, which has no "
            f"{slot.session} session"
            + (" (Saturdays have SAT_AM and SAT_PM)" if slot.day.weekday() == SATURDAY else ""),
        )


def _unique(items, key, path, what):
    seen = set()
    for i, item in enumerate(items):
        k = key(item)
        if k in seen:
            fail(f"{path}[{i}]", f"{what(item)} is listed twice")
        seen.add(k)


def check(problem: Problem) -> None:
    if not isinstance(problem.start, date) or problem.start.weekday() != 0:
        fail("start", "must be a Monday")
    _whole(problem.weeks, "weeks", least=1)
    if problem.weeks > MAX_WEEKS:
        fail("weeks", f"must be {MAX_WEEKS} or fewer, not {problem.weeks}")
    _whole(problem.tolerance, "tolerance")
    _whole(problem.max_sites, "max_sites")
    for rule, weight in problem.weights.items():
        if rule not in DEFAULT_WEIGHTS:
            fail(f"weights.{rule}", f"is not a rule; the rules are {', '.join(DEFAULT_WEIGHTS)}")
        _whole(weight, f"weights.{rule}")

    # Bank holidays: weekdays in the horizon, each once. Nobody works one, so a problem that
    # has someone available (or locked) on a holiday is refused rather than quietly trimmed:
    # the app that built it has its calendar wrong. A published session on a holiday is
    # accepted (a rota published before the holiday was known) and simply not kept.
    seen = set()
    for i, day in enumerate(problem.holidays):
        if not isinstance(day, date):
            fail(f"holidays[{i}]", f"must be a date, not {day!r}")
        if day in seen:
            fail(f"holidays[{i}]", f"{day.isoformat()} is listed twice")
        seen.add(day)
    for day in problem.holiday_names:
        if day not in seen:
            fail(f"holiday_names.{day}", "names a day that is not one of the holidays")
    for day, worked in problem.holidays_worked.items():
        if day not in seen:
            fail(f"holidays_worked.{day}", "is not one of the holidays")
        for j, service in enumerate(worked):
            if problem.service(service) is None:
                fail(f"holidays_worked.{day}[{j}]", f"{service!r} is not one of the services")

    _unique(problem.sites, lambda s: s.id, "sites", lambda s: f"site {s.id!r}")
    sites = {site.id for site in problem.sites} | {HUB}
    for i, site in enumerate(problem.sites):
        for key, rooms in site.rooms.items():
            path = f"sites[{i}].rooms[{key[0]}-{key[1]}]"
            _weekly(key, path)
            _whole(rooms, path)

    _unique(problem.services, lambda s: s.name, "services", lambda s: f"service {s.name!r}")
    services = {service.name for service in problem.services} | {NETWORK_WORK}
    for i, service in enumerate(problem.services):
        if service.hours not in (CORE_HOURS, ENHANCED_HOURS):
            fail(f"services[{i}].hours", f"must be {CORE_HOURS} or {ENHANCED_HOURS}")
    _enhanced_access(problem, sites)

    _unique(problem.people, lambda p: p.id, "people", lambda p: f"person {p.id!r}")
    people = {person.id for person in problem.people}
    for i, person in enumerate(problem.people):
        path = f"people[{i}]"
        for j, service in enumerate(person.services):
            if service not in services:
                fail(f"{path}.services[{j}]", f"{service!r} is not one of the services")
        for field in ("available", "leave"):
            for j, slot in enumerate(getattr(person, field)):
                _slot(problem, slot, f"{path}.{field}[{j}]")
        for j, slot in enumerate(person.available):
            worked = problem.services_on(slot.day)
            if worked is not None and not set(worked) & set(person.services):
                fail(
                    f"{path}.available[{j}]",
                    f"{horizon.slot_label(slot)} is a bank holiday"
                    + (
                        f" worked only for {horizon.names(worked)}, which they do not deliver"
                        if worked
                        else "; nobody may be available on one"
                    ),
                )
        both = set(person.available) & set(person.leave)
        if both:
            slot = min(both)
            fail(
                f"{path}.leave",
                f"{horizon.slot_label(slot)} is both worked and on leave; leave must be taken "
                "out of the sessions available",
            )
        if person.home_base is not None and person.home_base not in sites:
            fail(f"{path}.home_base", f"{person.home_base!r} is not one of the sites")
        if person.supervisor == person.id:
            fail(f"{path}.supervisor", "a person cannot supervise themselves")
        if person.supervision_every_days is not None:
            _whole(person.supervision_every_days, f"{path}.supervision_every_days", least=1)
        if person.max_sites is not None:
            _whole(person.max_sites, f"{path}.max_sites")

    _unique(
        problem.targets,
        lambda t: (t.site, t.service),
        "targets",
        lambda t: f"the target for {t.service} at {t.site}",
    )
    for i, target in enumerate(problem.targets):
        path = f"targets[{i}]"
        if target.site == HUB or target.site not in sites:
            fail(f"{path}.site", f"{target.site!r} is not one of the practices")
        if target.service not in services or target.service == NETWORK_WORK:
            fail(f"{path}.service", f"{target.service!r} is not one of the services")
        _whole(target.sessions_per_week, f"{path}.sessions_per_week")

    _unique(problem.teams, lambda t: t.id, "teams", lambda t: f"team {t.id!r}")
    for i, team in enumerate(problem.teams):
        if team.meets is not None:
            _weekly(team.meets, f"teams[{i}].meets", DAY_SESSIONS)

    for field in ("locked", "published"):
        _unique(
            getattr(problem, field),
            lambda a: (a.person, a.slot),
            field,
            lambda a: f"{a.person}'s session on {a.day.isoformat()} {a.session}",
        )
        for i, a in enumerate(getattr(problem, field)):
            path = f"{field}[{i}]"
            if a.person not in people:
                fail(f"{path}.person", f"{a.person!r} is not one of the people")
            _slot(problem, a.slot, path, day="date")
            worked = problem.services_on(a.day)
            if field == "locked" and worked is not None and a.service not in worked:
                fail(f"{path}.date", f"{a.day.isoformat()} is a bank holiday; nobody works on one")
            if a.site not in sites:
                fail(f"{path}.site", f"{a.site!r} is not one of the sites")
            if a.service not in services:
                fail(f"{path}.service", f"{a.service!r} is not one of the services")


def _enhanced_access(problem: Problem, sites: set[str]) -> None:
    access = problem.enhanced_access
    if access is None:
        return
    _whole(access.minutes_required_per_week, "enhanced_access.minutes_required_per_week")
    _unique(
        access.sessions,
        lambda o: (o.site, o.weekday, o.session),
        "enhanced_access.sessions",
        lambda o: f"{o.site} {o.weekday}-{o.session}",
    )
    for i, offered in enumerate(access.sessions):
        path = f"enhanced_access.sessions[{i}]"
        if offered.site == HUB or offered.site not in sites:
            fail(f"{path}.site", f"{offered.site!r} is not one of the practices")
        _weekly((offered.weekday, offered.session), path, ENHANCED_SESSIONS)
        _whole(offered.minutes, f"{path}.minutes", least=1)
        if offered.minutes > MOST_MINUTES:
            fail(f"{path}.minutes", f"must be {MOST_MINUTES} or fewer, not {offered.minutes}")
