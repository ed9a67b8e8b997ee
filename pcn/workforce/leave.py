"""What a leave request may be, and how leave is said: the checks every request and record
passes, its working days, and dates as people read them ("Mon 7 Dec 2026").

The rota stands above the register (docs/DEVELOPING.md, the floors), so the register cannot
read the published rota itself. The rota app tells it, at start-up, how to find the published
sessions a leave would take someone out of (`rota_sessions_from`, called in the rota's
`apps.py`); without it (a register used on its own) a leave simply shows no rota clashes.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from pcn.core import limits
from pcn.core.bank_holidays import bank_holidays
from pcn.core.refusals import ActionRefused

from .models import Leave, day_text

# No source in FACTS.md or the product sets a limit, so we chose one: 60 days is longer than any
# annual or study leave a PCN approves in one go (a year's full allowance, about 41 days for a
# long-serving member of staff, is not taken at once), and short enough that a mistyped year
# ("2029" for "2026") is caught. Longer absences are a leaver or long-term absence, not leave.
MAX_DAYS = 60
NOTE_LENGTH = 300  # the model's field: a line for the approver, not a letter
OPEN = (Leave.Status.REQUESTED, Leave.Status.APPROVED)


def day(value):
    """'Mon 7 Dec 2026': the weekday people check leave against, never an ISO date."""
    return day_text(value) if value else ""


def span(leave):
    """'Mon 7 Dec 2026 to Fri 11 Dec 2026', or one day on its own."""
    return leave.dates


def describe(leave):
    """'Annual leave, Mon 7 Dec 2026 to Fri 11 Dec 2026': for messages and emails."""
    return str(leave)


def working_days(start, end):
    """Weekdays from start to end, both included, that are not England's bank holidays."""
    if end < start:
        return 0
    weekdays = sum(
        1 for n in range((end - start).days + 1) if (start + timedelta(days=n)).weekday() < 5
    )
    return weekdays - len(bank_holidays(start, end))


def check(*, person, start, end, note, today, past_allowed=False, ignore=None, against=OPEN):
    """Refuse, naming the field, a leave that can't be asked for as it stands: `against` is
    the other leave of theirs it may not overlap."""
    if end < start:
        raise ActionRefused("The last day must be on or after the first day.", field="end")
    if start < today and not past_allowed:
        raise ActionRefused(
            f"The first day can't be in the past: today is {day(today)}.", field="start"
        )
    if (end - start).days + 1 > MAX_DAYS:
        raise ActionRefused(
            f"Leave can be at most {MAX_DAYS} days in one request (this is "
            f"{(end - start).days + 1}) — split longer absences, or record them as a leaver or "
            "long-term absence.",
            field="end",
        )
    limits.check_length(note, NOTE_LENGTH, "The note", "note")
    clash = (
        Leave.objects.filter(staff=person, status__in=against, start__lte=end, end__gte=start)
        .exclude(pk=getattr(ignore, "pk", None))
        .order_by("start")
        .first()
    )
    if clash is not None:
        raise ActionRefused(
            f"These dates overlap {clash.get_status_display().lower()} "
            f"{clash.get_kind_display().lower()} from {span(clash)}. Choose other dates, or "
            "withdraw that leave first.",
            field="start",
        )


# The approval list: what approving each request would mean.


@dataclass(frozen=True)
class RotaSession:
    """A published rota session inside a leave."""

    day: date
    session: str  # "Morning", "Afternoon", "Evening (18:30–20:00)"
    practice: str  # the practice, or "Hub or remote"
    service: str = ""
    code: str = ""  # AM, PM, EVE…: the order of the day's sessions

    @property
    def text(self):
        return f"{self.day:%a} {self.day.day} {self.day:%b}, {self.session.lower()}"


_rota_sessions = None


def rota_sessions_from(finder):
    """`finder(leaves)` -> {leave id: [RotaSession]}: the published sessions inside each leave."""
    global _rota_sessions
    _rota_sessions = finder


@dataclass(frozen=True)
class Impact:
    leave: Leave
    working_days: int
    rota: list  # [RotaSession] in the published rota during the leave
    others: list  # [Leave] approved for others of the same role at the same time

    @property
    def practices(self):
        """The practices that lose sessions, in name order."""
        return sorted({s.practice for s in self.rota})


def impacts(network, leaves):
    """Each leave with its working days, the published rota it clashes with, and other approved
    leave of the same role that overlaps it."""
    leaves = list(leaves)
    rota = _rota_sessions(leaves) if _rota_sessions and leaves else {}
    roles = {leave.staff.role_code for leave in leaves if leave.staff.role_code}
    approved = list(
        Leave.objects.filter(
            staff__network=network, staff__role_code__in=roles, status=Leave.Status.APPROVED
        )
        .filter(Q(end__gte=min((x.start for x in leaves), default=date.min)))
        .select_related("staff")
        .order_by("start")
    )
    return [
        Impact(
            leave=leave,
            working_days=working_days(leave.start, leave.end),
            rota=rota.get(leave.pk, []),
            others=[
                other
                for other in approved
                if other.staff_id != leave.staff_id
                and other.staff.role_code == leave.staff.role_code
                and other.start <= leave.end
                and other.end >= leave.start
            ],
        )
        for leave in leaves
    ]
