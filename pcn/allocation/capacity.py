"""How much staff time each service has in a week, from the register.

A person's sessions are their usual week (or, where no usual week is recorded, their WTE in
sessions: 9 a week per WTE for a GP, 10 for every other role; pcn/workforce/sessions.py), less the sessions they are on approved leave that week.
Those sessions are shared equally between the services they can deliver that at least one
practice takes part in: the services their role can deliver, narrowed to the ones named in
their "services they can deliver" where that names any.

Mornings and afternoons go to the services that run in core hours; the evenings and Saturdays in
a usual week go to the enhanced access services only (an evening, 1½ hours, as 0.4 of a
session), so a person who works no evenings gives enhanced access no time.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from pcn.networks.models import DAYS, WEEKDAYS
from pcn.networks.week import is_enhanced
from pcn.workforce.models import Leave, StaffMember
from pcn.workforce.sessions import usual_sessions, whole_sessions

# The most practices one person works at in a week where the network has made no rota yet:
# the rota's own default (pcn/rota/problems.py), which a rota plan may change.
SITES_A_WEEK = 2


@dataclass
class ServiceCapacity:
    sessions: Decimal = Decimal(0)  # fractional, before rounding to whole sessions
    people: list = field(default_factory=list)  # [(person, sessions given to this service)]

    @property
    def whole_sessions(self):
        return int(self.sessions.quantize(Decimal(1), ROUND_HALF_UP))


def week_start(day):
    return day - timedelta(days=day.weekday())


def deliverable_services(person, services):
    by_role = [s for s in services if person.role_code and person.role_code in s.role_codes]
    named = person.services.lower()
    chosen = [s for s in by_role if s.name.lower() in named]
    return chosen or by_role


def _sessions_in_week(person, week, leave, *, enhanced=False):
    """Their sessions that week in core hours, or (`enhanced`) in the enhanced access hours."""
    days_away = {
        day
        for day in range(len(DAYS))
        if any(a.start <= week + timedelta(days=day) <= a.end for a in leave)
    }
    usual = [s for s in person.usual_week.all() if is_enhanced(s.session) == enhanced]
    if usual or enhanced:
        return usual_sessions(
            (slot.weekday, slot.session) for slot in usual if slot.weekday not in days_away
        )
    if person.usual_week.all():
        return Decimal(0)  # a usual week of evenings and Saturdays only
    # No usual week recorded: their WTE's sessions, spread evenly over the five days.
    days_away = {day for day in days_away if day < len(WEEKDAYS)}
    sessions = Decimal(whole_sessions(person))
    return sessions * (len(WEEKDAYS) - len(days_away)) / len(WEEKDAYS)


def staff_in_post(network, week):
    week_end = week + timedelta(days=len(WEEKDAYS) - 1)
    return (
        network.staff.filter(Q(start_date__isnull=True) | Q(start_date__lte=week_end))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=week))
        .prefetch_related("usual_week")
    )


def service_capacity(network, services, active_service_ids, week):
    """{service id: ServiceCapacity} for the week starting on Monday `week`."""
    week_end = week + timedelta(days=len(DAYS) - 1)
    leave = {}
    for absence in Leave.objects.filter(
        staff__network=network, status=Leave.Status.APPROVED, start__lte=week_end, end__gte=week
    ):
        leave.setdefault(absence.staff_id, []).append(absence)
    capacity = {service.pk: ServiceCapacity() for service in services}
    active = [s for s in services if s.pk in active_service_ids]
    person: StaffMember
    for person in staff_in_post(network, week):
        for enhanced in (False, True):
            theirs = [
                s
                for s in deliverable_services(person, active)
                if (s.hours == "enhanced_access") == enhanced
            ]
            if not theirs:
                continue
            away = leave.get(person.pk, [])
            sessions = _sessions_in_week(person, week, away, enhanced=enhanced)
            each = sessions / len(theirs)
            for service in theirs:
                capacity[service.pk].sessions += each
                capacity[service.pk].people.append((person, each))
    return capacity


def sites_a_week(network):
    """The most practices one person works at in a week, as the network's newest rota plan
    sets it (the rota's hard rule), or the rota's default before its first plan."""
    plan = network.rota_plans.order_by("-created_at", "-pk").first()
    return (plan.options or {}).get("max_sites", SITES_A_WEEK) if plan else SITES_A_WEEK


def reach(capacity: ServiceCapacity, sites: int) -> int:
    """The most practices a service's staff can work at in a week between them: each person
    with time for it at up to `sites` practices. Their limits cover all their services, so
    this is the most the rota could ever reach, never less (decision 14)."""
    return sites * sum(1 for _, sessions in capacity.people if sessions > 0)
