"""Pulse results, only ever aggregated: per month for the network, each team and each role.

A figure from fewer than five people could point at someone, so it is withheld, never rounded or
merged. Comments are shown only for the whole network and only in a month with at least five
answers, without names, teams or roles, in a random order.

Only months that have ended are shown. Results that moved while a month was open would let
someone look before and after a colleague answered and tell what they said; a closed month's
figures no longer move, so a month's results appear on the first of the next.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import mean

from django.utils import timezone

from .models import PulseResponse, StaffMember

MIN_ANSWERS = 5
QUESTIONS = [
    ("belong", "I feel I belong to a team"),
    ("support", "I get the support I need"),
    ("clarity", "My role is clear"),
]


@dataclass(frozen=True)
class Cell:
    """One group's answers in one month."""

    answers: int
    means: dict | None  # {question: mean score}; None when withheld

    @property
    def shown(self):
        return self.means is not None


@dataclass
class Group:
    name: str
    kind: str  # "network", "team" or "role"
    cells: dict  # {month: Cell}


def last_months(count=12, today=None):
    today = today or timezone.localdate()
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def closed_months(count=12, today=None):
    """The last `count` months that have ended, oldest first."""
    today = today or timezone.localdate()
    return last_months(count, today=today.replace(day=1) - timedelta(days=1))


def open_month(today=None):
    """(the month being answered, the day its results appear)."""
    first = (today or timezone.localdate()).replace(day=1)
    return first, (first + timedelta(days=31)).replace(day=1)


def _cell(rows):
    if len(rows) < MIN_ANSWERS:
        return Cell(len(rows), None)
    return Cell(len(rows), {q: f"{mean(r[q] for r in rows):.1f}" for q, _ in QUESTIONS})


def results(network, role_names, today=None):
    """(months, groups, comments) of closed months, in three queries, whatever the size of the
    network."""
    months = closed_months(today=today)
    answers = list(
        PulseResponse.objects.filter(
            staff__network=network, month__gte=months[0], month__lte=months[-1]
        ).values("staff_id", "month", "belong", "support", "clarity", "comment")
    )
    roles = dict(network.staff.values_list("pk", "role_code"))
    memberships = {}
    for staff_id, team in StaffMember.teams.through.objects.filter(
        staffmember__network=network
    ).values_list("staffmember_id", "team__name"):
        memberships.setdefault(staff_id, []).append(team)

    def group(name, kind, belongs):
        by_month = {m: [] for m in months}
        for row in answers:
            if belongs(row["staff_id"]):
                by_month[row["month"]].append(row)
        return Group(name, kind, {m: _cell(rows) for m, rows in by_month.items()})

    groups = [group("Whole network", "network", lambda _: True)]
    for team in sorted({t for teams in memberships.values() for t in teams}):
        groups.append(group(team, "team", lambda s, t=team: t in memberships.get(s, ())))
    for code in sorted({roles[r["staff_id"]] for r in answers}, key=lambda c: role_names.get(c, c)):
        name = role_names.get(code) or "Roles outside the catalogue"
        groups.append(group(name, "role", lambda s, c=code: roles.get(s) == c))
    return months, groups, _comments(answers, months[-1])


def _comments(answers, month):
    this_month = [r for r in answers if r["month"] == month]
    if len(this_month) < MIN_ANSWERS:
        return []
    comments = [r["comment"].strip() for r in this_month if r["comment"].strip()]
    random.shuffle(comments)  # the order of answering could identify someone
    return comments
