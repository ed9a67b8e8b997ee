"""What the rota engine is asked: plain, frozen data built by the app (or read from JSON).

A rota places every working session of every person — each morning (AM) and afternoon (PM) of
each weekday in the horizon that they work and are not on leave, and the weekday evenings (EVE)
and Saturday mornings and afternoons (SAT_AM, SAT_PM) of those who work them — at one site (a
member practice, or the network hub, which also stands for remote work) with one service.

Evenings and Saturdays are the enhanced access hours (FACTS §1.4: Monday to Friday 18:30–20:00,
Saturday 09:00–17:00); services in core hours are delivered in mornings and afternoons only, an
enhanced access service only in those hours, at a site that offers the session.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

DAY_SESSIONS = ("AM", "PM")  # core hours, Monday to Friday
EVENING = "EVE"  # Monday to Friday 18:30–20:00
SATURDAY_SESSIONS = ("SAT_AM", "SAT_PM")  # Saturday 09:00–13:00 and 13:00–17:00
ENHANCED_SESSIONS = (EVENING, *SATURDAY_SESSIONS)
SESSIONS = (*DAY_SESSIONS, *ENHANCED_SESSIONS)
SATURDAY = 5  # the weekday number of a Saturday session
# The length of each enhanced access session: the appointment minutes one clinician gives in it,
# unless the site says otherwise (OfferedSession.minutes).
SESSION_MINUTES = {EVENING: 90, "SAT_AM": 240, "SAT_PM": 240}
CORE_HOURS = "core"  # a service delivered in mornings and afternoons
ENHANCED_HOURS = "enhanced_access"  # a service delivered on weekday evenings and Saturdays
HUB = "hub"  # the network hub, or working remotely: no rooms counted, no allocation target
NETWORK_WORK = "network"  # the service of a hub session: team time, training, admin
WEEKDAYS = 5  # Monday to Friday


def scaled_to_working_days(per_week: int, days: int) -> int:
    """Sessions a week scaled to a week of `days` working days, rounded half up (5 a week is 4
    with one bank holiday, 3 with two): the one rule for targets and the fair-share ledger."""
    if days == WEEKDAYS:
        return per_week
    return (2 * per_week * days + WEEKDAYS) // (2 * WEEKDAYS)


def session_fits(weekday: int, session: str) -> bool:
    """Mornings, afternoons and evenings are on weekdays; SAT_AM and SAT_PM on Saturdays."""
    if session in SATURDAY_SESSIONS:
        return weekday == SATURDAY
    return session in SESSIONS and 0 <= weekday < WEEKDAYS


class RotaInputError(ValueError):
    """The problem is malformed (an unknown person, site or service...); says what and where."""


@dataclass(frozen=True, order=True)
class Slot:
    day: date  # a weekday within the horizon (a Saturday for SAT_AM and SAT_PM)
    session: str  # one of SESSIONS

    @property
    def enhanced(self) -> bool:
        """In the enhanced access hours: an evening or a Saturday."""
        return self.session in ENHANCED_SESSIONS


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str = ""
    services: tuple[str, ...] = ()  # the services they can deliver
    available: tuple[Slot, ...] = ()  # the sessions they work in the horizon, leave taken out
    leave: tuple[Slot, ...] = ()  # sessions they would work but are on leave (for explanations)
    home_base: str | None = None  # a practice's ODS code, HUB for the network team, or None
    teams: tuple[str, ...] = ()  # team ids
    supervisor: str | None = None  # another person's id
    supervision_every_days: int | None = None  # the role's cadence; None when unknown
    max_sites: int | None = None  # None: the problem's default


@dataclass(frozen=True)
class Site:
    id: str  # a practice's ODS code, or HUB
    name: str
    # Rooms for PCN staff per (weekday 0-4, or 5 for Saturday; session); a missing key means
    # 0 rooms. The hub has no room limit (rooms ignored).
    rooms: Mapping[tuple[int, str], int] = field(default_factory=dict)


@dataclass(frozen=True)
class Service:
    name: str
    needs_rooms: bool = True  # False: delivered for the practice but away from its rooms
    hours: str = CORE_HOURS  # or ENHANCED_HOURS: delivered on weekday evenings and Saturdays

    @property
    def enhanced(self) -> bool:
        return self.hours == ENHANCED_HOURS


@dataclass(frozen=True)
class OfferedSession:
    """A weekly enhanced access session a site offers: each person placed there for an
    enhanced access service gives `minutes` of appointments (the session's length unless the
    site runs a shorter one)."""

    site: str
    weekday: int  # 0-4 for an evening, 5 for a Saturday session
    session: str  # EVE, SAT_AM or SAT_PM
    minutes: int


@dataclass(frozen=True)
class EnhancedAccess:
    """The network's enhanced access duty (FACTS §1.4): at least 60 minutes of appointments per
    1,000 adjusted population a week, in the sessions its sites offer. Absent (None on the
    Problem) when the network has no requirement set: nothing is asked."""

    minutes_required_per_week: int
    sessions: tuple[OfferedSession, ...] = ()
    working: str = ""  # how the minutes were worked out, for sentences ("60 × 56,932 ÷ 1,000")

    def minutes_at(self, site: str, weekday: int, session: str) -> int:
        """The minutes a person gives at the site in that weekly session; 0 when not offered."""
        for offered in self.sessions:
            if (offered.site, offered.weekday, offered.session) == (site, weekday, session):
                return offered.minutes
        return 0


@dataclass(frozen=True)
class Target:
    """The agreed allocation: sessions a week of `service` for the practice `site`."""

    site: str
    service: str
    sessions_per_week: int


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    members: tuple[str, ...] = ()
    # When the team meets each week, if fixed: (weekday 0-4, "AM"/"PM"); None lets the
    # solver pick the session most members work.
    meets: tuple[int, str] | None = None


@dataclass(frozen=True, order=True)
class Assignment:
    person: str
    day: date
    session: str
    site: str
    service: str

    @property
    def slot(self):
        return Slot(self.day, self.session)


DEFAULT_WEIGHTS = {
    # Soft rules and their default weights (penalty per instance). The PCN can change them.
    "fair_share_shortfall": 100,  # per session a practice gets below its agreed sessions
    "away_from_home": 3,  # per session not at the person's home base
    "extra_site": 20,  # per site beyond the first a person works at in a week
    "split_day": 10,  # per day with the morning and afternoon at different sites
    "irregular_week": 2,  # per session placed differently from the same session of week 1
    "team_apart": 5,  # per team member not with their team in its weekly team session
    "supervision_missed": 15,  # per supervisee-cadence without a shared session with supervisor
    # Per hour (or part) a week short of the enhanced access minutes the contract requires: a
    # contractual duty to the ICB, so an hour short costs more than a practice's session short.
    "enhanced_access_shortfall": 40,
    # Per session moved from the published rota (re-plans). Above every comfort rule (sites,
    # split days, time away, teams, supervision): a re-plan moves people already planned only
    # to keep a practice's agreed sessions, never for a slightly tidier week.
    "change_from_published": 25,
}


@dataclass(frozen=True)
class Problem:
    network: str
    start: date  # the Monday of the first week
    weeks: int  # 1 to 13
    people: tuple[Person, ...]
    sites: tuple[Site, ...]  # the practices and the hub
    services: tuple[Service, ...]
    targets: tuple[Target, ...] = ()
    teams: tuple[Team, ...] = ()
    tolerance: int = 1  # sessions a week each target may be missed by, either way
    # The agreed sessions plus the tolerance are always a ceiling. The floor (target less the
    # tolerance) is hard only when strict: otherwise the optimiser reaches it wherever the staff,
    # rooms and site limits allow, and each session short is the heaviest penalty, named per
    # practice and week — so leave or a thin service gives a rota with its shortfalls shown,
    # not no rota at all.
    strict_allocation: bool = False
    max_sites: int = 2  # distinct sites per person per week (hard), unless the person says
    weights: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    locked: tuple[Assignment, ...] = ()  # placed by hand: kept as they are (hard)
    published: tuple[Assignment, ...] = ()  # the rota in use, for re-plans that change little
    # Bank holidays in the horizon: weekdays nobody works (no one may be available or locked on
    # one) and on which each week's targets shrink (see `target_in_week`). The app passes them
    # in; the engine knows no calendar of its own.
    holidays: tuple[date, ...] = ()
    holiday_names: Mapping[date, str] = field(default_factory=dict)  # for sentences; optional
    # Bank holidays the network works for a service (a vaccination clinic, enhanced access the
    # ICB agreed): on those days people may be available, for those services only.
    holidays_worked: Mapping[date, tuple[str, ...]] = field(default_factory=dict)
    enhanced_access: EnhancedAccess | None = None

    def services_on(self, day: date) -> tuple[str, ...] | None:
        """The services that may be delivered on `day`: None for any (a working day), the
        services the network works the holiday for on a bank holiday (often none)."""
        if not self.is_holiday(day):
            return None
        return tuple(self.holidays_worked.get(day, ()))

    def service(self, name: str) -> Service | None:
        for service in self.services:
            if service.name == name:
                return service
        return None

    def is_holiday(self, day: date) -> bool:
        return day in self._holiday_set

    @property
    def _holiday_set(self) -> frozenset[date]:
        return frozenset(self.holidays)

    def holidays_in_week(self, week: int) -> list[date]:
        """The bank holidays on the weekdays of the horizon's week `week` (0 for the first)."""
        monday = self.start + timedelta(weeks=week)
        return sorted(day for day in set(self.holidays) if 0 <= (day - monday).days < WEEKDAYS)

    def working_days(self, week: int) -> int:
        """Weekdays in week `week` that are not bank holidays: 5 in most weeks."""
        return WEEKDAYS - len(self.holidays_in_week(week))

    def target_in_week(self, target: "Target | int", week: int) -> int:
        """The sessions a target asks for in week `week`: its sessions a week scaled to the
        week's working days, rounded half up (5 a week is 4 in a week with one bank holiday, 3
        with two). Every rule, bound and sentence that uses a week's target uses this."""
        per_week = target if isinstance(target, int) else target.sessions_per_week
        return scaled_to_working_days(per_week, self.working_days(week))
