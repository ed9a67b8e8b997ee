"""Each day a person works the morning at one site and the afternoon at another.

The hub counts as a site here: leaving a practice at lunchtime for the hub, or for home to work
remotely, still breaks the day.
"""

from .. import horizon
from ..findings import Penalty, penalty
from ..placed import placements
from ..problem import DEFAULT_WEIGHTS, Problem, Slot

NAME = "split_day"
TITLE = "Split days"
WHY = "Moving site at lunchtime loses the lunch break and part of the afternoon to travel."
KIND = "soft"
DEFAULT_WEIGHT = DEFAULT_WEIGHTS[NAME]


def build(model):
    cp = model.cp
    terms = []
    for person in model.problem.people:
        working = set(model.slots(person.id))
        for am in model.slots(person.id):
            pm = Slot(am.day, "PM")
            if am.session != "AM" or pm not in working:
                continue
            split = cp.new_bool_var(f"{NAME}|{person.id}|{am.day}")
            pm_sites = set(model.sites(person.id, pm))
            # Each session is at exactly one site, so the day is split exactly when the
            # morning's site is not the afternoon's.
            for site in model.sites(person.id, am):
                morning = model.at(person.id, am, site)
                if site in pm_sites:
                    afternoon = model.at(person.id, pm, site)
                    cp.add_bool_or([~morning, afternoon, split])
                    cp.add_bool_or([~morning, ~afternoon, ~split])
                else:
                    cp.add_implication(morning, split)
            terms.append(model.term(f"{NAME}|{person.id}|{am.day}", split))
    return terms


def check(problem: Problem, rota) -> list[Penalty]:
    placed = placements(problem, rota)
    penalties = []
    for (person, slot), morning in sorted(placed.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        afternoon = placed.get((person, Slot(slot.day, "PM")))
        if slot.session != "AM" or afternoon is None or afternoon.site == morning.site:
            continue
        penalties.append(
            penalty(
                problem,
                NAME,
                1,
                f"{horizon.person_name(problem, person)} works at "
                f"{horizon.site_name(problem, morning.site)} in the morning and at "
                f"{horizon.site_name(problem, afternoon.site)} in the afternoon on "
                f"{horizon.day_label(slot.day)}.",
                who=(person,),
                when=slot.day.isoformat(),
            )
        )
    return penalties
