"""Every write to the network's teams: adding one, when and where it meets, who is in it."""

from datetime import time

from django.db import transaction

from pcn.core import audit, limits
from pcn.core.refusals import ActionRefused
from pcn.networks.models import WEEKDAYS

from ..models import MeetingFrequency, Team
from .staff import is_active

AFTERNOON = time(13, 0)  # a meeting from 13:00 is in the afternoon session
MEETING_HOURS = (time(7, 0), time(20, 0))
TEAM_FIELDS = ["name", "purpose", "meets_weekday", "meets_at", "meets_every", "meets_where"]


def _describe(team):
    picture = audit.snapshot(team, TEAM_FIELDS)
    picture["meets_weekday"] = (
        WEEKDAYS[team.meets_weekday] if team.meets_weekday is not None else ""
    )
    picture["meets_at"] = f"{team.meets_at:%H:%M}" if team.meets_at else ""
    return picture


def _check(network, team, *, name, purpose, meets_weekday, meets_at, meets_every, meets_where):
    name = (name or "").strip()
    if not name:
        raise ActionRefused("Enter the team's name.", field="name")
    limits.check_length(name, Team._meta.get_field("name").max_length, "The team's name", "name")
    limits.check_length(purpose, limits.SOURCE, "What the team is for", "purpose")
    limits.check_length(meets_where, limits.NAME, "Where the team meets", "meets_where")
    same_name = network.teams.filter(name__iexact=name)
    if team is not None:
        same_name = same_name.exclude(pk=team.pk)
    if same_name.exists():
        raise ActionRefused(f"There is already a team called {name}.", field="name")
    if meets_weekday is not None and meets_weekday not in range(len(WEEKDAYS)):
        raise ActionRefused("Choose a day from Monday to Friday.", field="meets_weekday")
    meeting = (meets_weekday is not None, meets_at is not None, bool(meets_every))
    if any(meeting) and not all(meeting):
        missing = [
            words
            for given, words, field in zip(
                meeting,
                ("the day", "the time", "how often"),
                ("meets_weekday", "meets_at", "meets_every"),
                strict=True,
            )
            if not given
        ]
        field = {"the day": "meets_weekday", "the time": "meets_at", "how often": "meets_every"}
        raise ActionRefused(
            f"To set a meeting, give {' and '.join(missing)} too.", field=field[missing[0]]
        )
    if meets_every and meets_every not in MeetingFrequency.values:
        raise ActionRefused("Choose how often the team meets.", field="meets_every")
    if meets_at is not None and not (MEETING_HOURS[0] <= meets_at <= MEETING_HOURS[1]):
        raise ActionRefused(
            "Choose a time between 07:00 and 20:00, when the practices are open.",
            field="meets_at",
        )
    return name


def _session(meets_at):
    if meets_at is None:
        return ""
    return "AM" if meets_at < AFTERNOON else "PM"


@transaction.atomic
def add(
    *,
    network,
    name,
    purpose="",
    meets_weekday=None,
    meets_at=None,
    meets_every="",
    meets_where="",
    by,
):
    name = _check(
        network,
        None,
        name=name,
        purpose=purpose,
        meets_weekday=meets_weekday,
        meets_at=meets_at,
        meets_every=meets_every,
        meets_where=meets_where,
    )
    team = Team.objects.create(
        network=network,
        name=name,
        purpose=purpose,
        meets_weekday=meets_weekday,
        meets_at=meets_at,
        meets_every=meets_every,
        meets_where=meets_where.strip(),
        meets_session=_session(meets_at),
    )
    audit.record(
        by=by, action="workforce.add_team", target=team, network=network, after=_describe(team)
    )
    return team


@transaction.atomic
def update(*, team, version, name, purpose, meets_weekday, meets_at, meets_every, meets_where, by):
    name = _check(
        team.network,
        team,
        name=name,
        purpose=purpose,
        meets_weekday=meets_weekday,
        meets_at=meets_at,
        meets_every=meets_every,
        meets_where=meets_where,
    )
    team.bump_version(version)
    before = _describe(team)
    team.name, team.purpose = name, purpose
    team.meets_weekday, team.meets_at = meets_weekday, meets_at
    team.meets_every, team.meets_where = meets_every, meets_where.strip()
    team.meets_session = _session(meets_at)
    team.save()
    after = _describe(team)
    changed = [key for key in after if after[key] != before[key]]
    audit.record(
        by=by,
        action="workforce.update_team",
        target=team,
        network=team.network,
        before={key: before[key] for key in changed},
        after={key: after[key] for key in changed},
    )
    return team


@transaction.atomic
def add_member(*, team, person, by):
    if person.network_id != team.network_id:
        raise ActionRefused("That person is not in this network's register.", field="person")
    if not is_active(person):
        raise ActionRefused(
            f"{person} is not in post: only people who work here can join a team.",
            field="person",
        )
    if team.members.filter(pk=person.pk).exists():
        raise ActionRefused(f"{person} is already in {team.name}.", field="person")
    team.members.add(person)
    audit.record(
        by=by,
        action="workforce.add_team_member",
        target=team,
        network=team.network,
        label=f"{person} joined {team.name}",
        after={"member": str(person)},
    )
    return team


@transaction.atomic
def remove_member(*, team, person, by):
    if not team.members.filter(pk=person.pk).exists():
        raise ActionRefused(f"{person} is not in {team.name}.", field="person")
    team.members.remove(person)
    audit.record(
        by=by,
        action="workforce.remove_team_member",
        target=team,
        network=team.network,
        label=f"{person} left {team.name}",
        before={"member": str(person)},
    )
    return team
