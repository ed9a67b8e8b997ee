"""Each session of the published rota that a re-plan moves to another site or service.

Only sessions the person still works count: a published session that has since become leave
must move, and no rota can avoid that.
"""

from .. import horizon
from ..findings import Penalty, penalty
from ..placed import placements
from ..problem import DEFAULT_WEIGHTS, Problem

NAME = "change_from_published"
TITLE = "Changes to the published rota"
WHY = "Staff and practices have planned around the published rota; every change costs them."
KIND = "soft"
DEFAULT_WEIGHT = DEFAULT_WEIGHTS[NAME]


def still_worked(problem: Problem):
    working = {(p.id, slot) for p in problem.people for slot in p.available}
    return [a for a in problem.published if (a.person, a.slot) in working]


def build(model):
    terms = []
    for a in still_worked(model.problem):
        kept = model.x.get((a.person, a.slot, a.site, a.service))
        name = f"{NAME}|{a.person}|{a.day}|{a.session}"
        terms.append(model.term(name, 1 if kept is None else 1 - kept))
    return terms


def check(problem: Problem, rota) -> list[Penalty]:
    placed = placements(problem, rota)
    penalties = []
    for a in still_worked(problem):
        now = placed.get((a.person, a.slot))
        if now is not None and (now.site, now.service) == (a.site, a.service):
            continue
        moved_to = f"{horizon.site_name(problem, now.site)} ({now.service})" if now else "nowhere"
        penalties.append(
            penalty(
                problem,
                NAME,
                1,
                f"{horizon.person_name(problem, a.person)}'s session on "
                f"{horizon.slot_label(a.slot)} moves from "
                f"{horizon.site_name(problem, a.site)} ({a.service}) to {moved_to}.",
                who=(a.person,),
                where=a.site,
                when=horizon.slot_stamp(a.slot),
            )
        )
    return penalties
