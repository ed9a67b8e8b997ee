"""A practice never has more PCN staff needing a room in a session than it has rooms for them.

Rooms are counted per weekday and session (a practice's weekly room grid); a session missing
from the grid has no rooms. Services that don't need a room (home visits, care-home rounds) and
the hub, which also stands for remote work, take no room.
"""

from collections import defaultdict

from .. import horizon
from ..findings import Violation
from ..placed import placements
from ..problem import HUB, Problem, Slot

NAME = "rooms"
TITLE = "Rooms"
WHY = "A clinician sent to a practice with no free room cannot see patients there."
KIND = "hard"


def needs_room(problem: Problem, site: str, service: str) -> bool:
    if site == HUB:
        return False
    return any(s.name == service and s.needs_rooms for s in problem.services)


def capacity(problem: Problem, site: str, slot: Slot) -> int:
    for candidate in problem.sites:
        if candidate.id == site:
            return candidate.rooms.get((slot.day.weekday(), slot.session), 0)
    return 0


def rooms_phrase(count: int) -> str:
    return horizon.plural(count, "room") if count else "no rooms"


def build(model):
    problem = model.problem
    for site in model.practices:
        for slot in model.sessions_at(site):
            taking = [
                var for _, service, var in model.at_site(site, slot)
                if needs_room(problem, site, service)
            ]  # fmt: skip
            rooms = capacity(problem, site, slot)
            if len(taking) <= rooms:
                continue
            if model.relaxing(NAME):
                extra = model.slack(
                    NAME,
                    len(taking) - rooms,
                    _short_of_rooms(problem, site, slot, rooms),
                    f"{site}|{slot.day}|{slot.session}",
                )
                model.cp.add(sum(taking) <= rooms + extra)
            else:
                model.cp.add(sum(taking) <= rooms)


def _short_of_rooms(problem, site, slot, rooms):
    def describe(extra):
        return (
            f"{horizon.site_name(problem, site)} has {rooms_phrase(rooms)} on "
            f"{horizon.slot_label(slot)} for PCN staff, and the rota needs "
            f"{extra} more there to meet the targets and locked sessions."
        )

    return describe


def check(problem: Problem, rota) -> list[Violation]:
    present = defaultdict(list)
    for (person, slot), a in placements(problem, rota).items():
        if needs_room(problem, a.site, a.service):
            present[a.site, slot].append(person)
    violations = []
    for (site, slot), people in sorted(present.items()):
        rooms = capacity(problem, site, slot)
        if len(people) > rooms:
            violations.append(
                Violation(
                    NAME,
                    f"{horizon.site_name(problem, site)} has {rooms_phrase(rooms)} on "
                    f"{horizon.slot_label(slot)}; "
                    f"{horizon.plural(len(people), 'person is', 'people are')} placed there: "
                    f"{horizon.names(horizon.person_name(problem, p) for p in people)}.",
                    who=tuple(people),
                    where=site,
                    when=horizon.slot_stamp(slot),
                )
            )
    return violations
