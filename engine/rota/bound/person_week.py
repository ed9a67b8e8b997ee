"""One person's week as the bound sees it: every way they could work it, and its exact cost.

A pattern is a place (site, service) for each session the person works in the week. The hard
rules that concern only the person hold inside every pattern: working sessions (each session
placed once), skills (only their options), the rooms grid where a practice has no rooms at all,
a practice with no allowance for the service, locked sessions, and the practices-a-week limit.
The soft rules that concern only the person's week are the pattern's cost, exactly as their
check() scores it: away_from_home, extra_site, split_day and change_from_published.

`by_set()` finds the pattern of least cost under extra per-placement prices (the master's
duals) exactly, so the bound built on it is proven: for each set of practices within the limit
it solves each day's morning and afternoon together, and keeps the best set. A set that the
day-by-day choice does not use in full is charged extra_site for the whole set, never less than
the pattern's own cost, and the smaller set it does use is tried too, so the least over sets is
the least over patterns. `least_capped()` does the same for one set when some placements earn
their price only up to a target's count, carrying the counts through the days.
"""

from itertools import combinations

import numpy as np

from .. import horizon
from ..findings import weight_of
from ..problem import HUB, Person, Problem, Slot
from ..rules import allocation, rooms, site_limit, skills

Placement = tuple[Slot, str, str]  # (session, site, service)


