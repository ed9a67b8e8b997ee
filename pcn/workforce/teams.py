"""Reads for the team pages: who is in each team now, who could join, and the members' week."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Prefetch

from pcn.networks.models import DAYS
from pcn.networks.week import WEEK_SLOTS, session_name

from .belonging import in_post
from .where_they_work import HUB, short_day, this_week, week_of


def teams_with_members(network):
    """The network's teams, each with `current` (its members in post), in two queries."""
    people = in_post(network).order_by("full_name", "pk")
    return list(
        network.teams.prefetch_related(Prefetch("members", queryset=people, to_attr="current"))
    )


def members(team):
    return list(in_post(team.network).filter(teams=team).order_by("full_name", "pk"))


def can_join(team):
    """People in post who are not in the team yet."""
    return list(in_post(team.network).exclude(teams=team).order_by("full_name", "pk"))


@dataclass
class Day:
    weekday: int
    date: object
    holiday: str
    meeting: bool  # the team meets this day (this week)

    @property
    def label(self):
        """'Wednesday 18 Nov'."""
        return f"{DAYS[self.weekday]} {self.date.day} {self.date:%b}"

    @property
    def short(self):
        """'Wed 18 Nov'."""
        return short_day(self.date)


@dataclass
class Line:
    session: str
    name: str  # "Morning", "Evening (18:30–20:00)"
    place: str  # a practice's name, "Hub or remote", or "" where they don't work
    meeting: bool  # the team meets in this session


def team_week(team, people, monday=None):
    """The week of the team's members, from the one answer to where they work: (days,
    [(person, Week, {weekday: [Line]})]). Only the sessions somebody works, and every weekday's
    morning and afternoon."""
    monday = monday or this_week()
    weeks = week_of(team.network, people, monday)
    worked = {slot for week in weeks.values() for slot in week.places}
    slots = [(d, s) for d, s in WEEK_SLOTS if (d, s) in worked or (d < 5 and s in ("AM", "PM"))]
    shown_days = sorted({d for d, _ in slots})
    holidays = next(iter(weeks.values())).holidays if weeks else {}
    days = [
        Day(
            d,
            week_date(monday, d),
            holidays.get(d, ""),
            team.has_meeting and d == team.meets_weekday,
        )
        for d in shown_days
    ]
    rows = []
    for person in people:
        week = weeks[person.pk]
        cells = {}
        for d, s in slots:
            place = week.places.get((d, s), False)
            cells.setdefault(d, []).append(
                Line(
                    s,
                    session_name(s),
                    "" if place is False else (place.name if place else HUB),
                    team.has_meeting and (d, s) == (team.meets_weekday, team.meets_session),
                )
            )
        rows.append((person, week, cells))
    return days, rows


def week_date(monday, weekday):
    return monday + timedelta(days=weekday)


def at_meeting(team, rows):
    """The members who work in the session the team meets this week."""
    if not team.has_meeting:
        return []
    slot = (team.meets_weekday, team.meets_session)
    return [person for person, week, _ in rows if slot in week.places]
