"""A session placed by hand and locked stays exactly as placed: same site, same service."""

from .. import horizon
from ..findings import Violation
from ..problem import Assignment, Problem

NAME = "locked"
TITLE = "Locked sessions"
WHY = "A manager who fixes a session by hand has a reason the rota cannot see."
KIND = "hard"


def unworkable(problem: Problem, a: Assignment) -> str | None:
    """Why the locked session is on a session its person does not work, or None."""
    person = next((p for p in problem.people if p.id == a.person), None)
    if person is None or a.slot in person.available:
        return None
    where = f"{horizon.site_name(problem, a.site)} ({a.service})"
    label = horizon.slot_label(a.slot)
    if a.slot in person.leave:
        return f"{person.name} is on leave on {label}, but has a session locked at {where}."
    return f"{person.name} does not work on {label}, but has a session locked at {where}."


def build(model):
    problem = model.problem
    for a in problem.locked:
        var = model.x.get((a.person, a.slot, a.site, a.service))
        if model.relaxing(NAME):
            broken = model.slack(NAME, 1, _broken(problem, a), f"{a.person}|{a.day}|{a.session}")
            if var is None:
                model.cp.add(broken == 1)
            else:
                model.cp.add(var + broken >= 1)
        elif var is None:
            model.never()
        else:
            model.cp.add(var == 1)


def _broken(problem, a):
    def describe(_):
        reason = unworkable(problem, a)
        if reason:
            return reason
        return (
            f"{horizon.person_name(problem, a.person)}'s locked session on "
            f"{horizon.slot_label(a.slot)} at {horizon.site_name(problem, a.site)} "
            f"({a.service}) cannot be kept with the other rules."
        )

    return describe


def check(problem: Problem, rota) -> list[Violation]:
    placed = {}
    for a in sorted(rota):
        placed.setdefault((a.person, a.slot), []).append(a)
    violations = []
    for a in problem.locked:
        where = dict(who=(a.person,), where=a.site, when=horizon.slot_stamp(a.slot))
        reason = unworkable(problem, a)
        if reason:
            violations.append(Violation(NAME, reason, **where))
            continue
        found = placed.get((a.person, a.slot), [])
        if a in found:
            continue
        instead = (
            f"the rota has {horizon.site_name(problem, found[0].site)} ({found[0].service})"
            if found
            else "the rota leaves the session empty"
        )
        violations.append(
            Violation(
                NAME,
                f"{horizon.person_name(problem, a.person)}'s session on "
                f"{horizon.slot_label(a.slot)} is locked at "
                f"{horizon.site_name(problem, a.site)} ({a.service}), but {instead}.",
                **where,
            )
        )
    return violations
