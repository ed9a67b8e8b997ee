"""Each supervision period in which a person never works alongside their supervisor.

The horizon is cut into periods of the role's cadence (`supervision_every_days`), counted from
the first Monday; the last period may be cut short by the end of the horizon, and still counts,
since a rota cannot see past its own end. "Alongside" means the same session at the same site,
the hub included. A period counts only if the two of them work at least one session in common:
when they never do, no rota could help, and a penalty nobody can avoid would only blur the
objective. People whose supervisor is not in the rota, or whose cadence is unknown, are skipped.
"""

from datetime import timedelta

from .. import horizon
from ..findings import Penalty, penalty
from ..placed import placements
from ..problem import DEFAULT_WEIGHTS, Person, Problem

NAME = "supervision_missed"
TITLE = "Supervision missed"
WHY = "New and developing staff need regular time with their supervisor to practise safely."
KIND = "soft"
DEFAULT_WEIGHT = DEFAULT_WEIGHTS[NAME]


def periods(problem: Problem, person: Person):
    """(first day, last day, sessions both work) for each supervision period that counts, or
    nothing when the person has no supervisor in the rota or no known cadence."""
    supervisor = next((p for p in problem.people if p.id == person.supervisor), None)
    every = person.supervision_every_days
    if supervisor is None or supervisor.id == person.id or not every or every < 1:
        return []
    shared = sorted(set(person.available) & set(supervisor.available))
    end = problem.start + timedelta(weeks=problem.weeks)
    found = []
    first = problem.start
    while first < end:
        last = min(first + timedelta(days=every), end) - timedelta(days=1)
        both = [slot for slot in shared if first <= slot.day <= last]
        if both:
            found.append((first, last, both))
        first += timedelta(days=every)
    return found


def build(model):
    cp = model.cp
    terms = []
    for person in model.problem.people:
        for first, _, both in periods(model.problem, person):
            name = f"{NAME}|{person.id}|{first}"
            missed = cp.new_bool_var(name)
            met_in = []
            for slot in both:
                met = cp.new_bool_var(f"{name}|{slot.day}|{slot.session}")
                theirs = set(model.sites(person.supervisor, slot))
                for site in model.sites(person.id, slot):
                    mine = model.at(person.id, slot, site)
                    if site in theirs:
                        boss = model.at(person.supervisor, slot, site)
                        # Together at a site: the period is not missed.
                        cp.add_bool_or([~mine, ~boss, ~missed])
                        # `met` claims a meeting in this session only if they are together.
                        cp.add_bool_or([~met, ~mine, boss])
                    else:
                        cp.add_implication(met, ~mine)
                met_in.append(met)
            cp.add_bool_or([*met_in, missed])
            terms.append(model.term(name, missed))
    return terms


def check(problem: Problem, rota) -> list[Penalty]:
    placed = placements(problem, rota)
    penalties = []
    for person in problem.people:
        for first, last, both in periods(problem, person):
            met = any(
                (person.id, slot) in placed
                and (person.supervisor, slot) in placed
                and placed[person.id, slot].site == placed[person.supervisor, slot].site
                for slot in both
            )
            if met:
                continue
            penalties.append(
                penalty(
                    problem,
                    NAME,
                    1,
                    f"{person.name} never works alongside their supervisor, "
                    f"{horizon.person_name(problem, person.supervisor)}, between "
                    f"{horizon.day_label(first)} and {horizon.day_label(last)}, though they "
                    f"both work {horizon.plural(len(both), 'session')} then.",
                    who=(person.id, person.supervisor),
                    when=horizon.period_stamp(first, last),
                )
            )
    return penalties
