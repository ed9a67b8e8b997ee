"""Reads for the rota pages: the week grid by person or by practice, a person's published
week, and the rows of the exports. Each reads the database in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from engine.rota import json_io
from engine.rota.summary import SESSION_PARTS, session_words, short_day
from pcn.core.bank_holidays import bank_holidays
from pcn.networks.models import DAYS, WEEKDAYS
from pcn.networks.week import ENHANCED, WEEK_SLOTS

from .models import HolidayWorked, RotaPlan, SolveRun
from .problems import to_engine

HUB_LABEL = "Hub or remote"


@dataclass
class Column:
    day: object
    session: str
    holiday: str = ""  # the bank holiday's name, if the day is one: nobody works it

    @property
    def label(self):
        """'Mon 7 Dec, morning', 'Tue 8 Dec, evening', 'Sat 12 Dec, afternoon'; a bank
        holiday's 'Fri 25 Dec, morning (bank holiday)'."""
        return session_words(self.day, self.session, self.holiday)

    @property
    def day_words(self):
        """'Mon 7 Dec'."""
        return short_day(self.day)

    @property
    def heading(self):
        """The label without the bank holiday, which a column heading notes on its own."""
        return session_words(self.day, self.session)

    @property
    def enhanced(self):
        return self.session in ENHANCED


@dataclass(frozen=True)
class Holiday:
    day: object
    name: str

    @property
    def sentence(self):
        """'Friday 25 December: Christmas Day (bank holiday)'."""
        return f"{WEEKDAYS[self.day.weekday()]} {self.day.day} {self.day:%B}: {self.name} (bank holiday)"


@dataclass
class Grid:
    plan: RotaPlan
    week: int  # 1-based
    columns: list
    rows: list = field(default_factory=list)  # [(label object, [cell or list of cells])]
    practices: list = field(default_factory=list)  # legend: [(index, practice)]

    def by_day(self, cells):
        """A row's cells day by day, for the print view: [(column of the day's first session,
        {"morning" | "afternoon" | "evening": cell})], Saturdays' sessions a morning and an
        afternoon too."""
        days = {}
        for column, cell in zip(self.columns, cells, strict=True):
            first, parts = days.setdefault(column.day, (column, {}))
            parts[SESSION_PARTS.get(column.session, column.session)] = cell
        return list(days.values())

    @property
    def has_evenings(self):
        return any(c.session == "EVE" for c in self.columns)

    @property
    def holidays(self):
        """The week's bank holidays, in date order."""
        return list(dict.fromkeys(Holiday(c.day, c.holiday) for c in self.columns if c.holiday))


def week_columns(plan, week):
    """The week's sessions in time order: every weekday morning and afternoon, and the
    evenings and Saturday sessions someone works in this plan's week (most weeks have few)."""
    monday = plan.start + timedelta(weeks=week - 1)
    holidays = bank_holidays(monday, monday + timedelta(days=len(WEEKDAYS) - 1))
    worked = set(
        plan.assignments.filter(
            day__gte=monday, day__lt=monday + timedelta(days=7), session__in=ENHANCED
        )
        .values_list("day", "session")
        .distinct()
    )
    columns = []
    for weekday, session in WEEK_SLOTS:
        day = monday + timedelta(days=weekday)
        if session not in ENHANCED or (day, session) in worked:
            columns.append(Column(day, session, holidays.get(day, "")))
    return columns


def _assignments(plan, week):
    monday = plan.start + timedelta(weeks=week - 1)
    return plan.assignments.filter(
        day__gte=monday, day__lt=monday + timedelta(days=7)
    ).select_related("practice", "staff")


def grid_by_person(plan, week):
    columns = week_columns(plan, week)
    practices = list(plan.network.practices.all())
    colour = {p.pk: i % 8 for i, p in enumerate(practices)}
    cells = {}
    people = {}
    for a in _assignments(plan, week):
        cells[(a.staff_id, a.day, a.session)] = a
        a.colour = colour.get(a.practice_id, "hub")
        people[a.staff_id] = a.staff
    rows = [
        (person, [cells.get((person.pk, c.day, c.session)) for c in columns])
        for person in sorted(people.values(), key=lambda p: (p.full_name, p.pk))
    ]
    return Grid(
        plan=plan,
        week=week,
        columns=columns,
        rows=rows,
        practices=[(colour[p.pk], p) for p in practices],
    )


