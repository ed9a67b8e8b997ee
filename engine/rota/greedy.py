"""A quick rota by hand-made rules, for the solver to start from.

CP-SAT finds a first rota for a large network slowly when it starts from nothing, and then
spends its time repairing a poor one. This builds a good one in a fraction of a second, the way
a careful manager would: keep the locked sessions; week by week, repeat week 1 where it still
fits; meet each practice's targets with whole days from the people who deliver the service,
nearest to home first, within rooms and the practices-a-week limit; then the week's enhanced
access minutes from those who work evenings and Saturdays, at the practices they already work
at that week first; then keep each person's remaining sessions with the rest of their day, at
home, or at the hub.

It keeps every hard rule whenever it can. Where it cannot (a target it fails to reach), the
solver repairs the gap, and validate() would say what is wrong, so nothing depends on it.
"""

from collections import Counter, defaultdict
from datetime import timedelta

from . import horizon
from .findings import weight_of
from .problem import DEFAULT_WEIGHTS, HUB, NETWORK_WORK, Assignment, Problem, Slot
from .rules import allocation, enhanced_access_shortfall, site_limit, skills


class _Rota:
    def __init__(self, problem: Problem):
        self.problem = problem
        self.people = {p.id: p for p in problem.people}
        self.slots = {p.id: horizon.working_slots(p) for p in problem.people}
        self.working = {p.id: set(self.slots[p.id]) for p in problem.people}
        self.options = {p.id: set(skills.options(problem, p)) for p in problem.people}
        self.allow = skills.allowed(problem)
        self.placed: dict[tuple[str, Slot], tuple[str, str]] = {}
        self.rooms_used = Counter()
        self.delivered = Counter()
        self.sites = defaultdict(set)  # (person, week) -> practices
        self.needs_room = {s.name: s.needs_rooms for s in problem.services}
        self.capacity = {site.id: site.rooms for site in problem.sites if site.id != HUB}
        # The network's weights are the heuristic's sense of what matters too.
        self.weight = {rule: weight_of(problem, rule) for rule in DEFAULT_WEIGHTS}

    def week(self, slot):
        return horizon.week_of(self.problem, slot.day)

    def room_free(self, site, service, slot):
        if site == HUB or not self.needs_room.get(service, False):
            return True
        have = self.capacity.get(site, {}).get((slot.day.weekday(), slot.session), 0)
        return self.rooms_used[site, slot] < have

    def can_place(self, person, slot, site, service, *, upto):
        """May the session go there without breaking a hard rule, delivering at most `upto`
        sessions of the service to the site that week?"""
        if (person, slot) in self.placed or slot not in self.working[person]:
            return False
        if (site, service) not in self.options[person] or not self.allow(slot, site, service):
            return False
        if site == HUB:
            return True
        week = self.week(slot)
        if self.delivered[site, service, week] >= upto:
            return False
        if not self.room_free(site, service, slot):
            return False
        used = self.sites[person, week]
        return site in used or len(used) < site_limit.limit(self.problem, self.people[person])

    def place(self, person, slot, site, service):
        self.placed[person, slot] = (site, service)
        if site != HUB:
            week = self.week(slot)
            self.delivered[site, service, week] += 1
            self.sites[person, week].add(site)
            if self.needs_room.get(service, False):
                self.rooms_used[site, slot] += 1


def greedy_rota(problem: Problem, *, week_one=()) -> tuple[Assignment, ...]:
    """`week_one`: a first week to build the rest on (the solver's, for a one-week problem),
    kept wherever the hard rules allow."""
    rota = _Rota(problem)
    for a in problem.locked:
        if a.slot in rota.working.get(a.person, ()):
            rota.place(a.person, a.slot, a.site, a.service)
    for a in week_one:
        if a.person in rota.people and rota.week(a.slot) == 0:
            most = 0 if a.site == HUB else allocation.most(problem, a.site, a.service, 0)
            if rota.can_place(a.person, a.slot, a.site, a.service, upto=most):
                rota.place(a.person, a.slot, a.site, a.service)
    # A re-plan keeps what it can of the rota people already know.
    for a in problem.published:
        target = allocation.target(problem, a.site, a.service, rota.week(a.slot))
        if a.person in rota.people and rota.can_place(
            a.person, a.slot, a.site, a.service, upto=target
        ):
            rota.place(a.person, a.slot, a.site, a.service)
    targets = [t for t in problem.targets if t.sessions_per_week > 0]
    for week in range(problem.weeks):
        if week:
            _repeat_week_one(rota, week)
        _meet_targets(rota, targets, week)
        _meet_enhanced_access(rota, week)
        _fill_the_rest(rota, week)
    return tuple(
        sorted(
            Assignment(person, slot.day, slot.session, site, service)
            for (person, slot), (site, service) in rota.placed.items()
        )
    )


def _repeat_week_one(rota, week):
    problem = rota.problem
    for person in problem.people:
        for slot in rota.slots[person.id]:
            if rota.week(slot) != week:
                continue
            first = Slot(slot.day - timedelta(weeks=week), slot.session)
            site, service = rota.placed.get((person.id, first), (None, None))
            if site is None or site == HUB:
                continue
            # Up to the target in core hours; enhanced access to what the rule allows.
            upto = (allocation.most if slot.enhanced else allocation.target)(
                problem, site, service, week
            )
            if rota.can_place(person.id, slot, site, service, upto=upto):
                rota.place(person.id, slot, site, service)


