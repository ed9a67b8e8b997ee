"""The published rota, week by week: by practice and by person. Only rotas in force count: a
week a later rota replaced is read from that later rota (Assignment.objects.in_force())."""

from datetime import date, timedelta

from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from engine.rota.summary import session_words
from pcn.core.bank_holidays import bank_holidays
from pcn.rota.models import Assignment
from pcn.rota.queries import HUB_LABEL
from pcn.workforce.identity import my_record
from pcn.workforce.queries import role_names

from ..common import (
    BAD_PARAMETERS,
    NO_TOKEN,
    NOT_ALLOWED,
    NOT_YOURS,
    Pages,
    network_for,
    responses,
    week_asked,
)

router = Router(tags=["rota"])

# Within a day: morning, afternoon, then evening (Saturdays have a morning and an afternoon).
SESSION_ORDER = {"AM": 0, "SAT_AM": 0, "PM": 1, "SAT_PM": 1, "EVE": 2}
WEEK_HELP = "The Monday of the week, YYYY-MM-DD; this week when left out."


class PersonSessionOut(Schema):
    day: date
    session: str  # AM, PM, EVE, SAT_AM or SAT_PM
    when: str  # "Mon 7 Dec, morning"
    ods_code: str | None  # null: at the hub or remote
    practice: str
    service: str


class PersonWeekOut(Schema):
    staff_id: int
    name: str
    role: str | None  # the ARRS catalogue role's code
    role_name: str | None
    week: date
    sessions: list[PersonSessionOut]


class PracticeSessionOut(Schema):
    day: date
    session: str
    when: str
    staff_id: int
    name: str
    role: str | None
    role_name: str | None
    service: str


class PracticeWeekOut(Schema):
    ods_code: str | None  # null: the hub or remote working
    practice: str
    week: date
    sessions: list[PracticeSessionOut]


def _in_force(network, monday, staff_ids=None):
    """The week's sessions of the rota in force, in time order; where two published rotas
    overlap the newest wins, as My work reads it."""
    found = (
        Assignment.objects.in_force()
        .filter(plan__network=network, day__gte=monday, day__lt=monday + timedelta(days=7))
        .select_related("staff", "practice")
        .order_by("-plan__published_at", "-plan_id")
    )
    if staff_ids is not None:
        found = found.filter(staff_id__in=staff_ids)
    newest = {}
    for a in found:
        newest.setdefault((a.staff_id, a.day, a.session), a)
    holidays = bank_holidays(monday, monday + timedelta(days=6))
    sessions = sorted(
        newest.values(),
        key=lambda a: (a.day, SESSION_ORDER.get(a.session, 9), a.staff.full_name, a.staff_id),
    )
    for a in sessions:
        a.when = session_words(a.day, a.session, holidays.get(a.day, ""))
    return sessions


def _staff_who_may_read(request, network):
    """None: every person's sessions; else the ids of the people whose sessions the caller may
    read (their own)."""
    user = request.auth
    if user.has_perm("rota.view_rotas", network):
        return None
    if user.has_perm("workforce.view_my_work", network):
        me = my_record(user, network.pk)
        return [me.pk] if me else []
    raise HttpError(
        403,
        "Only the network's leadership, observers and practice managers, and staff for their "
        "own sessions, can read the rota.",
    )


@router.get(
    "/networks/{pcn_code}/rota/people",
    response=responses(list[PersonWeekOut], BAD_PARAMETERS, NO_TOKEN, NOT_ALLOWED, NOT_YOURS),
)
@paginate(Pages)
def rota_by_person(request, pcn_code: str, week: str | None = None):
    """The published rota for one week (`week`: its Monday), a person at a time with their
    sessions in time order. Leadership, observers and practice managers read everyone's; a
    member of staff reads their own. Weeks a later rota replaced come from that rota."""
    network = network_for(request, pcn_code)
    monday = week_asked(week)
    who = _staff_who_may_read(request, network)
    names = role_names()
    people = {}
    for a in _in_force(network, monday, who):
        person = people.setdefault(
            a.staff_id,
            {
                "staff_id": a.staff_id,
                "name": a.staff.full_name,
                "role": a.staff.role_code or None,
                "role_name": names.get(a.staff.role_code),
                "week": monday,
                "sessions": [],
            },
        )
        person["sessions"].append(
            {
                "day": a.day,
                "session": a.session,
                "when": a.when,
                "ods_code": a.practice.ods_code if a.practice else None,
                "practice": a.practice.name if a.practice else HUB_LABEL,
                "service": a.service,
            }
        )
    return sorted(people.values(), key=lambda p: (p["name"], p["staff_id"]))


@router.get(
    "/networks/{pcn_code}/rota/practices",
    response=responses(list[PracticeWeekOut], BAD_PARAMETERS, NO_TOKEN, NOT_ALLOWED, NOT_YOURS),
)
@paginate(Pages)
def rota_by_practice(request, pcn_code: str, week: str | None = None):
    """The published rota for one week (`week`: its Monday), a practice at a time (every
    member practice, then the hub and remote working) with who is there each session. For
    leadership, observers and practice managers, as the rota page."""
    network = network_for(request, pcn_code)
    monday = week_asked(week)
    if not request.auth.has_perm("rota.view_rotas", network):
        raise HttpError(
            403,
            "Only the network's leadership, observers and practice managers can read the rota "
            "by practice; staff read their own sessions at /rota/people.",
        )
    names = role_names()
    rows = {p.pk: (p.ods_code, p.name, []) for p in network.practices.all()}
    rows[None] = (None, HUB_LABEL, [])
    for a in _in_force(network, monday):
        if a.practice_id not in rows:  # a practice that has since left the network
            rows[a.practice_id] = (a.practice.ods_code, a.practice.name, [])
        rows[a.practice_id][2].append(
            {
                "day": a.day,
                "session": a.session,
                "when": a.when,
                "staff_id": a.staff_id,
                "name": a.staff.full_name,
                "role": a.staff.role_code or None,
                "role_name": names.get(a.staff.role_code),
                "service": a.service,
            }
        )
    return [
        {"ods_code": ods, "practice": name, "week": monday, "sessions": sessions}
        for ods, name, sessions in rows.values()
    ]
