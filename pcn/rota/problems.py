"""From the database to the rota engine: the people, sites, services, targets and teams of a
plan's horizon as a plain engine Problem, and the engine's rota back into assignments."""

from datetime import date, timedelta

from django.db.models import Q

from engine.rota import problem as engine
from pcn.allocation import problems as allocation
from pcn.allocation.capacity import deliverable_services
from pcn.allocation.queries import agreed_scenario, next_week
from pcn.core.bank_holidays import bank_holidays
from pcn.networks.models import DAYS, RoomAvailability
from pcn.rota import enhanced_access
from pcn.rota.models import HolidayWorked
from pcn.workforce.models import Leave
from pcn.workforce.supervision import cadences

DEFAULT_SETTINGS = {
    "tolerance": 1,
    "strict_allocation": False,
    "max_sites": 2,
    "weights": dict(engine.DEFAULT_WEIGHTS),
}


def horizon_days(start, weeks):
    """Monday to Saturday of each week: Saturdays for those who work enhanced access."""
    return [
        start + timedelta(weeks=week, days=day) for week in range(weeks) for day in range(len(DAYS))
    ]


def targets_for(network):
    """The agreed allocation's sessions per practice and service, or the current settings'
    where none is agreed yet; and where they came from, in words."""
    scenario = agreed_scenario(network)
    if scenario is not None:
        result, source = scenario.result, f"the agreed allocation “{scenario.name}”"
    else:
        result = allocation.allocate(allocation.gather(network, next_week()))
        source = "the current allocation settings (none agreed yet)"
    # Enhanced access is not shared out by practice: the rota meets the network's minutes a week
    # at the practices offering evenings and Saturdays (enhanced_access.py).
    enhanced = set(network.services.filter(hours="enhanced_access").values_list("name", flat=True))
    targets = [
        {
            "site": row["ods_code"],
            "service": service["service"],
            "sessions_per_week": row["allocated"],
        }
        for service in result["services"]
        for row in service.get("practices", [])
        if row["allocated"] > 0 and service["service"] not in enhanced
    ]
    return targets, source


def people_in_post(network, start, end):
    return (
        network.staff.filter(is_draft=False)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=end))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("home_practice")
        .prefetch_related("usual_week", "teams")
        .order_by("pk")
    )


def _slots(person, days, leave, holidays=(), worked=None, services=(), enhanced=frozenset()):
    """(available, on leave): the person's usual sessions on each day of the horizon while in
    post, split by whether approved leave covers the day. Nobody works a bank holiday, so its
    sessions are neither available nor leave, unless the network works it for a service the
    person delivers (`worked`: {day: service names}; `services`: theirs): then the sessions of
    that day in which such a service runs (`enhanced`: the services of the evening and Saturday
    hours), and no others."""
    worked = worked or {}
    available, away = [], []
    usual = sorted((s.weekday, s.session) for s in person.usual_week.all())
    for day in days:
        hours = None  # on a worked bank holiday: which hours the day is worked in
        if day in holidays:
            theirs = set(worked.get(day, ())) & set(services)
            if not theirs:
                continue
            hours = {service in enhanced for service in theirs}
        if person.start_date and day < person.start_date:
            continue
        if person.end_date and day > person.end_date:
            continue
        on_leave = any(a.start <= day <= a.end for a in leave)
        for weekday, session in usual:
            slot = engine.Slot(day, session)
            if weekday == day.weekday() and (hours is None or slot.enhanced in hours):
                (away if on_leave else available).append(slot)
    return tuple(available), tuple(away)