def grid_by_practice(plan, week, only=None):
    """Rows: each practice (and the hub); cells: who is there, with the service."""
    columns = week_columns(plan, week)
    practices = list(plan.network.practices.all())
    if only is not None:
        practices = [p for p in practices if p.pk == only.pk]
    cells = {}
    for a in _assignments(plan, week):
        cells.setdefault((a.practice_id, a.day, a.session), []).append(a)
    rows = [
        (practice, [cells.get((practice.pk, c.day, c.session), []) for c in columns])
        for practice in practices
    ]
    if only is None:
        rows.append((None, [cells.get((None, c.day, c.session), []) for c in columns]))
    return Grid(plan=plan, week=week, columns=columns, rows=rows)


def holidays_worked(network, holidays):
    """{day: [HolidayWorked]} for the given Holiday rows' days."""
    worked = {}
    for row in HolidayWorked.objects.filter(
        network=network, day__in=[h.day for h in holidays]
    ).select_related("service"):
        worked.setdefault(row.day, []).append(row)
    return worked


def latest_run(plan):
    return plan.runs.select_related("started_by").first()


def my_published_week(person, today=None):
    """A person's published sessions for the current week (or the next, at the weekend)."""
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    if today.weekday() >= 5:
        monday += timedelta(days=7)
    assignments = (
        person.rota.in_force()
        .filter(
            day__gte=monday,
            day__lt=monday + timedelta(days=len(DAYS)),
        )
        .select_related("practice", "plan")
        .order_by("day", "session", "-plan__published_at")
    )
    seen, week = set(), []
    for a in assignments:  # the newest published plan wins where plans overlap
        if (a.day, a.session) not in seen:
            seen.add((a.day, a.session))
            week.append(a)
    return monday, week


def running(plan):
    return plan.runs.filter(status__in=[SolveRun.Status.QUEUED, SolveRun.Status.RUNNING]).first()


def export_rows(plan):
    for a in plan.assignments.select_related("staff", "practice").order_by(
        "day", "session", "staff__full_name"
    ):
        yield {
            "date": a.day.isoformat(),
            "weekday": DAYS[a.day.weekday()],
            "session": a.session,
            "person": str(a.staff),
            "role": a.staff.role_code,
            "site": a.practice.name if a.practice else HUB_LABEL,
            "ods_code": a.practice.ods_code if a.practice else "",
            "service": a.service,
            "locked": "yes" if a.locked else "",
        }


@dataclass
class Replaced:
    """A published rota whose weeks publishing another would replace: from `first` (a Monday)
    to `last` (a Sunday)."""

    plan: RotaPlan
    first: object
    last: object

    @property
    def sentence(self):
        """'This replaces the rota published on Tue 1 Dec for weeks from Mon 7 Dec to Sun 3 Jan.'"""
        published = timezone.localtime(self.plan.published_at).date()
        return (
            f"This replaces the rota published on {short_day(published)} for "
            f"{'the week' if (self.last - self.first).days < 7 else 'weeks'} from "
            f"{short_day(self.first)} to {short_day(self.last)}."
        )


def _mondays(plan):
    return {plan.start + timedelta(weeks=w) for w in range(plan.weeks)}


def replaced_by_publishing(plan):
    """The other published rotas of the network still in force in any of the plan's weeks:
    publishing the plan replaces them there. In date order."""
    mine = _mondays(plan)
    end = plan.start + timedelta(weeks=plan.weeks)
    others = (
        plan.network.rota_plans.filter(status=RotaPlan.Status.PUBLISHED, start__lt=end)
        .exclude(pk=plan.pk)
        .prefetch_related("withdrawn_weeks")
        .order_by("start", "published_at")
    )
    found = []
    for other in others:
        withdrawn = other.withdrawn_weeks.all()
        weeks = sorted(
            monday
            for monday in _mondays(other) & mine
            if not any(w.start <= monday <= w.end for w in withdrawn)
        )
        if weeks:
            found.append(Replaced(other, weeks[0], weeks[-1] + timedelta(days=6)))
    return found


def sessions_changed_since_published(plan):
    """How many sessions of a published rota differ from what was published: a slot (person,
    day, session) added, removed, or now at another site or for another service. None for a
    rota never published. Moves and re-optimising change the rota staff see at once; this is
    what publishing again would record and announce."""
    if plan.status != RotaPlan.Status.PUBLISHED or plan.published is None:
        return None

    def slots(rows):
        return {(r["person"], r["date"], r["session"]): (r["site"], r["service"]) for r in rows}

    now = slots(
        json_io.rota_to_json(to_engine(a) for a in plan.assignments.select_related("practice"))
    )
    then = slots(plan.published)
    return sum(1 for key in now.keys() | then.keys() if now.get(key) != then.get(key))
