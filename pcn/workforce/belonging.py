"""Does each person belong somewhere? A profile computed from the register, with what to fix.

Staff split across practices, with no home, team or supervisor, are the ones who leave. Each
check below is one thing the PCN can put right; its weight says how much it isolates someone, so
the list shows the worst first. The weights are a judgement, stated here and on the page:
no home base or no team with peers (3) isolate most; no supervisor, supervision overdue, a week
spread over more than two sites (2, plus one per extra site); the rest (1).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from pcn.networks.models import WEEKDAYS

from . import where_they_work
from .catalogue import role_names as catalogue_role_names
from .models import StaffMember, Team
from .supervision import due_dates

MOST_SITES = 2  # a week at one or two sites keeps people together (the rota's default too)
HIGH_RISK = 5


@dataclass(frozen=True)
class Concern:
    reason: str
    fix: str
    weight: int
    link: str = ""  # where the fix is made, for those who may make it (the team pages)


@dataclass
class Profile:
    person: StaffMember
    sites: int
    supervision: object  # SupervisionDue
    week: object = None  # where_they_work.Week: where they work this week
    checks: list = field(default_factory=list)  # [(what is checked, passed)]
    concerns: list = field(default_factory=list)

    @property
    def score(self):
        return sum(c.weight for c in self.concerns)

    @property
    def at_risk(self):
        return bool(self.concerns)

    @property
    def severity(self):
        if self.score >= HIGH_RISK:
            return "High"
        return "Medium" if self.score >= 3 else "Low"

    @property
    def reasons(self):
        return [c.reason for c in self.concerns]


# What the belonging checks and the pages over them read of each person: loading whole records
# with their relations for hundreds of people costs more than the rest of the page.
PROFILE_FIELDS = [
    "network",
    "full_name",
    "role_code",
    "nhs_role",
    "start_date",
    "end_date",
    "is_draft",
    "home_practice",
    "home_is_network_team",
    "line_manager",
    "supervisor",
    "external_supervisor",
]


def in_post(network, today=None):
    """Everyone in post: named (not a draft) and not yet left."""
    today = today or timezone.localdate()
    return network.staff.filter(is_draft=False).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


def active_people(network, today=None):
    return list(in_post(network, today).only(*PROFILE_FIELDS).order_by("full_name", "pk"))


def _teams(network, today):
    """({person pk: [teams]}, {team pk: people in post in it}) for the whole network."""
    teams = {
        team.pk: team
        for team in Team.objects.filter(network=network)
        .annotate(
            active=Count(
                "members",
                filter=Q(members__is_draft=False)
                & (Q(members__end_date__isnull=True) | Q(members__end_date__gte=today)),
            )
        )
        .order_by("name")
    }
    of_person = defaultdict(list)
    for staff_id, team_id in StaffMember.teams.through.objects.filter(
        team__network=network
    ).values_list("staffmember_id", "team_id"):
        of_person[staff_id].append(teams[team_id])
    return of_person, {pk: team.active for pk, team in teams.items()}


def profiles(network, people=None, role_names=None, today=None):
    """One profile per person in post (or per person given), worst first. A fixed number of
    queries, whatever the size of the register."""
    today = today or timezone.localdate()
    people = active_people(network, today) if people is None else people
    weeks = where_they_work.week_of(network, people, where_they_work.this_week(today))
    teams, members = _teams(network, today)
    supervision = due_dates(network, people, today)
    # "The only care co-ordinator" is about the whole network, not just the people asked about.
    per_role = Counter(in_post(network, today).values_list("role_code", flat=True))
    role_names = role_names if role_names is not None else catalogue_role_names()
    result = [
        _profile(p, weeks[p.pk], teams[p.pk], members, supervision[p.pk], per_role, role_names)
        for p in people
    ]
    return sorted(result, key=lambda pr: (-pr.score, pr.person.full_name))


def _profile(person, where, teams, members, supervision, per_role, role_names):
    # Where they work this week, as every page says it: the published rota, else the usual week.
    week = where.slots()
    sites = where.sites  # the hub or remote counts as one
    profile = Profile(person=person, sites=sites, supervision=supervision, week=where)

    def check(label, passed, concern=None):
        profile.checks.append((label, passed))
        if not passed and concern:
            profile.concerns.append(concern)

    check(
        "Home base set",
        person.has_home_base,
        Concern("No home base", "Set a home practice or the network team.", 3),
    )
    check(
        "Line manager set",
        person.line_manager_id is not None,
        Concern("No line manager", "Name their line manager.", 1),
    )
    check(
        "Clinical supervisor set",
        person.supervisor_id is not None or bool(person.external_supervisor),
        Concern("No clinical supervisor", "Name a supervisor, in the register or from outside.", 2),
    )
    with_peers = [t for t in teams if members.get(t.pk, 0) > 1]
    check(
        "At least one peer in a team",
        bool(with_peers),
        _no_peers(person, teams, per_role, role_names),
    )

    if not where.recorded:
        check(
            "Usual week recorded",
            False,
            Concern("No usual week recorded", "Record the sessions they work and where.", 1),
        )
    else:
        check(
            f"Works at {MOST_SITES} sites or fewer",
            sites <= MOST_SITES,
            Concern(
                f"Works at {sites} sites",
                f"Bring their week down to 1 or {MOST_SITES} sites. {where.label}: "
                f"{', '.join(where.place_names)}.",
                2 + sites - MOST_SITES - 1,
            ),
        )

    if supervision.cadence_known:
        check(
            "Supervision up to date",
            not supervision.is_overdue,
            Concern(
                "Never supervised"
                if supervision.never_supervised
                else f"Supervision overdue by {_days(supervision.days_overdue)}",
                "Book a supervision session and log it.",
                2,
            ),
        )

    if with_peers:
        check("Regular time with their team", *_team_time(week, with_peers))
    return profile


def _no_peers(person, teams, per_role, role_names):
    role = role_names.get(person.role_code) or person.nhs_role or "person in their role"
    if teams:
        names = ", ".join(t.name for t in teams)
        return Concern(
            f"Nobody else in {names}",
            "Add peers to their team, or move them to one.",
            3,
            reverse("workforce:team", args=[teams[0].pk]),
        )
    fix, link = "Add them to a team with peers.", reverse("workforce:teams")
    if per_role.get(person.role_code, 0) <= 1 and person.role_code:
        return Concern(f"The only {role.lower()}, no team", fix, 3, link)
    return Concern("Not in any team", fix, 3, link)


def _team_time(week, teams):
    """(passed, concern): do they work a session in which one of their teams meets?"""
    scheduled = [t for t in teams if t.has_meeting]
    if not scheduled:
        return False, Concern(
            "Their team has no regular meeting time",
            f"Set when {teams[0].name} meets, and give them that session.",
            1,
        )
    worked = {(weekday, session) for weekday, session, _ in week}
    if any((t.meets_weekday, t.meets_session) in worked for t in scheduled):
        return True, None
    team = scheduled[0]
    when = f"{WEEKDAYS[team.meets_weekday]} {team.get_meets_session_display().lower()}"
    return False, Concern(
        f"Not working when {team.name} meets ({when})",
        f"Give them the {when} session with their team.",
        1,
    )


def summary(profiles_):
    at_risk = [p for p in profiles_ if p.at_risk]
    reasons = Counter()
    for p in at_risk:
        # "Works at 4 sites" and "Works at 3 sites" are one reason in the summary.
        reasons.update({_kind(c.reason) for c in p.concerns})
    return {
        "people": len(profiles_),
        "at_risk": len(at_risk),
        "high": sum(1 for p in at_risk if p.severity == "High"),
        "commonest": reasons.most_common(5),
    }


def _kind(reason):
    if reason.startswith("Works at"):
        return "Works at more than 2 sites"
    if reason.startswith(("Supervision overdue", "Never supervised")):
        return "Supervision overdue"
    if reason.startswith(("Nobody else in", "The only", "Not in any team")):
        return "No team with peers"
    if reason.startswith("Not working when"):
        return "No time with their team"
    return reason


def _days(n):
    return f"{n} day" if n == 1 else f"{n} days"
