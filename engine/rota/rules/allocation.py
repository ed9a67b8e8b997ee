"""Each practice gets its agreed sessions of each service every week, give or take the network's
tolerance: never more than the target plus the tolerance and, when the problem is strict, never
less than the target less the tolerance (otherwise `fair_share_shortfall` prices each session
short).

A practice and service with no target is treated as a target of 0 sessions a week, so the same
tolerance applies: at most `tolerance` sessions a week. Holding such pairs to exactly 0 would
not make any rota more feasible (anything a practice cannot take goes to the hub), but it would
make a hand-locked session at a practice that has not asked for that service impossible, and
forbid a person their home practice for a session even when it keeps them with their team. The
tolerance is the give the network has already agreed either way, so it is the natural allowance.

An enhanced access service with no targets at all is not shared out by practice: the contract
asks for minutes a week across the network, at the sites that offer them (the
enhanced_access_shortfall rule), so no practice's ceiling limits it.
"""

from collections import Counter, defaultdict

from .. import horizon
from ..findings import Violation
from ..placed import placements
from ..problem import HUB, Problem

NAME = "allocation"
TITLE = "Agreed sessions"
WHY = "Each practice gets the sessions it was allocated, so the network shares its staff fairly."
KIND = "hard"


def target(problem: Problem, site: str, service: str, week: int | None = None) -> int:
    """The practice's agreed sessions of the service: a week's worth as agreed, or, given a
    week, scaled to that week's working days (`Problem.target_in_week`)."""
    for t in problem.targets:
        if t.site == site and t.service == service:
            return t.sessions_per_week if week is None else problem.target_in_week(t, week)
    return 0


def bounds(problem: Problem, site: str, service: str, week: int | None = None) -> tuple[int, int]:
    """(least, most) sessions the practice must get of the service in `week` (in a full week
    when None: the most then bounds every week). The least is 0 unless the problem is strict:
    then shortfalls are penalised, not forbidden."""
    agreed = target(problem, site, service, week)
    if not agreed and _not_shared_out(problem, service):
        return 0, UNLIMITED
    least = max(0, agreed - problem.tolerance) if problem.strict_allocation else 0
    return least, agreed + problem.tolerance


UNLIMITED = 10**6  # more sessions than any horizon has


def _not_shared_out(problem: Problem, service: str) -> bool:
    offered = problem.service(service)
    return (
        offered is not None
        and offered.enhanced
        and not any(t.service == service for t in problem.targets)
    )


def most(problem: Problem, site: str, service: str, week: int | None = None) -> int:
    return bounds(problem, site, service, week)[1]


def _pairs(problem: Problem, extra=()) -> list[tuple[str, str]]:
    """Every practice-service pair with a target, then any other pair in `extra`."""
    pairs = [(t.site, t.service) for t in problem.targets]
    return list(dict.fromkeys([*pairs, *(p for p in extra if p[0] != HUB)]))


def build(model):
    problem = model.problem
    for site, service in _pairs(problem, model.offered()):
        for week in range(problem.weeks):
            least, most_ = bounds(problem, site, service, week)
            xs = model.delivering(site, service, week)
            if least == 0 and len(xs) <= most_:
                continue
            if model.relaxing(NAME):
                name = f"{site}|{service}|{week}"
                short = model.slack(
                    NAME, least, _short(problem, site, service, week), f"short|{name}",
                    topic=("short", service, week, site),
                )  # fmt: skip
                over = model.slack(
                    NAME, len(xs), _over(problem, site, service, week), f"over|{name}"
                )
                model.cp.add_linear_constraint(sum(xs) + short - over, least, most_)
            elif least > len(xs):
                model.never()
            else:
                model.cp.add_linear_constraint(sum(xs), least, most_)


def _short(problem, site, service, week):
    def describe(amount):
        least, _ = bounds(problem, site, service, week)
        return (
            f"{horizon.site_name(problem, site)} can be given only {least - amount} of the "
            f"{horizon.plural(least, 'session')} of {service} it must get in "
            f"{horizon.week_label(problem, week)} (a target of "
            f"{horizon.target_phrase(problem, week, target(problem, site, service))}, less the "
            f"tolerance of {problem.tolerance})."
        )

    return describe


def _over(problem, site, service, week):
    def describe(amount):
        _, most_ = bounds(problem, site, service, week)
        return (
            f"{horizon.site_name(problem, site)} would get {most_ + amount} sessions of {service} "
            f"in {horizon.week_label(problem, week)}, above the {most_} allowed."
        )

    return describe


def slack_conflicts(problem: Problem, used) -> list[str]:
    """Shortfalls summed up per service and week: a shortage of staff is the network's, not
    one practice's, so the sentence names the total and then each practice's part."""
    messages = []
    short = defaultdict(list)
    for slack, amount in used:
        if slack.topic and slack.topic[0] == "short":
            _, service, week, site = slack.topic
            short[service, week].append((site, amount))
        else:
            messages.append(slack.describe(amount))
    for (service, week), parts in sorted(short.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        total = sum(amount for _, amount in parts)
        each = horizon.names(
            f"{horizon.site_name(problem, site)} {amount} short" for site, amount in parts
        )
        messages.insert(
            0,
            f"In {horizon.week_label(problem, week)} the practices' targets for {service} need "
            f"{horizon.plural(total, 'session')} more than the rota can give within the other "
            f"rules, even after the tolerance of {problem.tolerance}: {each}.",
        )
    return messages


def delivered(problem: Problem, rota) -> Counter:
    """(site, service, week) -> sessions delivered, counting each working session once."""
    counts = Counter()
    for a in placements(problem, rota).values():
        if a.site != HUB:
            counts[a.site, a.service, horizon.week_of(problem, a.day)] += 1
    return counts


def check(problem: Problem, rota) -> list[Violation]:
    counts = delivered(problem, rota)
    violations = []
    for site, service in _pairs(problem, sorted({(s, v) for s, v, _ in counts})):
        for week in range(problem.weeks):
            least, most_ = bounds(problem, site, service, week)
            got = counts[site, service, week]
            if least <= got <= most_:
                continue
            per_week = target(problem, site, service)
            said = horizon.target_phrase(problem, week, per_week)
            if per_week == 0:
                rule = f"it has no target for {service}, so at most {most_}"
            elif got < least:
                rule = f"its target is {said}, so at least {least}"
            else:
                rule = f"its target is {said}, so at most {most_}"
            violations.append(
                Violation(
                    NAME,
                    f"{horizon.site_name(problem, site)} gets "
                    f"{horizon.plural(got, 'session')} of {service} in "
                    f"{horizon.week_label(problem, week)}; {rule}.",
                    where=site,
                    when=horizon.week_stamp(problem, week),
                )
            )
    return violations
