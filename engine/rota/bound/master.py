"""The master linear programme: a mix of patterns for each person's week, held together by the
rules that couple people, and the Lagrangian bound its prices give.

Rows that couple people (each a row of the LP, each priced in the patterns):
- delivery of a service at a practice in a week: at least the target less the shortfall (each
  column counting up to the target once `cap()` is called), at most the target plus the
  tolerance (allocation, fair_share_shortfall);
- rooms at a practice in a session (rooms);
- "this member is with the team at this site in the team session" no more than the member is
  there (team_apart).

The bound is not read off the LP. For any prices with the right signs, the Lagrangian function
(the prices times the right-hand sides, plus each person-week's cheapest pattern under the
prices, plus the least each block of the rules' own variables can cost under them) is at most
the cost of every rota, because every rota is one pattern per person-week and its rules' own
variables at their exact values. So the bound stays proven however early the column generation
stops and whatever rounding the LP solver does; the LP only supplies good prices. `price()`
may understate a person-week's cheapest pattern (never overstate it) and the bound still holds.
"""

import math
from collections import defaultdict

import numpy as np
from ortools.math_opt.python import mathopt

from ..findings import weight_of
from ..problem import HUB, Problem
from ..rules import allocation, rooms, team_apart
from .person_week import PersonWeek, person_weeks

# The most team rows (a member at a site in a team session) the master takes on. Each is cheap
# but many slow every LP solve: an 80-person network's 2,500 made its column generation three
# times as slow, for 2% more bound; the demo network's 600 cost little and gave 4%.
TEAM_ROWS = 1000

# The most states (sessions so far towards each capped target) for which a set of practices'
# patterns are priced exactly; above it the estimate stands, a weaker bound but still one.
STATES = 3000


def _team_rows(problem: Problem) -> int:
    sites = len(problem.sites)
    return sum(
        len(working) * sites
        for team in problem.teams
        for week in range(problem.weeks)
        for working in team_apart.team_sessions(problem, team, week)[1].values()
    )


