"""What a manager does by hand today, as a yardstick for the solver: an equal split of each
person's sessions over the practices that opted in to what they deliver.

A practice has opted in to a person when it has a target for a service the person delivers.
Each person's working days are dealt round-robin over those practices in the network's order,
whole days at a time (nobody splits every day by hand), starting one practice further along for
each person so that not everyone is at the first practice on Monday. Each session goes to the
first of the person's services the practice has a target for; someone no practice has opted in
to works at the hub. Locked sessions are kept. Rooms, the site limit and the targets' totals are
not looked at: that is the point of the comparison, and validate() shows what it costs.
"""

from itertools import groupby

from . import horizon
from .problem import HUB, NETWORK_WORK, Assignment, Problem


def baseline_rota(problem: Problem) -> tuple[Assignment, ...]:
    practices = [site.id for site in problem.sites if site.id != HUB]
    targeted = {(t.site, t.service) for t in problem.targets if t.sessions_per_week > 0}
    locked = {(a.person, a.slot): a for a in problem.locked}
    rota = []
    for index, person in enumerate(problem.people):
        # site -> the service the person delivers there
        opted_in = {}
        for site in practices:
            service = next((s for s in person.services if (site, s) in targeted), None)
            if service is not None:
                opted_in[site] = service
        sites = list(opted_in)
        slots = horizon.working_slots(person)
        for turn, (_, day_slots) in enumerate(groupby(slots, key=lambda slot: slot.day)):
            for slot in day_slots:
                if (person.id, slot) in locked:
                    rota.append(locked[person.id, slot])
                elif sites:
                    site = sites[(turn + index) % len(sites)]
                    rota.append(Assignment(person.id, slot.day, slot.session, site, opted_in[site]))
                else:
                    rota.append(Assignment(person.id, slot.day, slot.session, HUB, NETWORK_WORK))
    return tuple(sorted(rota))
