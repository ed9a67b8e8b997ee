"""Reads for the register pages. Each answers in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from . import belonging, where_they_work
from .catalogue import role_names  # noqa: F401  (the pages read role names from here)
from .models import Leave, StaffMember, SupervisionSession, Team
from .sessions import usual_sessions, week_against_wte, wte_in_sessions

SORTS = {
    "name": ["full_name", "pk"],
    "role": ["role_code", "full_name"],
    "home": ["home_is_network_team", "home_practice__name", "full_name"],
    "wte": ["-wte", "full_name"],
    "start": ["start_date", "full_name"],
}
REGISTER_FIELDS = [
    "network",
    "full_name",
    "role_code",
    "nhs_role",
    "wte",
    "start_date",
    "end_date",
    "is_draft",
    "home_is_network_team",
    "external_supervisor",
    "home_practice__ods_code",
    "home_practice__name",
    "supervisor__full_name",
    "supervisor__nhs_role",
    "supervisor__role_code",
    "supervisor__wte",
]
STATUSES = {
    "active": "In post",
    "draft": "Drafts from NHS data",
    "left": "Left",
    "all": "Everyone",
}


def _with_relations(queryset):
    return queryset.select_related(
        "home_practice", "supervisor", "line_manager", "employer_practice"
    ).prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name")))


@dataclass
class Filters:
    q: str = ""
    role: str = ""
    home: str = ""
    team: str = ""
    status: str = "active"
    sort: str = "name"

    @classmethod
    def from_request(cls, params):
        filters = cls(
            **{k: params.get(k, getattr(cls, k)).strip() for k in cls.__dataclass_fields__}
        )
        if filters.status not in STATUSES:
            filters.status = "active"
        if filters.sort not in SORTS:
            filters.sort = "name"
        return filters


def register(network, filters, today=None):
    today = today or timezone.localdate()
    staff = network.staff.all()
    if filters.status == "active":
        staff = staff.filter(is_draft=False).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today)
        )
    elif filters.status == "draft":
        staff = staff.filter(is_draft=True)
    elif filters.status == "left":
        staff = staff.filter(end_date__lt=today)
    if filters.q:
        staff = staff.filter(
            Q(full_name__icontains=filters.q)
            | Q(email__icontains=filters.q)
            | Q(nhs_role__icontains=filters.q)
        )
    if filters.role:
        staff = (
            staff.filter(role_code=filters.role)
            if filters.role != "none"
            else staff.filter(role_code="")
        )
    if filters.home == "network":
        staff = staff.filter(home_is_network_team=True)
    elif filters.home == "none":
        staff = staff.filter(home_is_network_team=False, home_practice__isnull=True)
    elif filters.home.isdigit():
        staff = staff.filter(home_practice_id=int(filters.home))
    if filters.team.isdigit():
        staff = staff.filter(teams__id=int(filters.team))
    # Only what the register's table (and the API) show: whole records with every relation cost
    # more than the rest of the page for a few hundred people.
    return list(
        staff.order_by(*SORTS[filters.sort])
        .distinct()
        .select_related("home_practice", "supervisor")
        .only(*REGISTER_FIELDS)
        .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name")))
    )


def person(network, pk):
    return _with_relations(network.staff.all()).filter(pk=pk).first()


def person_page(person):
    profile = belonging.profiles(person.network, people=[person], role_names=role_names())[0]
    week = {
        (w.weekday, w.session): w.practice for w in person.usual_week.select_related("practice")
    }
    return {
        "belonging": profile,
        # Where they work this week: the same answer the belonging check counts sites from.
        "this_week": profile.week,
        "supervision_due": profile.supervision,
        "usual_week": week,
        "wte_in_sessions": wte_in_sessions(person),
        "week_against_wte": week_against_wte(person, usual_sessions(week)),
        "leave": list(person.leave.all()[:20]),
        "supervision": list(
            SupervisionSession.objects.filter(staff=person).select_related("staff", "supervisor")[
                :20
            ]
        ),
        "team_mates": _team_mates(person),
    }


def _team_mates(person, today=None):
    """{team: the other people in post in it}, in two queries however many teams."""
    today = today or timezone.localdate()
    in_post = StaffMember.objects.filter(is_draft=False).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    teams = Team.objects.filter(members=person).prefetch_related(
        Prefetch("members", queryset=in_post.exclude(pk=person.pk))
    )
    return {team: list(team.members.all()) for team in teams}


def leave_requests(network):
    return list(
        Leave.objects.filter(staff__network=network, status=Leave.Status.REQUESTED)
        .select_related("staff")
        .order_by("start")
    )


def practice_staff(practice, monday=None):
    """Who from the network works at the practice this week, and when (no pay, no
    supervision): for its practice manager. From the one answer to where people work: the
    published rota for the week where there is one, otherwise their usual week."""
    people = belonging.active_people(practice.network)
    weeks, there = where_they_work.at_practice(practice.network, practice, people, monday)
    here = {p.pk for names in there.values() for p in names}
    return {
        "grid": there,
        "people": [(p, weeks[p.pk]) for p in people if p.pk in here],
        "monday": next(iter(weeks.values())).monday if weeks else where_they_work.this_week(),
        "holidays": next(iter(weeks.values())).holidays if weeks else {},
    }


def unmapped_records(network):
    """The register's drafts with no ARRS role: NHS roles the map doesn't place, for review."""
    return StaffMember.objects.filter(network=network, is_draft=True, role_code="").order_by(
        "nhs_role", "pk"
    )
