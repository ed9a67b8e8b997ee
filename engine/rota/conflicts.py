"""Why a problem has no rota, in the manager's words.

`before(problem)` runs cheap checks ahead of any solving. Each blocking conflict it finds is a
proof on its own that no rota can keep every hard rule ("Practice B has 1 room on Tuesday PM;
3 people must be there ..."); the others are worth saying but block nothing (someone with no
working sessions at all).

When the solver proves a problem infeasible for a subtler reason, solve.py asks again with the
allocation, rooms, site-limit and locked rules relaxed by named slack variables, and
`from_slack` turns the slack it had to use into sentences: which rule gave, where, and by how
much. This module imports no solver.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from . import horizon
from .problem import HUB, NETWORK_WORK, Problem
from .rules import HARD_RULES, allocation, locked, rooms, site_limit, skills


@dataclass(frozen=True)
class Conflict:
    rule: str  # the hard rule that cannot be kept, or "working_sessions" for the people notes
    message: str
    blocking: bool = True  # False: worth saying, but it does not make the problem infeasible


def before(problem: Problem) -> list[Conflict]:
    return [
        *_nobody_working(problem),
        *_locked_sessions(problem),
        *_targets_beyond_staff(problem),
        *_targets_beyond_reach(problem),
        *_targets_beyond_rooms(problem),
    ]


def from_slack(problem: Problem, used: Iterable[tuple[object, int]]) -> list[Conflict]:
    """The conflicts behind the slack a relaxed solve had to use: (slack, amount) pairs, each
    slack a model.Slack. A rule may sum its slack up (`slack_conflicts`); otherwise each slack
    describes itself."""
    used = [(slack, amount) for slack, amount in used if amount > 0]
    found = []
    for rule in HARD_RULES:
        mine = [(slack, amount) for slack, amount in used if slack.rule == rule.NAME]
        if not mine:
            continue
        if hasattr(rule, "slack_conflicts"):
            messages = rule.slack_conflicts(problem, mine)
        else:
            messages = [slack.describe(amount) for slack, amount in mine]
        found += [Conflict(rule.NAME, message) for message in messages]
    return found


def _nobody_working(problem):
    for person in problem.people:
        if person.available:
            continue
        reason = (
            f"all {horizon.plural(len(set(person.leave)), 'session')} they would work are leave"
            if person.leave
            else "no working pattern is recorded"
        )
        yield Conflict(
            "working_sessions",
            f"{person.name} has no working sessions in these weeks: {reason}.",
            blocking=False,
        )


def _locked_sessions(problem):
    people = {person.id: person for person in problem.people}
    workable = []
    for a in problem.locked:
        person = people[a.person]
        reason = locked.unworkable(problem, a)
        if reason:
            yield Conflict(locked.NAME, reason)
        elif (a.site, a.service) not in skills.options(problem, person):
            if a.site == HUB:
                why = "but the hub is for network work only"
            elif a.service == NETWORK_WORK:
                why = "but network work is done at the hub"
            else:
                why = "which they do not deliver"
            yield Conflict(
                locked.NAME,
                f"{person.name}'s session on {horizon.slot_label(a.slot)} is locked at "
                f"{horizon.site_name(problem, a.site)} for {a.service}, {why}.",
            )
        else:
            workable.append(a)

    in_room = defaultdict(list)
    for a in workable:
        if rooms.needs_room(problem, a.site, a.service):
            in_room[a.site, a.slot].append(a.person)
    for (site, slot), who in sorted(in_room.items()):
        have = rooms.capacity(problem, site, slot)
        if len(who) > have:
            yield Conflict(
                rooms.NAME,
                f"{horizon.site_name(problem, site)} has {rooms.rooms_phrase(have)} on "
                f"{horizon.weekly_label(slot.day.weekday(), slot.session)}; "
                f"{horizon.plural(len(who), 'person', 'people')} must be there on "
                f"{slot.day.day} {slot.day:%B %Y}: "
                f"{horizon.names(people[p].name for p in who)} (locked).",
            )

    delivered = Counter(
        (a.site, a.service, horizon.week_of(problem, a.day)) for a in workable if a.site != HUB
    )
    for (site, service, week), count in sorted(delivered.items()):
        most = allocation.most(problem, site, service, week)
        if count > most:
            yield Conflict(
                allocation.NAME,
                f"{horizon.site_name(problem, site)} may get at most "
                f"{horizon.plural(most, 'session')} of {service} in "
                f"{horizon.week_label(problem, week)}, but "
                f"{horizon.plural(count, 'is', 'are')} locked there.",
            )

    practices = defaultdict(dict)
    for a in workable:
        if a.site != HUB:
            practices[a.person, horizon.week_of(problem, a.day)][a.site] = None
    for (person, week), sites in sorted(practices.items()):
        most = site_limit.limit(problem, people[person])
        if len(sites) > most:
            yield Conflict(
                site_limit.NAME,
                f"{people[person].name} has sessions locked at {len(sites)} practices in "
                f"{horizon.week_label(problem, week)} "
                f"({horizon.names(horizon.site_name(problem, s) for s in sites)}); "
                f"their limit is {most}.",
            )


def _targets_beyond_staff(problem):
    """Per service and week: the practices' targets, less the tolerance, need more sessions than
    everyone who delivers the service works that week (a week with a bank holiday asks less)."""
    services = dict.fromkeys(t.service for t in problem.targets)
    for service in services:
        staff = [p for p in problem.people if service in p.services]
        for week in range(problem.weeks):
            wanted = [
                (t.site, least)
                for t in problem.targets
                if t.service == service
                and (least := allocation.bounds(problem, t.site, t.service, week)[0]) > 0
            ]
            if not wanted:
                continue
            need = sum(least for _, least in wanted)
            breakdown = horizon.names(
                f"{horizon.site_name(problem, site)} {least}" for site, least in wanted
            )
            if not staff:
                yield Conflict(
                    allocation.NAME,
                    f"Nobody in the rota delivers {service}, but the practices' targets need at "
                    f"least {horizon.plural(need, 'session')} of it a week ({breakdown}).",
                )
                break
            working = {
                p.id: sum(horizon.week_of(problem, s.day) == week for s in set(p.available))
                for p in staff
            }
            supply = sum(working.values())
            if supply >= need:
                continue
            away = [p.name for p in staff if not working[p.id]]
            note = (
                f"; {horizon.names(away)} {'is' if len(away) == 1 else 'are'} not working that week"
                if away
                else ""
            )
            yield Conflict(
                allocation.NAME,
                f"In {horizon.week_label(problem, week)} the practices' targets need at least "
                f"{horizon.plural(need, 'session')} of {service} ({breakdown}, after the "
                f"tolerance of {problem.tolerance}), but the "
                f"{horizon.plural(len(staff), 'person', 'people')} who "
                f"{'delivers' if len(staff) == 1 else 'deliver'} it "
                f"{'works' if len(staff) == 1 else 'work'} only "
                f"{horizon.plural(supply, 'session')} that week{note}.",
            )


def _targets_beyond_reach(problem):
    """Per service and week: more practices need at least one session than the people who
    deliver it, working that week, can reach within their practices-a-week limits."""
    for service in dict.fromkeys(t.service for t in problem.targets):
        staff = [p for p in problem.people if service in p.services]
        if not staff:
            continue  # nobody delivers it at all: _targets_beyond_staff says so
        for week in range(problem.weeks):
            needing = [
                t.site for t in problem.targets
                if t.service == service
                and allocation.bounds(problem, t.site, t.service, week)[0] > 0
            ]  # fmt: skip
            if not needing:
                continue
            working = [
                p for p in staff if any(horizon.week_of(problem, s.day) == week for s in p.available)
            ]  # fmt: skip
            reach = sum(site_limit.limit(problem, p) for p in working)
            if len(needing) <= reach or not working:
                continue  # (nobody working at all: _targets_beyond_staff says so)
            who = horizon.names(p.name for p in working)
            if len(working) == 1:
                staff_phrase = f"the one person who delivers it that week ({who}) can work"
                reach_phrase = f"{horizon.plural(reach, 'practice')} a week"
            else:
                staff_phrase = (
                    f"the {len(working)} people who deliver it that week ({who}) can work"
                )
                reach_phrase = f"{horizon.plural(reach, 'practice')} a week between them"
            yield Conflict(
                site_limit.NAME,
                f"In {horizon.week_label(problem, week)}, {len(needing)} practices need "
                f"{service} "
                f"({horizon.names(horizon.site_name(problem, s) for s in needing)}, at least "
                f"one session each after the tolerance of {problem.tolerance}), but "
                f"{staff_phrase} at only {reach_phrase}.",
            )


def _targets_beyond_rooms(problem):
    """Per practice: the targets of services that need a room, less the tolerance, need more
    sessions a week than the practice has room-sessions for PCN staff."""
    for site in problem.sites:
        if site.id == HUB:
            continue
        wanted = [
            (t.service, allocation.bounds(problem, t.site, t.service)[0])
            for t in problem.targets
            if t.site == site.id and rooms.needs_room(problem, t.site, t.service)
        ]
        need = sum(least for _, least in wanted)
        have = sum(site.rooms.values())
        if need > have:
            yield Conflict(
                rooms.NAME,
                f"{site.name}'s targets need at least {horizon.plural(need, 'session')} a week "
                f"in its rooms ({horizon.names(f'{s} {n}' for s, n in wanted if n)}, after the "
                f"tolerance of {problem.tolerance}), but it has "
                f"{horizon.plural(have, 'room-session')} a week for PCN staff.",
            )
