"""Each hour (or part of one) a week that the rota gives less enhanced access than the contract
requires.

The Network Contract DES asks for at least 60 minutes of appointments per 1,000 adjusted
population a week, on weekday evenings (18:30–20:00) and Saturdays (09:00–17:00) (FACTS §1.4).
A person placed for an enhanced access service at a practice offering that session gives its
minutes (Problem.enhanced_access); the week's minutes are summed across the network. The duty is
weekly and does not shrink in a week with a bank holiday: the other evenings and the Saturday
carry it, or the shortfall is named.
"""

from .. import horizon
from ..findings import Penalty, penalty
from ..placed import placements
from ..problem import DEFAULT_WEIGHTS, HUB, Problem

NAME = "enhanced_access_shortfall"
TITLE = "Enhanced access short of the contract"
WHY = (
    "The network must offer its patients the enhanced access minutes the contract sets, every "
    "week; an hour short is an hour of appointments the ICB pays for and patients don't get."
)
KIND = "soft"
DEFAULT_WEIGHT = DEFAULT_WEIGHTS[NAME]
HOUR = 60


def required(problem: Problem) -> int:
    access = problem.enhanced_access
    return access.minutes_required_per_week if access else 0


def minutes(problem: Problem, site: str, slot, service: str) -> int:
    """The enhanced access minutes one person gives delivering `service` at `site` in `slot`."""
    offered = problem.service(service)
    access = problem.enhanced_access
    if access is None or site == HUB or offered is None or not offered.enhanced:
        return 0
    if not slot.enhanced:
        return 0
    return access.minutes_at(site, slot.day.weekday(), slot.session)


def build(model):
    problem = model.problem
    need = required(problem)
    if need <= 0:
        return []
    by_week = {week: [] for week in range(problem.weeks)}
    for site in model.practices:
        for slot in model.sessions_at(site):
            if not slot.enhanced:
                continue
            week = horizon.week_of(problem, slot.day)
            for _, service, var in model.at_site(site, slot):
                given = minutes(problem, site, slot, service)
                if given:
                    by_week[week].append(given * var)
    terms = []
    most = -(-need // HOUR)
    for week, given in by_week.items():
        name = f"{NAME}|{week}"
        if not given:
            terms.append(model.term(name, most))
            continue
        hours = model.cp.new_int_var(0, most, name)
        # Whole hours, rounded up: the least number of hours covering the minutes short.
        model.cp.add(HOUR * hours >= need - sum(given))
        terms.append(model.term(name, hours))
    return terms


def delivered(problem: Problem, rota) -> dict[int, int]:
    """Enhanced access minutes a week: {week: minutes}, every week of the horizon."""
    given = {week: 0 for week in range(problem.weeks)}
    for (_, slot), a in placements(problem, rota).items():
        given[horizon.week_of(problem, slot.day)] += minutes(problem, a.site, slot, a.service)
    return given


def check(problem: Problem, rota) -> list[Penalty]:
    need = required(problem)
    if need <= 0:
        return []
    access = problem.enhanced_access
    penalties = []
    for week, given in delivered(problem, rota).items():
        short = need - given
        if short <= 0:
            continue
        hours = -(-short // HOUR)
        working = f" ({access.working})" if access.working else ""
        penalties.append(
            penalty(
                problem,
                NAME,
                hours,
                f"Enhanced access gets {given:,} of the {need:,} minutes required{working} in "
                f"{horizon.week_label(problem, week)}: {short:,} minutes short "
                f"({horizon.plural(hours, 'hour')} or part).",
                when=horizon.week_stamp(problem, week),
            )
        )
    return penalties