class PersonWeek:
    def __init__(self, problem: Problem, person: Person, week: int, slots: list[Slot]):
        self.person = person
        self.week = week
        self.slots = slots
        self.sites = (HUB, *(s.id for s in problem.sites if s.id != HUB))
        self.index = {site: i for i, site in enumerate(self.sites)}
        self.split = weight_of(problem, "split_day")
        self.extra = weight_of(problem, "extra_site")
        self.feasible = True
        away = weight_of(problem, "away_from_home") if person.home_base is not None else 0
        moved = weight_of(problem, "change_from_published")
        self.away, self.moved = away, moved
        self.published = published = {}
        if moved:
            for a in problem.published:
                if a.person == person.id:
                    published.setdefault(a.slot, []).append((a.site, a.service))
        locked = {}
        for a in problem.locked:
            if a.person == person.id:
                locked.setdefault(a.slot, set()).add((a.site, a.service))
        allowed = [
            option
            for option in skills.options(problem, person)
            if option[0] == HUB or allocation.most(problem, *option) > 0
        ]
        # Each placement's own cost: the away and change penalties it earns on its own.
        self.options: dict[Slot, dict[tuple[str, str], int]] = {}
        for slot in slots:
            here = {}
            for site, service in allowed:
                if rooms.needs_room(problem, site, service) and not rooms.capacity(
                    problem, site, slot
                ):
                    continue
                if slot in locked and locked[slot] != {(site, service)}:
                    continue
                cost = away * (site != person.home_base)
                cost += moved * sum(1 for p in published.get(slot, ()) if p != (site, service))
                here[site, service] = cost
            if not here:
                self.feasible = False
            self.options[slot] = here
        practices = sorted(
            {self.index[site] for here in self.options.values() for site, _ in here} - {0}
        )
        most = self.limit = site_limit.limit(problem, person)
        sets = [c for n in range(min(most, len(practices)) + 1) for c in combinations(practices, n)]
        self.masks = np.zeros((len(sets), len(self.sites)), dtype=bool)
        self.masks[:, 0] = True
        for k, chosen in enumerate(sets):
            self.masks[k, list(chosen)] = True
        self.set_cost = self.extra * np.maximum(0, self.masks[:, 1:].sum(axis=1) - 1)
        self.days = sorted({slot.day for slot in slots})
        self.both = np.array(
            [
                Slot(day, "AM") in self.options and Slot(day, "PM") in self.options
                for day in self.days
            ]
        )

        # Every allowed placement as an entry, for pricing them all at once.
        self.entries: list[Placement] = []
        own, cells = [], []
        day_index = {day: d for d, day in enumerate(self.days)}
        for slot, here in self.options.items():
            for (site, service), cost in here.items():
                self.entries.append((slot, site, service))
                own.append(cost)
                session = int(slot.session == "PM")
                cells.append(
                    (day_index[slot.day] * 2 + session) * len(self.sites) + self.index[site]
                )
        self.own = np.array(own, dtype=float)
        self.cell = np.array(cells, dtype=int)
        self.entry = {placement: e for e, placement in enumerate(self.entries)}
        # For the capped programme: each session's entries, and each day's worked sessions.
        self.slot_entries: dict[Slot, list[tuple[int, int, tuple[str, str]]]] = {}
        for e, (slot, site, service) in enumerate(self.entries):
            self.slot_entries.setdefault(slot, []).append((e, self.index[site], (site, service)))
        self.day_slots = [
            tuple(Slot(day, s) if Slot(day, s) in self.options else None for s in ("AM", "PM"))
            for day in sorted({slot.day for slot in slots})
        ]
        # A session not worked costs nothing wherever the other one is.
        self.idle = np.ones((len(self.days), 2), dtype=bool)
        for slot in slots:
            self.idle[day_index[slot.day], int(slot.session == "PM")] = False

    def cost(self, pattern: tuple[int, ...]) -> int:
        """The exact share of the objective of a pattern (one entry per session worked)."""
        placed = [self.entries[e] for e in pattern]
        total = sum(self.options[slot][site, service] for slot, site, service in placed)
        where = {slot: site for slot, site, _ in placed}
        for day in self.days:
            am, pm = where.get(Slot(day, "AM")), where.get(Slot(day, "PM"))
            total += self.split * (am is not None and pm is not None and am != pm)
        practices = {site for _, site, _ in placed if site != HUB}
        return total + self.extra * max(0, len(practices) - 1)

    def cost_by_rule(self, pattern: tuple[int, ...]) -> dict[str, int]:
        """`cost(pattern)`, rule by rule: each rule's part, as its check() scores the week."""
        placed = [self.entries[e] for e in pattern]
        where = {slot: site for slot, site, _ in placed}
        practices = {site for _, site, _ in placed if site != HUB}
        split = 0
        for day in self.days:
            am, pm = where.get(Slot(day, "AM")), where.get(Slot(day, "PM"))
            split += self.split * (am is not None and pm is not None and am != pm)
        return {
            "away_from_home": sum(
                self.away * (site != self.person.home_base) for _, site, _ in placed
            ),
            "change_from_published": sum(
                self.moved * sum(1 for p in self.published.get(slot, ()) if p != (site, service))
                for slot, site, service in placed
            ),
            "split_day": split,
            "extra_site": self.extra * max(0, len(practices) - 1),
        }

    def by_set(self, prices: np.ndarray):
        """For each set of practices (self.masks), the least of cost + Σ prices[entry] over the
        patterns within it; and the table `pattern()` reads a pattern back from."""
        n = len(self.sites)
        v = self.own + prices
        order = np.lexsort((v, self.cell))
        cells = self.cell[order]
        first = order[np.r_[True, cells[1:] != cells[:-1]]]
        value = np.full(len(self.days) * 2 * n, np.inf)
        which = np.full(len(self.days) * 2 * n, -1)
        value[self.cell[first]] = v[first]
        which[self.cell[first]] = first
        value = value.reshape(len(self.days), 2, n)
        which = which.reshape(len(self.days), 2, n)
        value[self.idle] = 0.0
        masked = np.where(self.masks[:, None, None, :], value[None], np.inf)  # sets, days, 2, sites
        same = (masked[:, :, 0, :] + masked[:, :, 1, :]).min(axis=2)
        apart = masked[:, :, 0, :].min(axis=2) + masked[:, :, 1, :].min(axis=2)
        apart = apart + self.split * self.both[None, :]
        total = np.minimum(same, apart).sum(axis=1) + self.set_cost
        return total, (value, which)

    def pattern(self, k: int, table) -> tuple[int, ...]:
        value, which = table
        return self._pattern(value, which, self.masks[k])

    def least_capped(self, k: int, prices: np.ndarray, caps: dict, *, trace: bool = False):
        """The exact least of cost + Σ prices[entry] over the patterns within set k, where the
        placements in `caps` ((site, service) -> (target, reward per session)) earn their reward
        only for the first `target` sessions. A dynamic programme over the days whose state is
        how many sessions each capped target has had so far. With `trace`, (the least, a
        pattern reaching it)."""
        allowed = self.masks[k]
        keys = list(caps)
        axis = {key: i for i, key in enumerate(keys)}
        shape = tuple(caps[key][0] + 1 for key in keys)
        table = np.full(shape, np.inf)
        table[(0,) * len(keys)] = 0.0
        by_slot = {
            slot: [e for e, i, _ in here if allowed[i]] for slot, here in self.slot_entries.items()
        }
        cost = self.own + prices

        def session(start: np.ndarray, slot, only=None) -> dict[int, np.ndarray]:
            """site index -> the best table after placing the session there."""
            plain: dict[int, float] = {}  # the cheapest uncapped placement at each site
            after: dict[int, np.ndarray] = {}
            for e, i, key in self.slot_entries.get(slot, ()):
                if not allowed[i] or (only is not None and i != only):
                    continue
                if key in axis:
                    most, reward = caps[key]
                    moved = _shifted(start, axis[key], most, reward) + cost[e]
                    after[i] = moved if i not in after else np.minimum(after[i], moved)
                elif cost[e] < plain.get(i, np.inf):
                    plain[i] = cost[e]
            for i, least_cost in plain.items():
                moved = start + least_cost
                after[i] = moved if i not in after else np.minimum(after[i], moved)
            return after

        def least(tables) -> np.ndarray:
            found = np.full(shape, np.inf)
            for each in tables:
                found = np.minimum(found, each)
            return found

        tables = [table]
        for am, pm in self.day_slots:
            if am is not None and pm is not None:
                mornings = session(table, am)
                anywhere = least(mornings.values()) + self.split
                best = []
                for i in np.flatnonzero(allowed):
                    start = np.minimum(anywhere, mornings[i]) if i in mornings else anywhere
                    best += session(start, pm, only=i).values()
                table = least(best)
            else:
                table = least(session(table, am if am is not None else pm).values())
            tables.append(table)
        value = float(table.min()) + float(self.set_cost[k])
        if not trace:
            return value
        return value, self._trace(tables, by_slot, prices, caps, axis)

    def _trace(self, tables, by_slot, prices, caps, axis) -> tuple[int, ...]:
        """Walk the capped programme's tables back from the best end state to a pattern."""

        def step(state, e):
            """The state after entry e, and its cost there."""
            _, site, service = self.entries[e]
            cost = self.own[e] + prices[e]
            if (site, service) in axis:
                most, reward = caps[site, service]
                r = axis[site, service]
                if state[r] < most:
                    state = state[:r] + (state[r] + 1,) + state[r + 1 :]
                    cost += reward
            return state, cost

        state = tuple(int(i) for i in np.unravel_index(np.argmin(tables[-1]), tables[-1].shape))
        pattern = []
        for d in range(len(self.days) - 1, -1, -1):
            day = self.days[d]
            am, pm = Slot(day, "AM"), Slot(day, "PM")
            mornings = by_slot.get(am, [None]) if am in self.options else [None]
            afternoons = by_slot.get(pm, [None]) if pm in self.options else [None]
            target = tables[d + 1][state]
            before = tables[d]
            found = None
            ranges = [range(max(0, c - 2), c + 1) for c in state]
            for start in np.ndindex(*[len(r) for r in ranges]):
                prior = tuple(r[i] for r, i in zip(ranges, start, strict=True))
                if not np.isfinite(before[prior]):
                    continue
                for e1 in mornings:
                    middle, cost1 = (prior, 0.0) if e1 is None else step(prior, e1)
                    for e2 in afternoons:
                        end, cost2 = (middle, 0.0) if e2 is None else step(middle, e2)
                        if end != state:
                            continue
                        split = 0.0
                        if e1 is not None and e2 is not None:
                            split = self.split * (self.entries[e1][1] != self.entries[e2][1])
                        if abs(before[prior] + cost1 + cost2 + split - target) < 1e-6:
                            found = (prior, e1, e2)
                            break
                    if found:
                        break
                if found:
                    break
            prior, e1, e2 = found
            pattern += [e for e in (e2, e1) if e is not None]
            state = prior
        return tuple(reversed(pattern))

    def _pattern(self, value, which, allowed) -> tuple[int, ...]:
        """The day-by-day best placements within the set of practices `allowed`."""
        row = np.where(allowed[None, None, :], value, np.inf)  # days, 2, sites
        pattern = []
        for d in range(len(self.days)):
            together = row[d, 0] + row[d, 1]
            i_same = int(np.argmin(together))
            i_am, i_pm = int(np.argmin(row[d, 0])), int(np.argmin(row[d, 1]))
            if together[i_same] > row[d, 0, i_am] + row[d, 1, i_pm] + self.split * self.both[d]:
                places = (i_am, i_pm)
            else:
                places = (i_same, i_same)
            for s in (0, 1):
                if not self.idle[d, s]:
                    pattern.append(int(which[d, s, places[s]]))
        return tuple(pattern)


def person_weeks(problem: Problem) -> list[PersonWeek]:
    """Every person's every week in which they work at least one session."""
    found = []
    for person in problem.people:
        by_week: dict[int, list[Slot]] = {}
        for slot in horizon.working_slots(person):
            by_week.setdefault(horizon.week_of(problem, slot.day), []).append(slot)
        for week, slots in sorted(by_week.items()):
            found.append(PersonWeek(problem, person, week, slots))
    return found


def _shifted(table: np.ndarray, axis: int, most: int, reward: float) -> np.ndarray:
    """One more session towards a capped target: the count on `axis` goes up by one, earning
    `reward` (a negative price) while it is below `most`, and stays at `most` after."""
    moved = np.full_like(table, np.inf)
    up = [slice(None)] * table.ndim
    down = [slice(None)] * table.ndim
    up[axis], down[axis] = slice(1, most + 1), slice(0, most)
    moved[tuple(up)] = table[tuple(down)] + reward
    last = [slice(None)] * table.ndim
    last[axis] = most
    moved[tuple(last)] = np.minimum(moved[tuple(last)], table[tuple(last)])
    return moved
