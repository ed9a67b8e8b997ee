"""A second Lagrangian split, for the people who share a set of services.

Only the people who deliver a service can deliver it, so the people linked by the services they
share (a service group: the pharmacists and technicians, say, or the one person offering
enhanced access) settle their own targets and shortfalls among themselves; what ties one group
to another is the rooms and the teams. The master LP mixes whole weeks, which can still be
weaker than the group's own best week where the capped targets' states were too many to price
exactly, or where the group's packing is tight.

So the Lagrangian is split differently: the rooms keep the master's prices, and each group's
week, with its targets, shortfalls and every rule of its own people, is solved whole by CP-SAT
under those prices. CP-SAT's proven bound for the group-week is a lower bound of that part (its
rooms kept at the practice's full capacity, which every rota respects too), and so is the
master's own share for it; the larger of the two counts. The room prices are rounded to
hundredths first, so that CP-SAT's objective is whole, and the team rows go unpriced (so
team_apart counts for nothing here); any prices of the right signs give a proven bound.
"""

import dataclasses
import time
from datetime import timedelta

import numpy as np
from ortools.sat.python import cp_model

from .. import horizon
from ..model import build
from ..problem import NETWORK_WORK, Problem
from ..rules import rooms
from .master import Master

SCALE = 100  # prices rounded to hundredths of a point
DROPPED = ("team_apart", "supervision_missed", "irregular_week")  # not in a group's week


def service_groups(problem: Problem) -> list[tuple[frozenset[str], frozenset[str]]]:
    """(people, services) linked through the services they share; people who deliver nothing
    but network work are in no group (the master's columns already price them exactly)."""
    groups: list[tuple[set[str], set[str]]] = []
    for person in problem.people:
        services = set(person.services) - {NETWORK_WORK}
        if not services:
            continue
        people = {person.id}
        for group in [g for g in groups if g[1] & services]:
            people |= group[0]
            services |= group[1]
            groups.remove(group)
        groups.append((people, services))
    return [(frozenset(p), frozenset(s)) for p, s in groups]


def _group_week(problem: Problem, people, services, week: int, offered) -> Problem:
    """The group's people in one week, with the targets they can work towards then."""

    def this_week(slots):
        return tuple(slot for slot in slots if horizon.week_of(problem, slot.day) == week)

    def theirs(assignments):
        return tuple(
            a for a in assignments if a.person in people and horizon.week_of(problem, a.day) == week
        )

    return dataclasses.replace(
        problem,
        start=problem.start + timedelta(weeks=week),
        weeks=1,
        people=tuple(
            dataclasses.replace(p, available=this_week(p.available), leave=this_week(p.leave))
            for p in problem.people
            if p.id in people
        ),
        targets=tuple(
            t
            for t in problem.targets
            if t.service in services and offered.get((t.site, t.service, week))
        ),
        teams=(),
        locked=theirs(problem.locked),
        published=theirs(problem.published),
        weights={**problem.weights, **{rule: 0 for rule in DROPPED}},
    )


def _solved_bound(sub: Problem, master: Master, prices, seconds, workers, deterministic):
    """CP-SAT's proven least of the group-week's cost plus its placements' prices, or None."""
    model = build(sub)
    priced = []
    for (person, slot, site, service), var in model.x.items():
        value = 0.0
        room = master.room.get((site, slot))  # none where the master never offered the room
        if room is not None and rooms.needs_room(sub, site, service):
            value -= prices[room]
        for row in master.link.get((person, slot, site), ()):
            value += prices[row]
        if value:
            priced.append(round(value * SCALE) * var)
    model.cp.minimize(SCALE * model.objective() + sum(priced))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    if deterministic:
        # As the main search on one worker: deterministic time only, so a run is repeatable
        # however busy the machine.
        solver.parameters.max_deterministic_time = seconds
    else:
        solver.parameters.max_time_in_seconds = seconds
    status = solver.solve(model.cp)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN):
        return None
    return solver.best_objective_bound / SCALE


def group_bound(
    master: Master, prices, *, seconds: float, workers: int = 1, deterministic: bool = False
) -> float:
    """The Lagrangian split by service groups at `prices` (the master's), as a proven bound."""
    started = time.monotonic()
    problem = master.problem
    prices = np.array(prices, dtype=float)
    coupling = sorted({*master.room.values(), *(r for rows in master.link.values() for r in rows)})
    # Hundredths, rounded towards zero so every sign stays right.
    prices[coupling] = np.trunc(prices[coupling] * SCALE) / SCALE
    # The team rows at no price: their rewards for being together make the group-weeks far
    # harder for CP-SAT to close, and measured on the demo and an 80-person network the bound
    # is as good or better without them (the team_apart part then counts for nothing here).
    links = sorted({r for rows in master.link.values() for r in rows})
    prices[links] = 0.0
    cheapest = [master.price(prices, i)[0] for i in range(len(master.weeks))]
    total = master.constant + master.rows_value(prices, coupling) + master.blocks_value(prices)
    groups = service_groups(problem)
    group_of = {person: g for g, (people, _) in enumerate(groups) for person in people}
    service_group = {s: g for g, (_, services) in enumerate(groups) for s in services}
    shares: dict[tuple[int, int], float] = {}
    for i, pw in enumerate(master.weeks):
        g = group_of.get(pw.person.id)
        if g is None:
            total += cheapest[i]
        else:
            shares[g, pw.week] = shares.get((g, pw.week), 0.0) + cheapest[i]
    shorts = {row: (row, weight, most) for row, weight, most in master.shorts}
    for (_, service, week), rows in master.delivery.items():
        key = (service_group[service], week)
        shares[key] = shares.get(key, 0.0) + master.rows_value(prices, rows)
        shares[key] += master.shorts_value(prices, [shorts[r] for r in rows if r in shorts])
    # The small groups first: CP-SAT settles them in moments, and the large ones, which it
    # rarely closes, get what time is left.
    order = sorted(shares, key=lambda key: (len(groups[key[0]][0]), key))
    for n, (g, week) in enumerate(order):
        people, services = groups[g]
        if deterministic:
            left = seconds * (len(order) - n) / len(order)  # the same shares on every run
        else:
            left = seconds - (time.monotonic() - started)
        share = shares[g, week]
        if left > 0.05:
            sub = _group_week(problem, people, services, week, master.offered)
            solved = _solved_bound(
                sub, master, prices, left / (len(order) - n), workers, deterministic
            )
            if solved is not None:
                share = max(share, solved)
        total += share
    return total
