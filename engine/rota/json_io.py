"""Problems, rotas and results as plain JSON, for files, the command line and the app's API.

Dates are ISO 8601; a session is {"day": "2026-11-30", "session": "AM"} (AM, PM, EVE on a
weekday; SAT_AM, SAT_PM on a Saturday); a weekly session (a room-grid key, a team's meeting) is
"0-AM", weekday 0 being Monday and 5 Saturday ("5-SAT_AM"); an assignment is
{"person", "date", "session", "site", "service"}. Reading a file that is wrong raises
RotaInputError with where, as a path: "people[3].available[2].session: must be one of AM, PM…".

Keys added since the first files (a service's "hours", "holidays", "holiday_names",
"holidays_worked", "enhanced_access") are optional: absent, a file means what it meant when it
was written (core hours, no bank holidays, no enhanced access duty).
"""

from datetime import date

from . import well_formed
from .explain import Explanation
from .findings import Penalty, Violation
from .problem import (
    CORE_HOURS,
    DEFAULT_WEIGHTS,
    SATURDAY,
    SESSIONS,
    Assignment,
    EnhancedAccess,
    OfferedSession,
    Person,
    Problem,
    RotaInputError,
    Service,
    Site,
    Slot,
    Target,
    Team,
    session_fits,
)
from .validate import Report

_REQUIRED = object()


# --- writing ---------------------------------------------------------------------------------


def weekly_key(weekday: int, session: str) -> str:
    return f"{weekday}-{session}"


def _slot_json(slot: Slot) -> dict:
    return {"day": slot.day.isoformat(), "session": slot.session}


def problem_to_json(problem: Problem) -> dict:
    return {
        "network": problem.network,
        "start": problem.start.isoformat(),
        "weeks": problem.weeks,
        "tolerance": problem.tolerance,
        "strict_allocation": problem.strict_allocation,
        "max_sites": problem.max_sites,
        "weights": dict(problem.weights),
        "sites": [
            {
                "id": site.id,
                "name": site.name,
                "rooms": {weekly_key(*key): n for key, n in sorted(site.rooms.items())},
            }
            for site in problem.sites
        ],
        "services": [
            {"name": s.name, "needs_rooms": s.needs_rooms, "hours": s.hours}
            for s in problem.services
        ],
        "people": [
            {
                "id": p.id,
                "name": p.name,
                "role": p.role,
                "services": list(p.services),
                "available": [_slot_json(slot) for slot in p.available],
                "leave": [_slot_json(slot) for slot in p.leave],
                "home_base": p.home_base,
                "teams": list(p.teams),
                "supervisor": p.supervisor,
                "supervision_every_days": p.supervision_every_days,
                "max_sites": p.max_sites,
            }
            for p in problem.people
        ],
        "targets": [
            {"site": t.site, "service": t.service, "sessions_per_week": t.sessions_per_week}
            for t in problem.targets
        ],
        "teams": [
            {
                "id": t.id,
                "name": t.name,
                "members": list(t.members),
                "meets": weekly_key(*t.meets) if t.meets else None,
            }
            for t in problem.teams
        ],
        "locked": rota_to_json(problem.locked),
        "published": rota_to_json(problem.published),
        "holidays": [day.isoformat() for day in sorted(problem.holidays)],
        **(
            {
                "holiday_names": {
                    day.isoformat(): name for day, name in sorted(problem.holiday_names.items())
                }
            }
            if problem.holiday_names
            else {}
        ),
        "holidays_worked": {
            day.isoformat(): list(services)
            for day, services in sorted(problem.holidays_worked.items())
        },
        "enhanced_access": enhanced_access_to_json(problem.enhanced_access),
    }


def enhanced_access_to_json(access: EnhancedAccess | None) -> dict | None:
    if access is None:
        return None
    return {
        "minutes_required_per_week": access.minutes_required_per_week,
        "working": access.working,
        "sessions": [
            {"site": o.site, "weekday": o.weekday, "session": o.session, "minutes": o.minutes}
            for o in access.sessions
        ],
    }


def rota_to_json(rota) -> list[dict]:
    return [
        {
            "person": a.person,
            "date": a.day.isoformat(),
            "session": a.session,
            "site": a.site,
            "service": a.service,
        }
        for a in rota
    ]


