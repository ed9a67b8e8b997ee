"""A clinical director's home: approvals waiting for them, and the network's risks: people at
high risk of isolation, supervision overdue, money forecast to go unspent."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse

from pcn.allocation.models import Scenario
from pcn.coordination import queries as coordination
from pcn.money.queries import unspent_money_warning
from pcn.workforce import belonging
from pcn.workforce.models import Leave

from .common import LIMIT, Item, ToDo, day, days_between, first


@dataclass
class DirectorHome:
    approvals: list  # ToDo
    risks: list  # ToDo
    unspent_money: str | None

    @property
    def nothing_to_approve(self):
        return not any(t.total for t in self.approvals)


def home(user, network, today):
    approvals = [_allocations(network), _matrix(network)]
    if user.has_perm("workforce.decide_leave", network):
        approvals.append(leave_to_decide(network))
    risks = []
    if user.has_perm("workforce.view_belonging", network):
        risks = _people_at_risk(user, network, today)
    return DirectorHome(
        approvals=approvals,
        risks=risks,
        unspent_money=(
            unspent_money_warning(network, today=today)
            if user.has_perm("money.view_totals", network)
            else None
        ),
    )


def _allocations(network):
    scenarios, total = first(
        network.scenarios.filter(status=Scenario.Status.DRAFT)
        .annotate(
            agree=Count("responses", filter=Q(responses__agrees=True)),
            object=Count("responses", filter=Q(responses__agrees=False)),
        )
        .order_by("-created_at", "-pk")
    )
    items = [
        Item(
            text=f"{s.name}: agree it for the network",
            href=reverse("allocation:scenario", args=[s.pk]),
            detail=(
                f"Proposed {day(s.created_at.date())} for the week of {day(s.week)}; "
                + _answers(s.agree, s.object)
            ),
        )
        for s in scenarios
    ]
    return ToDo(
        "allocations",
        "Allocations awaiting your agreement",
        items,
        total,
        reverse("allocation:scenarios"),
        "See every scenario",
    )


def _matrix(network):
    version = coordination.proposed_matrix(network)
    items = []
    if version is not None:
        practices = network.practices.count()
        agreed = version.answers.filter(agrees=True).count()
        items.append(
            Item(
                text=f"Who does what, version {version.number}",
                href=reverse("coordination:matrix_version", args=[version.pk]),
                detail=f"Proposed {day(version.proposed_at.date())}; "
                f"{agreed} of {practices} practices agree so far",
            )
        )
    return ToDo("matrix", "Who does what, proposed to practices", items, len(items))


def leave_to_decide(network):
    leave, total = first(
        Leave.objects.filter(staff__network=network, status=Leave.Status.REQUESTED)
        .select_related("staff")
        .order_by("start", "pk")
    )
    items = [
        Item(
            text=f"{entry.staff.full_name}: {entry.get_kind_display().lower()}, "
            f"{days_between(entry.start, entry.end)}",
            href=reverse("workforce:leave_requests"),
            detail="Asked for, waiting for a decision",
        )
        for entry in leave
    ]
    return ToDo(
        "leave",
        "Leave to agree or decline",
        items,
        total,
        reverse("workforce:leave_requests"),
        "See every leave request",
    )


def _people_at_risk(user, network, today):
    """From the belonging profiles: a fixed number of queries, whatever the register's size."""
    profiles = belonging.profiles(network, today=today)
    high = [p for p in profiles if p.severity == "High"]
    overdue = sorted(
        (p.supervision for p in profiles if p.supervision and p.supervision.is_overdue),
        key=lambda d: (-d.days_overdue, d.person.full_name),
    )
    at_risk = ToDo(
        "isolation",
        "People at high risk of isolation",
        [
            Item(
                text=p.person.full_name,
                href=reverse("workforce:person", args=[p.person.pk]),
                detail=_reasons(p.reasons[:3]),
            )
            for p in high[:LIMIT]
        ],
        len(high),
        reverse("workforce:belonging"),
        "See everyone's belonging",
    )
    supervision_page = (
        reverse("workforce:overdue_supervision")
        if user.has_perm("workforce.view_overdue_supervision", network)
        else reverse("workforce:belonging")
    )
    late = ToDo(
        "supervision",
        "Supervision overdue",
        [
            Item(
                text=d.person.full_name,
                href=reverse("workforce:person", args=[d.person.pk]),
                detail=f"Overdue by {d.overdue_roughly or _days(d.days_overdue)}, "
                + (f"last supervised {day(d.last)}" if d.last else "never supervised"),
            )
            for d in overdue[:LIMIT]
        ],
        len(overdue),
        supervision_page,
        "See supervision due and overdue",
    )
    return [at_risk, late]


def _answers(agree, object_):
    if not agree and not object_:
        return "no practice has answered yet"
    return f"{_count(agree, 'practice agrees', 'practices agree')}, {_count(object_, 'objects', 'object')}"


def _count(n, one, many):
    return f"{n} {one if n == 1 else many}"


def _reasons(reasons):
    """ "No home base; not in any team": one line, the first reason leading."""
    return "; ".join(
        reason if i == 0 else reason[:1].lower() + reason[1:] for i, reason in enumerate(reasons)
    )


def _days(n):
    return f"{n} day{'s' if n != 1 else ''}"