class Master:
    def __init__(self, problem: Problem, *, teams: bool = True):
        self.problem = problem
        self.weeks = person_weeks(problem)
        self.lp = mathopt.Model()
        self.solver = None  # made at the first solve, once every row is in
        self.basis = None
        self.constant = 0.0
        self.rows = []  # (constraint, right-hand side, sign): +1 for >=, -1 for <=
        self.columns: list[tuple[int, tuple]] = []  # (person-week index, pattern)
        self.variables = []  # each column's LP variable
        self.convexity = []
        self.delivery: dict[tuple[str, str, int], list[int]] = defaultdict(list)
        self.room: dict[tuple[str, object], int] = {}
        self.link: dict[tuple[str, object, str], list[int]] = defaultdict(list)
        self.shorts = []  # (row, weight, most short)
        self.shorts_rhs = []  # (row, weight, target)
        self.short_vars = []  # each short's LP variable, as `shorts`
        self.team_vars = []  # (z, weight): each member-with-the-team variable
        self.constant_by_rule: dict[str, float] = defaultdict(float)  # `constant`, rule by rule
        self.values = None  # the variables' values at the last LP solved (`by_rule`)
        self.lp_value = None
        self.team_blocks = []  # (constant, weight, [[rows of a candidate's members]])
        self._deliveries()
        self._rooms()
        if teams and weight_of(problem, team_apart.NAME) and _team_rows(problem) <= TEAM_ROWS:
            self._teams()
        self.convexity = [self.lp.add_linear_constraint(lb=1, ub=1) for _ in self.weeks]
        self.entry_rows = [self._entry_rows(pw) for pw in self.weeks]
        # Uncapped first (see `cap`): the column generation settles far sooner that way.
        none = (np.zeros(0, dtype=int), np.zeros(0, dtype=int), np.zeros(0), [])
        self.capped = [none for _ in self.weeks]

    # --- rows ------------------------------------------------------------------------------

    def _row(self, low, high):
        constraint = self.lp.add_linear_constraint(lb=low, ub=high)
        if low == -math.inf:
            self.rows.append((constraint, high, -1))
        else:
            self.rows.append((constraint, low, +1))
        return len(self.rows) - 1

    def _deliveries(self):
        problem = self.problem
        inf = math.inf
        weight = weight_of(problem, "fair_share_shortfall")
        self.offered = offered = defaultdict(bool)
        for pw in self.weeks:
            for here in pw.options.values():
                for site, service in here:
                    if site != HUB:
                        offered[site, service, pw.week] = True
        for site, service, week in list(offered):
            _, most = allocation.bounds(problem, site, service, week)
            self.delivery[site, service, week].append(self._row(-inf, most))
        for t in problem.targets:
            if t.sessions_per_week <= 0 or not weight:
                continue
            for week in range(problem.weeks):
                agreed = problem.target_in_week(t, week)
                if agreed <= 0:
                    continue
                least, _ = allocation.bounds(problem, t.site, t.service, week)
                if not offered[t.site, t.service, week]:
                    self.constant += weight * agreed
                    self.constant_by_rule["fair_share_shortfall"] += weight * agreed
                    continue
                if least >= agreed:
                    continue
                row = self._row(agreed, inf)
                short = self.lp.add_variable(lb=0, ub=agreed - least)
                self.rows[row][0].set_coefficient(short, 1)
                self.lp.objective.set_linear_coefficient(short, weight)
                self.delivery[t.site, t.service, week].append(row)
                self.shorts.append((row, weight, agreed - least))
                self.short_vars.append(short)
                self.shorts_rhs.append((row, weight, agreed))

    def _rooms(self):
        problem = self.problem
        inf = math.inf
        for pw in self.weeks:
            for slot, here in pw.options.items():
                for site, service in here:
                    if (site, slot) not in self.room and rooms.needs_room(problem, site, service):
                        self.room[site, slot] = self._row(-inf, rooms.capacity(problem, site, slot))

    def _sites(self, person: str, slot) -> set[str]:
        return {
            site
            for pw in self.weeks
            if pw.person.id == person and slot in pw.options
            for site, _ in pw.options[slot]
        }

    def _teams(self):
        """Per team and week: choose a place (session, site) with weights y summing to at most
        1; each working member is with the team there no more than y and no more than they are
        at the site (z). The penalty is the members working less Σz: exact for a rota, where y
        picks the place most members are at, and never more than a rota's penalty otherwise."""
        problem = self.problem
        weight = weight_of(problem, team_apart.NAME)
        inf = math.inf
        for team in problem.teams:
            for week in range(problem.weeks):
                slots, working, most = team_apart.team_sessions(problem, team, week)
                if not slots:
                    continue
                self.constant += weight * most
                self.constant_by_rule[team_apart.NAME] += weight * most
                choose = self.lp.add_linear_constraint(lb=-inf, ub=1)
                places = []
                for slot in slots:
                    sites = sorted(set().union(*(self._sites(m, slot) for m in working[slot])))
                    for site in sites:
                        y = self.lp.add_variable(lb=0, ub=1)
                        choose.set_coefficient(y, 1)
                        rows = []
                        for member in working[slot]:
                            if site not in self._sites(member, slot):
                                continue
                            z = self.lp.add_variable(lb=0, ub=1)
                            self.lp.objective.set_linear_coefficient(z, -weight)
                            self.team_vars.append((z, weight))
                            below_y = self.lp.add_linear_constraint(lb=-inf, ub=0)
                            below_y.set_coefficient(z, 1)
                            below_y.set_coefficient(y, -1)
                            row = self._row(-inf, 0)
                            self.rows[row][0].set_coefficient(z, 1)
                            self.link[member, slot, site].append(row)
                            rows.append(row)
                        places.append(rows)
                self.team_blocks.append((weight * most, weight, places))

    # --- columns ---------------------------------------------------------------------------

    def _entry_rows(self, pw: PersonWeek):
        """(entry, row, coefficient) arrays: which rows each of the person-week's placements
        counts in."""
        entries, rows, coefficients = [], [], []
        for e, (slot, site, service) in enumerate(pw.entries):
            found = []
            if site != HUB:
                found += [(row, 1.0) for row in self.delivery.get((site, service, pw.week), ())]
                if rooms.needs_room(self.problem, site, service):
                    found.append((self.room[site, slot], 1.0))
            found += [(row, -1.0) for row in self.link.get((pw.person.id, slot, site), ())]
            for row, coefficient in found:
                entries.append(e)
                rows.append(row)
                coefficients.append(coefficient)
        return np.array(entries, dtype=int), np.array(rows, dtype=int), np.array(coefficients)

    def _capped(self, pw: PersonWeek):
        """(rows, site indexes, targets) of the targets the person-week could deliver more
        sessions of than the target itself: its column counts towards them only up to the
        target (see `coefficients`)."""
        targets = {row: rhs for row, _, rhs in self.shorts_rhs}
        found = {}
        for _, site, service in pw.entries:
            for row in self.delivery.get((site, service, pw.week), ()) if site != HUB else ():
                if row in targets and targets[row] < len(pw.slots):
                    found[row] = (pw.index[site], targets[row], (site, service))
        rows = np.array(sorted(found), dtype=int)
        sites = np.array([found[r][0] for r in rows], dtype=int)
        most = np.array([found[r][1] for r in rows], dtype=float)
        return rows, sites, most, [found[r][2] for r in rows]

    def coefficients(self, index: int, pattern: tuple[int, ...]) -> dict[int, float]:
        """The column's entry in each row. Towards a target a column counts only up to the
        target: in any rota, if one person alone meets the target, so do all together, so the
        target row still holds for every rota, and a mix of weeks that each over-deliver at one
        practice can no longer pass for meeting the targets of two."""
        entries, rows, values = self.entry_rows[index]
        chosen = np.isin(entries, pattern)
        coefficients = defaultdict(float)
        for row, value in zip(rows[chosen], values[chosen], strict=True):
            coefficients[int(row)] += value
        for row in self.capped[index][0]:
            row = int(row)
            if row in coefficients:
                coefficients[row] = min(coefficients[row], self.rows[row][1])
        return coefficients

    def add(self, index: int, pattern: tuple[int, ...]) -> None:
        pw = self.weeks[index]
        var = self.lp.add_variable(lb=0, ub=math.inf)
        self.lp.objective.set_linear_coefficient(var, pw.cost(pattern))
        self.convexity[index].set_coefficient(var, 1)
        for row, value in self.coefficients(index, pattern).items():
            self.rows[row][0].set_coefficient(var, value)
        self.columns.append((index, pattern))
        self.variables.append(var)

    def cap(self) -> None:
        """From now on a column counts towards a target only up to the target (see
        `coefficients`), the columns so far included. Uncapped, the LP is weaker but settles in
        a few rounds of the cheap pricing; capped, it starts from there."""
        self.capped = [self._capped(pw) for pw in self.weeks]
        for (index, pattern), var in zip(self.columns, self.variables, strict=True):
            for row, value in self.coefficients(index, pattern).items():
                if row in self.capped[index][0]:
                    self.rows[row][0].set_coefficient(var, value)

    def reduced_cost(self, prices, index: int, pattern) -> float:
        """The pattern's cost less its rows' prices (the convexity price not taken off)."""
        rows = self.coefficients(index, pattern)
        return self.weeks[index].cost(pattern) - sum(prices[r] * v for r, v in rows.items())

    def price(
        self, prices, index: int, count: int = 1, below: float = -math.inf, sets: int | None = None
    ) -> tuple[float, list[tuple[int, ...]]]:
        """A lower bound on the least reduced cost (convexity price not taken off) of any
        pattern of the person-week, and up to `count` sets' worth of patterns worth trying
        when that bound is under `below` (none can be worth it otherwise). At most `sets` sets of
        practices are priced exactly; every one when None.

        A capped target row r pays π·min(d, t) for d sessions, which no day-by-day programme
        prices directly. Two linear prices each bound it from below for every pattern: π·d
        (as if uncapped), and π·t whatever d is (charged with the set of practices that
        includes the target's practice). For each set of practices the larger of the two
        programmes' values is still at most every pattern's own within that set, so the least
        over sets bounds every pattern."""
        pw = self.weeks[index]
        linear = self.entry_prices(prices, index)
        total, table = pw.by_set(linear)
        tables = [table]
        rows, sites, most, keys = self.capped[index]
        live = prices[rows] > 1e-9 if len(rows) else np.zeros(0, dtype=bool)
        exact, traced = None, None
        if live.any():
            entries, entry_rows, values = self.entry_rows[index]
            held = np.isin(entry_rows, rows[live])
            saturated = linear + np.bincount(
                entries[held],
                weights=values[held] * prices[entry_rows[held]],
                minlength=len(pw.entries),
            )
            full = prices[rows[live]] * most[live]
            constant = -(pw.masks[:, sites[live]] * full[None, :]).sum(axis=1)
            other, table = pw.by_set(saturated)
            total = np.maximum(total, other + constant)
            tables.append(table)
            exact = (saturated, [i for i in np.flatnonzero(live)])
        best = float(total.min())
        if best >= below - 1e-6:
            # Already at or above the convexity price: the exact least is that price (a
            # column in the LP's basis reaches it), so neither the bound nor a column gains.
            return best, []
        if exact is not None:
            # Where the capped targets' states are few, the exact least over the sets most
            # likely to hold it: each set's estimate is below its exact value, so once the
            # next estimate is above the best exact value, no later set can beat it.
            saturated, held = exact
            found, traced = np.inf, None
            for n, k in enumerate(np.argsort(total, kind="stable")):
                if total[k] >= found:
                    break
                if n == sets:
                    found = min(found, float(total[k]))  # no set left beats its estimate
                    break
                caps = {
                    keys[i]: (int(most[i]), -float(prices[rows[i]]))
                    for i in held
                    if pw.masks[k, sites[i]]
                }
                states = math.prod(t + 1 for t, _ in caps.values())
                if len(caps) == sum(pw.masks[k, sites[i]] for i in held) and states <= STATES:
                    value = pw.least_capped(k, saturated, caps)
                    if value < found:
                        found, traced = value, (k, caps)
                else:
                    found = min(found, float(total[k]))
            best = max(best, found)
        if best >= below - 1e-6:
            return best, []
        patterns = []
        if traced is not None:
            patterns.append(pw.least_capped(traced[0], exact[0], traced[1], trace=True)[1])
        for k in np.argsort(total, kind="stable")[:count]:
            if not np.isfinite(total[k]):
                break
            for table in tables:
                pattern = pw.pattern(k, table)
                if pattern not in patterns:
                    patterns.append(pattern)
        return best, patterns

    def by_rule(self) -> dict[str, float]:
        """The last LP solved, rule by rule: each column's cost split by the rules that make it
        (PersonWeek.cost_by_rule) times its weight in the mix, the shortfalls at their values,
        and the team variables with their constant. The parts add up to the LP's value
        (`lp_value`), since they are its objective's terms, grouped. Empty before any solve."""
        if self.values is None:
            return {}
        parts: dict[str, float] = defaultdict(float, self.constant_by_rule)
        for (index, pattern), var in zip(self.columns, self.variables, strict=True):
            weight = self.values.get(var, 0.0)  # columns added since the solve are not in it
            if weight > 1e-9:
                for rule, cost in self.weeks[index].cost_by_rule(pattern).items():
                    parts[rule] += weight * cost
        for (_, weight, _), var in zip(self.shorts, self.short_vars, strict=True):
            parts["fair_share_shortfall"] += weight * self.values.get(var, 0.0)
        for z, weight in self.team_vars:
            parts[team_apart.NAME] -= weight * self.values.get(z, 0.0)
        return dict(parts)

    # --- prices and the bound --------------------------------------------------------------

    def solve(self) -> tuple[float, list[float], list[float]] | None:
        """The LP's value, the rows' prices (signs made right) and the convexity prices."""
        if self.solver is None:
            self.solver = mathopt.IncrementalSolver(self.lp, mathopt.SolverType.GLOP)
        start = None
        if self.basis is not None:
            # GLOP starts afresh after columns are added unless told the last basis, with the
            # new columns out of it: a few hundred pivots instead of thousands.
            status = dict(self.basis.variable_status)
            for var in self.lp.variables():
                status.setdefault(var, mathopt.BasisStatus.AT_LOWER_BOUND)
            start = mathopt.ModelSolveParameters(
                initial_basis=mathopt.Basis(status, self.basis.constraint_status)
            )
        result = self._solve_lp(start)
        if result is None or result.termination.reason != mathopt.TerminationReason.OPTIMAL:
            return None
        self.basis = result.solutions[0].basis if result.solutions else None
        self.values = result.variable_values()
        self.lp_value = result.objective_value() + self.constant
        duals = result.dual_values()
        prices = np.array([max(0.0, sign * duals[c]) * sign for c, _, sign in self.rows])
        return (
            result.objective_value() + self.constant,
            prices,
            [duals[c] for c in self.convexity],
        )

    def _solve_lp(self, start):
        """GLOP's result, or None when it gives up. On rare LPs GLOP ends "ABNORMAL" from the
        warm start (one PCN of the 1,271 in the NHS file), and OR-Tools then fails while
        reporting it, with any of several exception types; a cold start usually solves it.
        None stops the column generation with the bound proved so far, which stays valid."""
        for params in (start, None) if start is not None else (None,):
            try:
                return self.solver.solve(model_params=params)
            except Exception:
                self.solver = mathopt.IncrementalSolver(self.lp, mathopt.SolverType.GLOP)
                self.basis = None
        return None

    def entry_prices(self, prices: np.ndarray, index: int) -> np.ndarray:
        """What each placement of the person-week adds to a pattern's reduced cost."""
        entries, rows, values = self.entry_rows[index]
        return -np.bincount(
            entries, weights=values * prices[rows], minlength=len(self.weeks[index].entries)
        )

    def lagrangian(self, prices, cheapest: list[float]) -> float:
        """A proven lower bound from any prices of the right signs (see the module's note)."""
        value = self.constant + self.rows_value(prices, range(len(self.rows))) + sum(cheapest)
        return value + self.shorts_value(prices, self.shorts) + self.blocks_value(prices)

    def rows_value(self, prices, rows) -> float:
        return sum(prices[r] * self.rows[r][1] for r in rows)

    def shorts_value(self, prices, shorts) -> float:
        """The least the shortfalls can add at these prices."""
        return sum(min(0.0, weight - prices[row]) * most for row, weight, most in shorts)

    def blocks_value(self, prices) -> float:
        """The least the team variables can add at these prices."""
        value = 0.0
        for _, weight, places in self.team_blocks:
            gain = [sum(min(0.0, -weight - prices[row]) for row in rows) for rows in places]
            value += min([0.0, *gain])
        return value
