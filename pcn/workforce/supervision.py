"""When each person's next supervision is due, from their role's cadence, and who is overdue.

The cadence comes from the role catalogue for the current financial year, or the network's own
figure where it entered one. Most roles have no published cadence: their due date is unknown and
said so, never guessed. Whole registers are answered in a fixed number of queries.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max
from django.utils import timezone

from pcn.reference.models import ArrsRole
from pcn.reference.queries import current_financial_year

from .models import NetworkRoleFigure, SupervisionSession

CADENCE_FIELD = "supervision_every_days"
DUE_SOON_DAYS = 14  # two weeks: time enough to book a session


def cadences(network, year=None):
    """{role code: days between supervisions} where known; the network's figure wins."""
    year = year or current_financial_year()
    known = dict(
        ArrsRole.objects.filter(year=year, supervision_every_days__isnull=False).values_list(
            "code", "supervision_every_days"
        )
    )
    for code, value in NetworkRoleFigure.objects.filter(
        network=network, field=CADENCE_FIELD, role__year=year
    ).values_list("role__code", "value"):
        known[code] = int(value)
    return known


@dataclass(frozen=True)
class SupervisionDue:
    person: object
    every_days: int | None  # None: nobody has published a cadence for the role
    last: date | None
    due: date | None
    today: date

    @property
    def cadence_known(self):
        return self.every_days is not None

    @property
    def never_supervised(self):
        return self.last is None

    @property
    def days_overdue(self):
        if self.due is None or self.due >= self.today:
            return 0
        return (self.today - self.due).days

    @property
    def is_overdue(self):
        return self.days_overdue > 0

    @property
    def overdue_roughly(self):
        """ "about 4 years" where a count of days is too many to take in; None otherwise."""
        days = self.days_overdue
        if days < 60:
            return None
        if days < 730:
            return f"about {days // 30} months"
        return f"about {days // 365} years"

    @property
    def due_soon(self):
        return self.due is not None and 0 <= (self.due - self.today).days <= DUE_SOON_DAYS


def due_dates(network, people, today=None):
    """{person pk: SupervisionDue} for the given people, in two or three queries."""
    today = today or timezone.localdate()
    every = cadences(network)
    last = dict(
        SupervisionSession.objects.filter(staff__in=[p.pk for p in people])
        # The published cadences are for clinical supervision: a line-management one-to-one
        # does not reset the clock.
        .exclude(kind=SupervisionSession.Kind.LINE)
        .values("staff")
        .annotate(last=Max("date"))
        .values_list("staff", "last")
    )
    result = {}
    for person in people:
        days = every.get(person.role_code)
        latest = last.get(person.pk)
        if days is None:
            due = None
        elif latest is not None:
            due = latest + timedelta(days=days)
        elif person.start_date is not None:
            # Never supervised: the first is due one cadence after they started.
            due = person.start_date + timedelta(days=days)
        else:
            # Never supervised and no start date: assuming they started today would push the
            # first session a whole cadence away; it is due now.
            due = today
        result[person.pk] = SupervisionDue(person, days, latest, due, today)
    return result


@dataclass
class OverdueList:
    overdue: list  # SupervisionDue, most days overdue first
    never: list  # known cadence, never supervised, not yet overdue
    due_soon: list  # supervised before, due within DUE_SOON_DAYS, soonest first
    unknown: list  # cadence unknown: no due date
    total: int

    @property
    def up_to_date(self):
        return (
            self.total
            - len(self.overdue)
            - len(self.never)
            - len(self.due_soon)
            - len(self.unknown)
        )


def overdue_list(network, people, today=None):
    dues = due_dates(network, people, today)
    overdue = sorted(
        (d for d in dues.values() if d.is_overdue),
        key=lambda d: (-d.days_overdue, d.person.full_name),
    )
    never = sorted(
        (d for d in dues.values() if d.never_supervised and d.cadence_known and not d.is_overdue),
        key=lambda d: (d.due, d.person.full_name),
    )
    due_soon = sorted(
        (d for d in dues.values() if d.due_soon and not d.never_supervised),
        key=lambda d: (d.due, d.person.full_name),
    )
    unknown = sorted(
        (d for d in dues.values() if not d.cadence_known), key=lambda d: d.person.full_name
    )
    return OverdueList(overdue, never, due_soon, unknown, len(dues))