def build(plan, *, locked=(), published=None):
    """The engine Problem for a plan. `locked`: Assignment rows to keep as they are (except on
    a bank holiday, which nobody works: such a row is left for the validator to name)."""
    network = plan.network
    days = horizon_days(plan.start, plan.weeks)
    end = days[-1]
    holidays = bank_holidays(plan.start, end)
    settings = {**DEFAULT_SETTINGS, **(plan.options or {})}
    services = list(network.services.all())
    staff = list(people_in_post(network, plan.start, end))
    in_post = {p.pk for p in staff}
    leave = {}
    for absence in Leave.objects.filter(
        staff__network=network, status=Leave.Status.APPROVED, start__lte=end, end__gte=plan.start
    ):
        leave.setdefault(absence.staff_id, []).append(absence)
    every = cadences(network)
    worked = {}
    for row in HolidayWorked.objects.filter(network=network, day__in=list(holidays)).select_related(
        "service"
    ):
        worked.setdefault(row.day, []).append(row.service.name)
    enhanced = {s.name for s in services if s.hours == "enhanced_access"}
    people = []
    for person in staff:
        delivers = tuple(s.name for s in deliverable_services(person, services))
        available, away = _slots(
            person, days, leave.get(person.pk, []), holidays, worked, delivers, enhanced
        )
        home = (
            person.home_practice.ods_code
            if person.home_practice
            else (engine.HUB if person.home_is_network_team else None)
        )
        people.append(
            engine.Person(
                id=str(person.pk),
                name=str(person),
                role=person.role_code,
                services=delivers,
                available=available,
                leave=away,
                home_base=home,
                teams=tuple(str(t.pk) for t in person.teams.all()),
                supervisor=str(person.supervisor_id) if person.supervisor_id in in_post else None,
                supervision_every_days=every.get(person.role_code),
            )
        )
    rooms = {}
    for practice_id, weekday, session, count in RoomAvailability.objects.filter(
        practice__network=network
    ).values_list("practice_id", "weekday", "session", "rooms"):
        rooms.setdefault(practice_id, {})[(weekday, session)] = count
    sites = [
        engine.Site(id=p.ods_code, name=p.name, rooms=rooms.get(p.pk, {}))
        for p in network.practices.all()
    ]
    sites.append(engine.Site(id=engine.HUB, name="Network hub or remote"))
    teams = []
    for team in network.teams.prefetch_related("members"):
        members = tuple(str(m.pk) for m in team.members.all() if m.pk in in_post)
        meets = (
            (team.meets_weekday, team.meets_session)
            if team.meets_weekday is not None and team.meets_session
            else None
        )
        teams.append(engine.Team(id=str(team.pk), name=team.name, members=members, meets=meets))
    return engine.Problem(
        network=network.pcn_code,
        start=plan.start,
        weeks=plan.weeks,
        people=tuple(people),
        sites=tuple(sites),
        services=tuple(engine.Service(s.name, s.needs_rooms, s.hours) for s in services),
        # A plan made before its service ran in enhanced access hours may hold a target for it.
        targets=tuple(engine.Target(**t) for t in plan.targets if t["service"] not in enhanced),
        teams=tuple(teams),
        tolerance=settings["tolerance"],
        strict_allocation=settings["strict_allocation"],
        max_sites=settings["max_sites"],
        weights={**engine.DEFAULT_WEIGHTS, **settings["weights"]},
        locked=tuple(
            to_engine(a)
            for a in locked
            if a.day not in holidays or a.service in worked.get(a.day, ())
        ),
        published=tuple(
            engine.Assignment(
                person=row["person"],
                day=date.fromisoformat(row["date"]),
                session=row["session"],
                site=row["site"],
                service=row["service"],
            )
            for row in (plan.published if published is None else published)
        ),
        holidays=tuple(holidays),
        holiday_names=holidays,
        holidays_worked={day: tuple(names) for day, names in worked.items()},
        enhanced_access=enhanced_access.for_engine(
            enhanced_access.requirement(network, plan.start)
        ),
    )


def to_engine(assignment):
    return engine.Assignment(
        person=str(assignment.staff_id),
        day=assignment.day,
        session=assignment.session,
        site=assignment.practice.ods_code if assignment.practice_id else engine.HUB,
        service=assignment.service,
    )
