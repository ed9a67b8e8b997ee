"""Each session in weeks 2 onwards placed differently from the same session of week 1.

Week 1 is the pattern: a Tuesday morning in week 3 is compared with the Tuesday morning of week
1, when the person works both. Comparing with week 1 rather than with the week before means one
odd week costs its own sessions and no more: the week after it, back on the pattern, is free.
A session counts as placed differently when its site or its service differs.
"""

from collections import defaultdict
from datetime import timedelta

from .. import horizon
from ..findings import Penalty, penalty
from ..placed import placements
from ..problem import DEFAULT_WEIGHTS, Problem, Slot

NAME = "irregular_week"
TITLE = "Irregular weeks"
WHY = "A week that repeats lets staff, practices and patients know where to find each other."
KIND = "soft"
DEFAULT_WEIGHT = DEFAULT_WEIGHTS[NAME]


def pattern_slot(problem: Problem, slot: Slot) -> Slot | None:
    """The same session in week 1, or None for a session of week 1 itself."""
    week = horizon.week_of(problem, slot.day)
    if week == 0:
        return None
    return Slot(slot.day - timedelta(weeks=week), slot.session)


def build(model):
    cp = model.cp
    problem = model.problem
    terms = []
    for person in problem.people:
        working = set(model.slots(person.id))
        for slot in model.slots(person.id):
            first = pattern_slot(problem, slot)
            if first is None or first not in working:
                continue
            differs = cp.new_bool_var(f"{NAME}|{person.id}|{slot.day}|{slot.session}")
            now = model.choices(person.id, slot)
            # Each session has exactly one (site, service), so the session differs exactly
            # when week 1's choice is not taken again.
            for option, then in model.choices(person.id, first).items():
                again = now.get(option)
                if again is None:
                    cp.add_implication(then, differs)
                else:
                    cp.add_bool_or([~then, again, differs])
                    cp.add_bool_or([~then, ~again, ~differs])
            terms.append(model.term(f"{NAME}|{person.id}|{slot.day}|{slot.session}", differs))
    return terms


def check(problem: Problem, rota) -> list[Penalty]:
    placed = placements(problem, rota)
    changed = defaultdict(list)
    for (person, slot), a in sorted(placed.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        first = pattern_slot(problem, slot)
        then = placed.get((person, first)) if first else None
        if then is not None and (then.site, then.service) != (a.site, a.service):
            changed[person, horizon.week_of(problem, slot.day)].append(slot)
    penalties = []
    for (person, week), slots in sorted(changed.items()):
        penalties.append(
            penalty(
                problem,
                NAME,
                len(slots),
                f"{horizon.person_name(problem, person)} has "
                f"{horizon.plural(len(slots), 'session')} in {horizon.week_label(problem, week)} "
                f"placed differently from week 1: "
                f"{horizon.names(horizon.slot_label(s) for s in slots)}.",
                who=(person,),
                when=horizon.week_stamp(problem, week),
            )
        )
    return penalties
