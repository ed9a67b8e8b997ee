"""Column generation: price columns into the master until none improves it or the time is up,
keeping the best Lagrangian bound met on the way (see master.py for why every one is proven).

It runs in two stages. First the targets are uncapped: the pricing is the cheap day-by-day
programme and the LP settles in a few rounds. Then `Master.cap()` caps them, and the pricing
follows the capped targets' counts, starting from the prices and columns the first stage found.
"""

import math
import time
from collections import defaultdict

from .. import horizon
from ..problem import HUB
from .master import Master
from .person_week import PersonWeek

# The most sets of practices, best estimate first, priced exactly per person-week and round;
# the rest are bounded by the next estimate; the round that would end the column generation is
# done again with every set exact. Measured on 80 people: a third less time to the same end.
EXACT_SETS = 3

# Columns priced in per person-week each round: the best pattern, and the best on the next sets
# of practices. Measured on the demo and an 80-person network: fewer rounds to the end.
COLUMNS_PER_ROUND = 3


# Person-weeks priced a second, about, on this 2-core machine (measured on the demo network, an
# 80-person network and a 26-person PCN: 750 to 1,300). A deterministic run stops after
# `seconds` of this work rather than of the clock, so it ends in the same place however busy
# the machine is: no clock stops it, since a clock would stop a busy machine sooner.
PRICINGS_PER_SECOND = 1000


def column_generation(
    master: Master, *, seconds: float, seed_rotas=(), deterministic: bool = False
) -> dict:
    """Price columns in until none improves the LP or the time (or, when `deterministic`, the
    work the time stands for) is up; return the best bound."""
    started = time.monotonic()
    work = int(seconds * PRICINGS_PER_SECOND) if deterministic else None
    priced = 0

    def time_left():
        if work is None:
            return time.monotonic() - started < seconds
        return priced < work

    for index, pw in enumerate(master.weeks):
        hub = tuple(
            pw.entry[slot, *min(here, key=lambda option: (option[0] != HUB, here[option]))]
            for slot, here in pw.options.items()
        )
        master.add(index, hub)
    by_person_week = {(pw.person.id, pw.week): i for i, pw in enumerate(master.weeks)}
    for rota in seed_rotas:
        patterns = defaultdict(list)
        for a in rota:
            key = (a.person, horizon.week_of(master.problem, a.day))
            patterns[key].append((a.slot, a.site, a.service))
        for key, pattern in patterns.items():
            index = by_person_week.get(key)
            if index is not None and _is_pattern(master.weeks[index], pattern):
                master.add(index, tuple(master.weeks[index].entry[p] for p in pattern))
    best, best_prices, lp_value, rounds, converged = -math.inf, None, None, 0, False
    capped = thorough = False
    while time_left():
        solved = master.solve()
        if solved is None:
            break
        lp_value, prices, convexity = solved
        rounds += 1
        priced += len(master.weeks)
        cheapest, new = [], []
        for index in range(len(master.weeks)):
            least, patterns = master.price(
                prices, index, COLUMNS_PER_ROUND, convexity[index], None if thorough else EXACT_SETS
            )
            cheapest.append(least)
            new += [
                (index, p)
                for p in patterns
                if master.reduced_cost(prices, index, p) - convexity[index] < -1e-6
            ]
        value = master.lagrangian(prices, cheapest)
        if value > best:
            best, best_prices = value, prices
        if not new or math.ceil(best - 1e-6) >= math.ceil(lp_value - 1e-6):
            if capped and not thorough and math.ceil(best - 1e-6) < math.ceil(lp_value - 1e-6):
                thorough = True  # once more, every set priced exactly, before calling it done
                continue
            if capped:
                converged = True
                break
            master.cap()
            capped = True
            continue
        thorough = False
        for index, pattern in new:
            master.add(index, pattern)
    return {
        "bound": best,
        "prices": best_prices,
        "lp": lp_value,
        "rounds": rounds,
        "converged": converged,
        "columns": len(master.columns),
        "seconds": time.monotonic() - started,
    }


def _is_pattern(pw: PersonWeek, pattern) -> bool:
    where = {slot: (site, service) for slot, site, service in pattern}
    if set(where) != set(pw.options) or len(where) != len(pattern):
        return False
    if any(option not in pw.options[slot] for slot, option in where.items()):
        return False
    practices = {site for site, _ in where.values() if site != HUB}
    return len(practices) <= pw.limit
