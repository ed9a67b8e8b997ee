"""Every session a person works is placed exactly once, and nothing else is placed.

This is where contracted sessions and leave live: a person's `available` sessions are the ones
they are contracted to work with leave taken out, so a session on leave or on a day they don't
work is never given a place. Nor is a bank holiday: nobody is available on one, and an
assignment on one is named as such.
"""

from collections import Counter

from .. import horizon
from ..findings import Violation
from ..problem import Problem

NAME = "working_sessions"
TITLE = "Working sessions"
WHY = "Everyone is somewhere for each session they are paid to work, and nowhere while on leave."
KIND = "hard"


def build(model):
    # Choices exist only for sessions the person works, so nothing else can be placed.
    for person in model.problem.people:
        for slot in model.slots(person.id):
            model.cp.add_exactly_one(model.choices(person.id, slot).values())


def check(problem: Problem, rota) -> list[Violation]:
    people = {person.id: person for person in problem.people}
    working = {person.id: set(person.available) for person in problem.people}
    leave = {person.id: set(person.leave) for person in problem.people}
    violations = []
    placed = Counter()
    for a in sorted(rota):
        person = people.get(a.person)
        where = dict(who=(a.person,), where=a.site, when=horizon.slot_stamp(a.slot))
        label = horizon.slot_label(a.slot)
        if person is None:
            violations.append(
                Violation(NAME, f"{a.person} is not one of the people in this rota.", **where)
            )
        elif problem.is_holiday(a.day):
            violations.append(
                Violation(
                    NAME,
                    f"{person.name} is placed at {horizon.site_name(problem, a.site)} on "
                    f"{label}, a bank holiday: nobody works on one.",
                    **where,
                )
            )
        elif a.slot not in working[a.person]:
            why = "is on leave" if a.slot in leave[a.person] else "does not work"
            violations.append(
                Violation(
                    NAME,
                    f"{person.name} {why} on {label} but is placed at "
                    f"{horizon.site_name(problem, a.site)}.",
                    **where,
                )
            )
        else:
            placed[a.person, a.slot] += 1
            if placed[a.person, a.slot] == 2:
                violations.append(
                    Violation(NAME, f"{person.name} is placed twice on {label}.", **where)
                )
    for person in problem.people:
        for slot in horizon.working_slots(person):
            if not placed[person.id, slot]:
                violations.append(
                    Violation(
                        NAME,
                        f"{person.name} works on {horizon.slot_label(slot)} but is not placed.",
                        who=(person.id,),
                        when=horizon.slot_stamp(slot),
                    )
                )
    return violations
