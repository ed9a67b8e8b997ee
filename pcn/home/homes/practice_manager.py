"""A practice manager's home: what their practice is asked to answer and what is overdue, who
works there this week, and the practice's latest money statement."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Q, Sum
from django.urls import reverse

from pcn.allocation.models import Scenario
from pcn.coordination import queries as coordination
from pcn.coordination.models import RequestAnswer
from pcn.core.years import QUARTERS, period_months, year_of
from pcn.money.exact import pounds
from pcn.money.models import IncomeShare
from pcn.workforce import queries as workforce
from pcn.workforce.models import Leave

from .common import Item, ToDo, day, days_between, first, this_week

LEAVE_DAYS_AHEAD = 14  # leave that starts within two weeks is worth a practice knowing about
SESSION_WORDS = {
    "AM": "morning",
    "PM": "afternoon",
    "EVE": "evening",
    "SAT_AM": "morning",
    "SAT_PM": "afternoon",
}
DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
PEOPLE_SHOWN = 12


@dataclass
class WeekRow:
    person: object
    sessions: list  # "Mon morning", in the week's order


@dataclass
class Week:
    monday: object
    published: bool  # False: no published rota for the week; rows are the usual week
    rows: list = field(default_factory=list)
    total: int = 0
    href: str = ""

    @property
    def more(self):
        return self.total - len(self.rows)

    @property
    def label(self):
        return f"Week of {day(self.monday)}"


@dataclass
class StatementLink:
    period: str
    received: str | None  # "£1,234.56", or None when no income is recorded yet
    href: str


@dataclass
class PracticeHome:
    practice: object
    to_do: list
    week: Week
    statement: StatementLink | None

    @property
    def nothing_to_do(self):
        return not any(t.total for t in self.to_do)


def home(user, network, practice, today):
    return PracticeHome(
        practice=practice,
        to_do=[
            _requests(network, practice, today),
            _matrix(network, practice),
            _opt_ins(network, practice),
            _scenarios(network, practice),
            _leave(network, practice, today),
        ],
        week=_week(network, practice, today),
        statement=(
            _statement(practice, today) if user.has_perm("money.view_statement", practice) else None
        ),
    )


def _requests(network, practice, today):
    outstanding = (
        RequestAnswer.objects.filter(
            request__network=network,
            practice=practice,
            status__in=[RequestAnswer.Status.WAITING, RequestAnswer.Status.ACKNOWLEDGED],
        )
        .select_related("request")
        .order_by("request__due", "request__pk")
    )
    answers, total = first(outstanding)
    overdue = outstanding.filter(request__due__lt=today).count()
    title = "Requests to answer"
    if overdue:
        title += f" ({overdue} overdue)"
    items = []
    for answer in answers:
        late = answer.request.due < today
        state = "not answered" if answer.status == RequestAnswer.Status.WAITING else "acknowledged"
        items.append(
            Item(
                text=answer.request.title,
                href=reverse("coordination:request", args=[answer.request_id]),
                detail=(
                    f"Overdue: needed by {day(answer.request.due)}, {state}"
                    if late
                    else f"Needed by {day(answer.request.due)}, {state}"
                ),
                overdue=late,
            )
        )
    return ToDo(
        "requests",
        title,
        items,
        total,
        reverse("coordination:requests"),
        "See all your practice's requests",
    )


def _matrix(network, practice):
    version = coordination.proposed_matrix(network)
    items = []
    if version is not None and not version.answers.filter(practice=practice).exists():
        items.append(
            Item(
                text=f"Who does what, version {version.number}: agree or object",
                href=reverse("coordination:matrix_version", args=[version.pk]),
                detail=f"Proposed {day(version.proposed_at.date())}",
            )
        )
    return ToDo("matrix", "Who does what", items, len(items))


def _opt_ins(network, practice):
    services, total = first(
        network.services.exclude(participations__practice=practice).order_by("position", "name")
    )
    items = []
    if total:
        names = ", ".join(s.name for s in services) + (" and more" if total > len(services) else "")
        items.append(
            Item(
                text=f"Say which services {practice.name} takes part in",
                href=reverse("allocation:practice_answers", args=[practice.ods_code]),
                detail=f"Not answered: {names}",
            )
        )
    return ToDo("opt-ins", "Services to opt in or out of", items, len(items))


def _scenarios(network, practice):
    scenarios, total = first(
        network.scenarios.filter(status=Scenario.Status.DRAFT)
        .exclude(responses__practice=practice)
        .order_by("-created_at", "-pk")
    )
    items = [
        Item(
            text=f"{s.name}: agree or object",
            href=reverse("allocation:scenario", args=[s.pk]),
            detail=f"Proposed {day(s.created_at.date())} for the week of {day(s.week)}",
        )
        for s in scenarios
    ]
    return ToDo(
        "scenarios",
        "Proposed allocations to answer",
        items,
        total,
        reverse("allocation:scenarios"),
        "See every scenario",
    )


def _leave(network, practice, today):
    """Leave asked for or agreed, starting within two weeks, of people who work at the practice
    in their usual week or are based there. The kind of leave is not shown: sickness is
    private."""
    leave, total = first(
        Leave.objects.filter(
            staff__network=network,
            status__in=[Leave.Status.APPROVED, Leave.Status.REQUESTED],
            start__lte=today + timedelta(days=LEAVE_DAYS_AHEAD),
            end__gte=today,
        )
        .filter(Q(staff__usual_week__practice=practice) | Q(staff__home_practice=practice))
        .distinct()
        .select_related("staff")
        .order_by("start", "staff__full_name", "pk")
    )
    items = [
        Item(
            text=f"{entry.staff.full_name}: away {days_between(entry.start, entry.end)}",
            href=reverse("workforce:practice_staff", args=[practice.ods_code]),
            detail="Agreed"
            if entry.status == Leave.Status.APPROVED
            else "Asked for, not yet agreed",
        )
        for entry in leave
    ]
    return ToDo(
        "leave",
        "Leave in the next two weeks",
        items,
        total,
        reverse("workforce:practice_staff", args=[practice.ods_code]),
        f"See who works at {practice.name}",
    )


def _week(network, practice, today):
    # The one answer to where people work (the published rota, else the usual week), as the
    # practice's staff page gives it.
    found = workforce.practice_staff(practice, this_week(today))
    slots = {}
    for slot, people in found["grid"].items():
        for person in people:
            slots.setdefault(person, []).append(slot)
    week = Week(
        monday=found["monday"],
        published=any(where.from_rota for _, where in found["people"]),
        href=reverse("workforce:practice_staff", args=[practice.ods_code]),
    )
    ordered = sorted(slots.items(), key=lambda pair: (pair[0].full_name, pair[0].pk))
    week.total = len(ordered)
    week.rows = [WeekRow(person, _sessions(held)) for person, held in ordered[:PEOPLE_SHOWN]]
    return week


ORDER = {"AM": 0, "PM": 1, "EVE": 2, "SAT_AM": 0, "SAT_PM": 1}


def _slot_order(key):
    weekday, session = key
    return weekday, ORDER.get(session, 9)


def _sessions(slots):
    """["Mon all day", "Tue morning", "Wed evening"]: a day's morning and afternoon together
    read as all day."""
    by_day = {}
    for weekday, session in sorted(slots, key=_slot_order):
        by_day.setdefault(weekday, []).append(session)
    said = []
    for weekday, sessions in by_day.items():
        words = [SESSION_WORDS.get(s, s) for s in sessions]
        if "morning" in words and "afternoon" in words:
            words = ["all day"] + [w for w in words if w not in ("morning", "afternoon")]
        said.append(f"{DAY_NAMES[weekday]} {' and '.join(words)}")
    return said


def _statement(practice, today):
    latest = (
        IncomeShare.objects.filter(practice=practice, receipt__network=practice.network)
        .order_by("-receipt__month")
        .values_list("receipt__month", flat=True)
        .first()
    )
    base = reverse("money:statement", args=[practice.ods_code])
    if latest is None:
        year = year_of(today)
        return StatementLink(period=year, received=None, href=f"{base}?year={year}")
    year = year_of(latest)
    quarter = next(q for q, months in QUARTERS.items() if latest.month in months)
    received = IncomeShare.objects.filter(
        practice=practice,
        receipt__network=practice.network,
        receipt__month__in=period_months(year, quarter),
    ).aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return StatementLink(
        period=f"{quarter} {year}",
        received=pounds(received),
        href=f"{base}?year={year}&quarter={quarter}",
    )
