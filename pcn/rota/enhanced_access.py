"""The network's enhanced access duty, as a rota needs it: the minutes a week the contract asks
for, how they were worked out, and the evening and Saturday sessions its practices offer.

The Network Contract DES asks for at least 60 minutes of appointments per 1,000 adjusted
population a week, on weekday evenings 18:30–20:00 and Saturdays 09:00–17:00 (FACTS §1.4,
[S14]). The adjusted population is the network's at 1 January before the financial year the
rota's first week falls in, like every contract figure (decision 0011). A practice offers an
evening or Saturday session when it has rooms for PCN staff in it.
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from engine.rota import problem as engine
from pcn.core import years
from pcn.networks.models import Basis, RoomAvailability
from pcn.networks.populations import network_populations
from pcn.networks.week import ENHANCED, slot_name

MINUTES_PER_THOUSAND = 60  # FACTS §1.4 [S14]


@dataclass(frozen=True)
class Offered:
    practice: object
    weekday: int
    session: str
    rooms: int

    @property
    def name(self):
        return slot_name(self.weekday, self.session)

    @property
    def minutes(self):
        return engine.SESSION_MINUTES[self.session]


@dataclass(frozen=True)
class Requirement:
    services: list  # the network's enhanced access services (Service rows); none: not planned
    as_at: date
    population: int | None  # the adjusted population; None when no practice has one
    estimate: bool  # some practice's figure is an estimate
    missing: list = field(default_factory=list)  # why a practice has no figure
    offered: list = field(default_factory=list)  # Offered, by practice then session

    @property
    def minutes(self) -> int | None:
        """Minutes a week, rounded up to the minute ("at least"); None when unknown."""
        if self.population is None:
            return None
        return math.ceil(MINUTES_PER_THOUSAND * self.population / 1000)

    @property
    def working(self) -> str:
        """'60 × 56,932 adjusted population at 1 Jan 2026 (an estimate) ÷ 1,000 = 3,416'."""
        if self.population is None:
            return ""
        estimate = " (includes estimates)" if self.estimate else ""
        partial = " (practices without a figure not counted)" if self.missing else ""
        return (
            f"{MINUTES_PER_THOUSAND} × {self.population:,} adjusted population at "
            f"{self.as_at:%-d %b %Y}{estimate}{partial} ÷ 1,000 = {self.minutes:,} minutes"
        )

    @property
    def offered_minutes(self) -> int:
        """The most a week could give: every room of every offered session filled."""
        return sum(o.minutes * o.rooms for o in self.offered)


def requirement(network, start: date) -> Requirement:
    as_at = years.population_date(years.year_of(start))
    populations = network_populations(network, as_at=as_at)
    adjusted = Basis.ADJUSTED
    known = any(row.figures[adjusted] is not None for row in populations.rows)
    offered = [
        Offered(row.practice, row.weekday, row.session, row.rooms)
        for row in RoomAvailability.objects.filter(
            practice__network=network, session__in=ENHANCED, rooms__gt=0
        ).select_related("practice")
    ]
    offered.sort(key=lambda o: (o.practice.name, o.weekday, o.session))
    return Requirement(
        services=[s for s in network.services.all() if s.hours == "enhanced_access"],
        as_at=as_at,
        population=populations.totals[adjusted] if known else None,
        estimate=populations.has_estimates[adjusted],
        missing=populations.problems[adjusted],
        offered=offered,
    )


def for_engine(required: Requirement) -> engine.EnhancedAccess | None:
    """The duty as the rota engine takes it; None when the network plans no enhanced access
    service or its population is unknown (then nothing is asked, and the plan page says so)."""
    if not required.services or required.minutes is None:
        return None
    return engine.EnhancedAccess(
        minutes_required_per_week=required.minutes,
        sessions=tuple(
            engine.OfferedSession(o.practice.ods_code, o.weekday, o.session, o.minutes)
            for o in required.offered
        ),
        working=required.working,
    )


@dataclass(frozen=True)
class Week:
    """A rota week's enhanced access against the duty."""

    start: date
    delivered: int  # minutes given by the rota's sessions
    required: int | None

    @property
    def short(self) -> int:
        return max(0, self.required - self.delivered) if self.required is not None else 0


def week_of_plan(plan, week: int, required: Requirement) -> Week:
    """The minutes the plan gives in its week `week` (1-based): each person placed for an
    enhanced access service at a practice offering that evening or Saturday session."""
    monday = plan.start + timedelta(weeks=week - 1)
    offered = {(o.practice.pk, o.weekday, o.session) for o in required.offered}
    names = [s.name for s in required.services]
    delivered = sum(
        engine.SESSION_MINUTES[session]
        for practice_id, day, session in plan.assignments.filter(
            day__gte=monday,
            day__lt=monday + timedelta(days=7),
            session__in=ENHANCED,
            service__in=names,
        ).values_list("practice_id", "day", "session")
        if (practice_id, day.weekday(), session) in offered
    )
    return Week(monday, delivered, required.minutes)
