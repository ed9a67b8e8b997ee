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


def due_dates(network, people, today=None):
    """{person pk: SupervisionDue} for the given people, in two or three queries."""
    today = today or timezone.localdate()
    every = cadences(network)
    last = dict(
        SupervisionSession.objects.filter(staff__in=[p.pk for p in people])
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
        else:
            # Never supervised: the first is due one cadence after they start (or now).
            due = (person.start_date or today) + timedelta(days=days)
        result[person.pk] = SupervisionDue(person, days, latest, due, today)
    return result


@dataclass
class OverdueList:
    overdue: list  # SupervisionDue, most days overdue first
    never: list  # known cadence, never supervised, not yet overdue
    unknown: list  # cadence unknown: no due date
    total: int


def overdue_list(network, people, today=None):
    dues = due_dates(network, people, today)
    overdue = sorted(
        (d for d in dues.values() if d.is_overdue),
        key=lambda d: (-d.days_overdue, d.person.full_name),
    )
    never = [
        d for d in dues.values() if d.never_supervised and d.cadence_known and not d.is_overdue
    ]
    unknown = sorted(
        (d for d in dues.values() if not d.cadence_known), key=lambda d: d.person.full_name
    )
    return OverdueList(overdue, never, unknown, len(dues))