def _finding_json(finding: Violation | Penalty) -> dict:
    return {
        "who": list(finding.who),
        "where": finding.where,
        "when": finding.when,
        "count": getattr(finding, "count", None),
        "amount": getattr(finding, "amount", None),
        "message": finding.message,
    }


def explanation_to_json(explanation: Explanation) -> dict:
    return {
        "total": explanation.total,
        "ok": explanation.ok,
        "rules": [
            {
                "rule": r.rule,
                "title": r.title,
                "why": r.why,
                "kind": r.kind,
                "weight": r.weight,
                "total": r.total,
                "sentence": r.sentence,
                "instances": [_finding_json(i) for i in r.instances],
            }
            for r in explanation.rules
        ],
        "practices": [
            {
                "site": p.site,
                "name": p.name,
                "services": [
                    {
                        "service": service,
                        "weeks": [
                            {
                                "week": w.week + 1,
                                "start": w.start.isoformat(),
                                "target": w.target,
                                "delivered": w.delivered,
                                **({"note": w.note} if w.note else {}),
                            }
                            for w in weeks
                        ],
                    }
                    for service, weeks in p.services
                ],
                "sentences": list(p.sentences),
            }
            for p in explanation.practices
        ],
        "people": [
            {
                "person": p.person,
                "name": p.name,
                "home_base": p.home_base,
                "sessions": p.sessions,
                "away_from_home": p.away_from_home,
                "weeks": [
                    {
                        "week": w.week + 1,
                        "start": w.start.isoformat(),
                        "practices": list(w.practices),
                        "hub_sessions": w.hub_sessions,
                        "sessions": w.sessions,
                    }
                    for w in p.weeks
                ],
                "sentence": p.sentence,
            }
            for p in explanation.people
        ],
    }


def report_to_json(report: Report) -> dict:
    return {
        "ok": report.ok,
        "total": report.total,
        "violations": [{"rule": v.rule, **_finding_json(v)} for v in report.violations],
        "scores": report.totals,
    }


def result_to_json(result, problem: Problem) -> dict:
    return {
        "problem": problem_to_json(problem),
        "rota": rota_to_json(result.rota),
        "status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "gap_by_rule": [dict(part) for part in result.gap_by_rule],
        "wall_seconds": round(result.wall_seconds, 3),
        "first_solution_seconds": (
            None
            if result.first_solution_seconds is None
            else round(result.first_solution_seconds, 3)
        ),
        "explanation": explanation_to_json(result.explanation),
        "conflicts": list(result.conflicts),
        "warnings": list(result.warnings),
    }


# --- reading ---------------------------------------------------------------------------------


def _fail(path: str, message: str):
    raise RotaInputError(f"{path}: {message}" if path else message)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _object(value, path, fields) -> dict:
    if not isinstance(value, dict):
        _fail(path, "must be an object")
    for key in value:
        if key not in fields:
            _fail(_join(path, str(key)), f"is not a field here; the fields are {', '.join(fields)}")
    return value


def _get(obj, key, path, default=_REQUIRED):
    if key in obj:
        return obj[key]
    if default is _REQUIRED:
        _fail(_join(path, key), "is missing")
    return default