def _meet_targets(rota, targets, week):
    """Whole days first, to the practice whose target is furthest from met, from the person
    for whom it costs least; until every target is met or nobody more can help."""
    days = sorted({slot.day for slots in rota.slots.values() for slot in slots
                   if rota.week(slot) == week})  # fmt: skip
    agreed = {t: rota.problem.target_in_week(t, week) for t in targets}
    while True:
        open_targets = [
            t for t in targets
            if rota.delivered[t.site, t.service, week] < agreed[t]
        ]  # fmt: skip
        # The target least met first, then the one with the fewest people able to help.
        open_targets.sort(
            key=lambda t: (
                rota.delivered[t.site, t.service, week] - agreed[t],
                rota.delivered[t.site, t.service, week] / agreed[t],
            )
        )
        progress = False
        for t in open_targets:
            best = _best_block(rota, t, week, days)
            if best is None:
                continue
            for person, slot in best:
                rota.place(person, slot, t.site, t.service)
            progress = True
            break
        if not progress:
            return


def _meet_enhanced_access(rota, week):
    """Evening and Saturday sessions for an enhanced access service until the week's minutes
    are met: each session in time order, each person who works it at the practice offering it
    that they already work at that week (or their home) first."""
    problem = rota.problem
    need = enhanced_access_shortfall.required(problem)
    if need <= 0:
        return
    given = sum(
        enhanced_access_shortfall.minutes(problem, site, slot, service)
        for (_, slot), (site, service) in rota.placed.items()
        if rota.week(slot) == week
    )
    sites = [o.site for o in problem.enhanced_access.sessions]
    services = [s.name for s in problem.services if s.enhanced]
    for person in problem.people:
        for slot in rota.slots[person.id]:
            if given >= need:
                return
            if rota.week(slot) != week or not slot.enhanced:
                continue
            used = rota.sites[person.id, week]
            order = sorted(
                dict.fromkeys(sites), key=lambda s: (s not in used, s != person.home_base)
            )
            for site in order:
                service = next(
                    (s for s in services
                     if s in person.services
                     and rota.can_place(person.id, slot, site, s, upto=allocation.UNLIMITED)),
                    None,
                )  # fmt: skip
                if service is not None:
                    rota.place(person.id, slot, site, service)
                    given += enhanced_access_shortfall.minutes(problem, site, slot, service)
                    break


def _best_block(rota, target, week, days):
    """The cheapest day (or half day) of one person's time for the target: [(person, slot)]."""
    problem = rota.problem
    agreed = problem.target_in_week(target, week)
    need = agreed - rota.delivered[target.site, target.service, week]
    best, best_cost = None, None
    for person in problem.people:
        if target.service not in person.services:
            continue
        for day in days:
            slots = [
                Slot(day, s) for s in ("AM", "PM")
                if rota.can_place(person.id, Slot(day, s), target.site, target.service,
                                  upto=agreed)
            ]  # fmt: skip
            if not slots:
                continue
            if len(slots) == 2 and need < 2:
                slots = slots[:1]
            cost = _cost(rota, person, slots, target.site, target.service, week) / len(slots)
            # Fewer services means fewer other places to be useful: ask specialists first.
            cost += 0.5 * len(person.services)
            if best_cost is None or cost < best_cost:
                best, best_cost = [(person.id, slot) for slot in slots], cost
    return best


def _cost(rota, person, slots, site, service, week):
    weight = rota.weight
    cost = 0.0
    if person.home_base is not None and site != person.home_base:
        cost += weight["away_from_home"] * len(slots)
    if site not in rota.sites[person.id, week]:
        cost += weight["extra_site"]
    for slot in slots:
        other = Slot(slot.day, "PM" if slot.session == "AM" else "AM")
        elsewhere = rota.placed.get((person.id, other))
        if other in rota.working[person.id] and elsewhere and elsewhere[0] != site:
            cost += weight["split_day"]
        if week:
            first = rota.placed.get(
                (person.id, Slot(slot.day - timedelta(weeks=week), slot.session))
            )
            if first and first != (site, service):
                cost += weight["irregular_week"]
    return cost


def _fill_the_rest(rota, week):
    """Each unplaced session: with the other half of the day if it can be, else at home,
    else at the hub. Never beyond what a practice may get (the target plus the tolerance)."""
    problem = rota.problem
    for person in problem.people:
        for slot in rota.slots[person.id]:
            if rota.week(slot) != week or (person.id, slot) in rota.placed:
                continue
            for site, service in _preferences(rota, person, slot, week):
                most = 0 if site == HUB else allocation.most(problem, site, service, week)
                if rota.can_place(person.id, slot, site, service, upto=most):
                    rota.place(person.id, slot, site, service)
                    break
            else:
                rota.place(person.id, slot, HUB, NETWORK_WORK)


def _preferences(rota, person, slot, week):
    other = Slot(slot.day, "PM" if slot.session == "AM" else "AM")
    first = Slot(slot.day - timedelta(weeks=week), slot.session)
    wanted = []
    if (person.id, first) in rota.placed and week:
        wanted.append(rota.placed[person.id, first])
    if (person.id, other) in rota.placed:
        wanted.append(rota.placed[person.id, other])
    if person.home_base is not None:
        if person.home_base == HUB:
            wanted.append((HUB, NETWORK_WORK))
        else:
            wanted += [(person.home_base, s) for s in person.services]
    wanted.append((HUB, NETWORK_WORK))
    return wanted
