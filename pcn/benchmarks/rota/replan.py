"""A re-plan after one person's week of leave: how many published sessions it changes,
against the fewest any rota must."""

from collections import Counter
from dataclasses import dataclass, replace
from datetime import timedelta

from engine.rota import horizon
from engine.rota.problem import Problem
from engine.rota.solve import Result, solve
from engine.rota.validate import validate
from pcn.benchmarks.rota.config import TARGET_GAP
from pcn.benchmarks.rota.quality import quality


@dataclass(frozen=True)
class Replanned:
    """One way of re-planning, against the published rota."""

    changed: int  # published sessions moved or gone
    objective: int  # on the re-planned problem, the changes' own penalty included
    shortfall: int  # sessions below the agreed sessions


@dataclass(frozen=True)
class Replan:
    person: str
    leave_week: int  # 0-based
    published: Replanned  # the published rota on the problem before the leave
    forced: Replanned  # the published rota less the person's sessions that week: the fewest changes
    replan: Replanned  # solved, keeping to the published rota
    fresh: Replanned  # solved, ignoring the published rota
    unchanged: Replanned  # solved again with no leave at all, keeping to the published rota
    published_gap: float | None  # how far the published rota was from its bound
    status: str
    gap: float | None

    @property
    def minimum(self):
        return self.forced.changed

    @property
    def extra(self):
        return self.replan.changed - self.minimum


def changed_sessions(published, rota) -> int:
    """Published sessions whose site or service differs in `rota`, or that it no longer has."""
    now = {(a.person, a.slot): (a.site, a.service) for a in rota}
    return sum(1 for a in published if now.get((a.person, a.slot)) != (a.site, a.service))


def with_leave(problem: Problem, published, week: int, person_id: str | None = None):
    """The problem a re-plan solves when `person_id` (by default whoever works most sessions
    that week in `published`) takes approved leave for the whole of `week`: those sessions
    move from available to leave, and `published` is the rota in use. Returns (problem,
    person id, sessions of theirs the published rota loses)."""
    first = problem.start + timedelta(weeks=week)
    days = {first + timedelta(days=d) for d in range(7)}
    that_week = Counter(a.person for a in published if a.day in days)
    if person_id is None:
        person_id = min(that_week, key=lambda p: (-that_week[p], p))
    people = []
    for person in problem.people:
        if person.id == person_id:
            off = tuple(s for s in person.available if s.day in days)
            person = replace(
                person,
                available=tuple(s for s in person.available if s.day not in days),
                leave=tuple(sorted({*person.leave, *off})),
            )
        people.append(person)
    return (
        replace(problem, people=tuple(people), published=tuple(published)),
        person_id,
        that_week[person_id],
    )


def measure_replan(problem: Problem, published: Result, seconds: float, log) -> Replan:
    """Leave for the whole of the second week for whoever works most that week, re-planned
    from the `published` solve's rota."""
    rota = published.rota
    week = min(1, problem.weeks - 1)
    changed_problem, person, _ = with_leave(problem, rota, week)

    def replanned(on: Problem, new_rota) -> Replanned:
        return Replanned(
            changed=changed_sessions(rota, new_rota),
            objective=validate(on, new_rota).total,
            shortfall=quality(on, new_rota).shortfall,
        )

    def solved_again(on: Problem):
        return solve(on, seconds=seconds, relative_gap=TARGET_GAP)

    on_leave = {(p.id, s) for p in changed_problem.people for s in p.leave}
    result = solved_again(changed_problem)
    replan = Replan(
        person=horizon.person_name(problem, person),
        leave_week=week,
        published=replanned(problem, rota),
        forced=replanned(changed_problem, [a for a in rota if (a.person, a.slot) not in on_leave]),
        replan=replanned(changed_problem, result.rota),
        fresh=replanned(changed_problem, solved_again(replace(changed_problem, published=())).rota),
        unchanged=replanned(problem, solved_again(replace(problem, published=rota)).rota),
        published_gap=published.gap,
        status=result.status,
        gap=result.gap,
    )
    log(
        f"  re-plan: {replan.replan.changed} sessions changed (at least {replan.minimum}); "
        f"a fresh solve changes {replan.fresh.changed}; with no leave, "
        f"{replan.unchanged.changed}"
    )
    return replan