def _text(value, path, *, optional=False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value:
        _fail(path, "must be some text")
    return value


def _flag(value, path) -> bool:
    if not isinstance(value, bool):
        _fail(path, f"must be true or false, not {_shown(value)}")
    return value


def _whole(value, path, *, optional=False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(path, f"must be a whole number, not {_shown(value)}")
    return value


def _shown(value) -> str:
    import json

    return json.dumps(value)


def _list(value, path) -> list:
    if not isinstance(value, list):
        _fail(path, "must be a list")
    return value


def _date(value, path) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    _fail(path, f"must be a date like 2026-11-30, not {_shown(value)}")


def _session(value, path) -> str:
    if value not in SESSIONS:
        _fail(path, f"must be one of {', '.join(SESSIONS)}, not {_shown(value)}")
    return value


def _weekly(value, path) -> tuple[int, str]:
    weekday, _, session = str(value).partition("-")
    if not (weekday.isdigit() and session_fits(int(weekday), session)):
        _fail(
            path,
            "must be a weekday 0 (Monday) to 4 (Friday) and AM, PM or EVE, like 0-AM, or "
            f"{SATURDAY} (Saturday) and SAT_AM or SAT_PM, not {_shown(value)}",
        )
    return int(weekday), session


def _slot(value, path) -> Slot:
    obj = _object(value, path, ("day", "session"))
    return Slot(
        _date(_get(obj, "day", path), _join(path, "day")),
        _session(_get(obj, "session", path), _join(path, "session")),
    )


def _texts(value, path) -> tuple[str, ...]:
    return tuple(_text(v, f"{path}[{i}]") for i, v in enumerate(_list(value, path)))


def _holiday_names(value) -> dict:
    if not isinstance(value, dict):
        _fail("holiday_names", 'must be an object like {"2026-12-25": "Christmas Day"}')
    return {
        _date(day, f"holiday_names.{day}"): _text(name, f"holiday_names.{day}")
        for day, name in value.items()
    }


def rota_from_json(data, path: str = "rota") -> tuple[Assignment, ...]:
    fields = ("person", "date", "session", "site", "service")
    rota = []
    for i, item in enumerate(_list(data, path)):
        at = f"{path}[{i}]"
        obj = _object(item, at, fields)
        rota.append(
            Assignment(
                person=_text(_get(obj, "person", at), _join(at, "person")),
                day=_date(_get(obj, "date", at), _join(at, "date")),
                session=_session(_get(obj, "session", at), _join(at, "session")),
                site=_text(_get(obj, "site", at), _join(at, "site")),
                service=_text(_get(obj, "service", at), _join(at, "service")),
            )
        )
    return tuple(rota)


def _person(value, path) -> Person:
    fields = (
        "id", "name", "role", "services", "available", "leave", "home_base", "teams",
        "supervisor", "supervision_every_days", "max_sites",
    )  # fmt: skip
    obj = _object(value, path, fields)

    def slots(key):
        at = _join(path, key)
        return tuple(_slot(v, f"{at}[{i}]") for i, v in enumerate(_list(obj.get(key, []), at)))

    return Person(
        id=_text(_get(obj, "id", path), _join(path, "id")),
        name=_text(_get(obj, "name", path), _join(path, "name")),
        role=obj.get("role", "") or "",
        services=_texts(obj.get("services", []), _join(path, "services")),
        available=slots("available"),
        leave=slots("leave"),
        home_base=_text(obj.get("home_base"), _join(path, "home_base"), optional=True),
        teams=_texts(obj.get("teams", []), _join(path, "teams")),
        supervisor=_text(obj.get("supervisor"), _join(path, "supervisor"), optional=True),
        supervision_every_days=_whole(
            obj.get("supervision_every_days"), _join(path, "supervision_every_days"), optional=True
        ),
        max_sites=_whole(obj.get("max_sites"), _join(path, "max_sites"), optional=True),
    )


def _site(value, path) -> Site:
    obj = _object(value, path, ("id", "name", "rooms"))
    rooms_at = _join(path, "rooms")
    grid = obj.get("rooms", {})
    if not isinstance(grid, dict):
        _fail(rooms_at, 'must be an object like {"0-AM": 2}')
    rooms = {
        _weekly(key, f"{rooms_at}.{key}"): _whole(n, f"{rooms_at}.{key}") for key, n in grid.items()
    }
    return Site(
        id=_text(_get(obj, "id", path), _join(path, "id")),
        name=_text(_get(obj, "name", path), _join(path, "name")),
        rooms=rooms,
    )


def _service(value, path) -> Service:
    obj = _object(value, path, ("name", "needs_rooms", "hours"))
    needs = obj.get("needs_rooms", True)
    if not isinstance(needs, bool):
        _fail(_join(path, "needs_rooms"), "must be true or false")
    hours = _text(obj.get("hours", CORE_HOURS), _join(path, "hours"))
    return Service(_text(_get(obj, "name", path), _join(path, "name")), needs, hours)


def _enhanced_access(value) -> EnhancedAccess | None:
    if value is None:
        return None
    path = "enhanced_access"
    obj = _object(value, path, ("minutes_required_per_week", "working", "sessions"))
    sessions = []
    for i, item in enumerate(_list(obj.get("sessions", []), _join(path, "sessions"))):
        at = f"{path}.sessions[{i}]"
        offered = _object(item, at, ("site", "weekday", "session", "minutes"))
        weekday = _whole(_get(offered, "weekday", at), _join(at, "weekday"))
        session = _session(_get(offered, "session", at), _join(at, "session"))
        _weekly(f"{weekday}-{session}", at)
        sessions.append(
            OfferedSession(
                site=_text(_get(offered, "site", at), _join(at, "site")),
                weekday=weekday,
                session=session,
                minutes=_whole(_get(offered, "minutes", at), _join(at, "minutes")),
            )
        )
    return EnhancedAccess(
        minutes_required_per_week=_whole(
            _get(obj, "minutes_required_per_week", path),
            _join(path, "minutes_required_per_week"),
        ),
        sessions=tuple(sessions),
        working=_text(obj.get("working") or None, _join(path, "working"), optional=True) or "",
    )


def _holidays_worked(value) -> dict:
    if not isinstance(value, dict):
        _fail("holidays_worked", 'must be an object like {"2026-12-28": ["Flu vaccination"]}')
    return {
        _date(day, f"holidays_worked.{day}"): _texts(services, f"holidays_worked.{day}")
        for day, services in value.items()
    }


def _target(value, path) -> Target:
    obj = _object(value, path, ("site", "service", "sessions_per_week"))
    return Target(
        site=_text(_get(obj, "site", path), _join(path, "site")),
        service=_text(_get(obj, "service", path), _join(path, "service")),
        sessions_per_week=_whole(
            _get(obj, "sessions_per_week", path), _join(path, "sessions_per_week")
        ),
    )


def _team(value, path) -> Team:
    obj = _object(value, path, ("id", "name", "members", "meets"))
    meets = obj.get("meets")
    return Team(
        id=_text(_get(obj, "id", path), _join(path, "id")),
        name=_text(_get(obj, "name", path), _join(path, "name")),
        members=_texts(obj.get("members", []), _join(path, "members")),
        meets=None if meets is None else _weekly(meets, _join(path, "meets")),
    )


def problem_from_json(data) -> Problem:
    fields = (
        "network", "start", "weeks", "tolerance", "strict_allocation", "max_sites", "weights", "sites", "services",
        "people", "targets", "teams", "locked", "published", "holidays", "holiday_names",
        "holidays_worked", "enhanced_access",
    )  # fmt: skip
    if not isinstance(data, dict):
        _fail("", "The problem must be a JSON object.")
    obj = _object(data, "", fields)

    def each(key, read):
        items = _list(obj.get(key, []), key)
        return tuple(read(item, f"{key}[{i}]") for i, item in enumerate(items))

    weights = obj.get("weights", {})
    if not isinstance(weights, dict):
        _fail("weights", 'must be an object like {"split_day": 10}')
    problem = Problem(
        network=_text(_get(obj, "network", ""), "network"),
        start=_date(_get(obj, "start", ""), "start"),
        weeks=_whole(_get(obj, "weeks", ""), "weeks"),
        people=each("people", _person),
        sites=each("sites", _site),
        services=each("services", _service),
        targets=each("targets", _target),
        teams=each("teams", _team),
        tolerance=_whole(obj.get("tolerance", 1), "tolerance"),
        strict_allocation=_flag(obj.get("strict_allocation", False), "strict_allocation"),
        max_sites=_whole(obj.get("max_sites", 2), "max_sites"),
        weights={**DEFAULT_WEIGHTS, **weights},
        locked=rota_from_json(obj.get("locked", []), "locked"),
        published=rota_from_json(obj.get("published", []), "published"),
        # Absent in files written before bank holidays were known: none.
        holidays=tuple(
            _date(day, f"holidays[{i}]")
            for i, day in enumerate(_list(obj.get("holidays", []), "holidays"))
        ),
        holiday_names=_holiday_names(obj.get("holiday_names", {})),
        holidays_worked=_holidays_worked(obj.get("holidays_worked", {})),
        enhanced_access=_enhanced_access(obj.get("enhanced_access")),
    )
    well_formed.check(problem)
    return problem
