"""What a manager reads beside a rota: each rule's total and every instance behind it, what each
practice was given against its targets, and each person's weeks.

Everything here comes from validate() (the rules' check()), never from solver internals, so the
explanation of a rota is the same whoever or whatever made it, and its total is the objective.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from . import horizon
from .findings import Penalty, Violation, weight_of
from .placed import placements
from .problem import HUB, Assignment, Problem
from .rules import HARD_RULES, SOFT_RULES, allocation
from .validate import Report, validate


@dataclass(frozen=True)
class RuleExplanation:
    rule: str
    title: str
    why: str
    kind: str  # "hard" or "soft"
    weight: int | None  # None for hard rules
    total: int  # soft: points (the rule's part of the objective); hard: times broken
    instances: tuple[Violation | Penalty, ...]
    sentence: str


@dataclass(frozen=True)
class ServiceWeek:
    week: int  # 0 for the first week
    start: date
    target: int  # that week's (scaled to its working days); 0 where there is no target
    delivered: int
    # Why the week's target is below the agreed sessions a week: "4 sessions this week, not 5:
    # Friday 25 December is a bank holiday"; "" in a full week.
    note: str = ""


@dataclass(frozen=True)
class PracticeExplanation:
    site: str
    name: str
    services: tuple[tuple[str, tuple[ServiceWeek, ...]], ...]  # (service, its weeks)
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class PersonWeek:
    week: int
    start: date
    practices: tuple[str, ...]  # in the order first worked at
    hub_sessions: int
    sessions: int


@dataclass(frozen=True)
class PersonExplanation:
    person: str
    name: str
    home_base: str | None
    sessions: int
    away_from_home: int  # sessions away from their home base (0 without one)
    weeks: tuple[PersonWeek, ...]
    sentence: str


@dataclass(frozen=True)
class Explanation:
    total: int  # the objective: the soft rules' points
    ok: bool  # no hard rule broken
    rules: tuple[RuleExplanation, ...]
    practices: tuple[PracticeExplanation, ...]
    people: tuple[PersonExplanation, ...]


def explain(
    problem: Problem, rota: Iterable[Assignment], report: Report | None = None
) -> Explanation:
    rota = tuple(rota)
    report = report or validate(problem, rota)
    return Explanation(
        total=report.total,
        ok=report.ok,
        rules=tuple(_rules(problem, report)),
        practices=tuple(_practices(problem, rota)),
        people=tuple(_people(problem, rota)),
    )


def _rules(problem, report):
    for rule in HARD_RULES:
        broken = tuple(v for v in report.violations if v.rule == rule.NAME)
        sentence = (
            f"{rule.TITLE}: kept."
            if not broken
            else f"{rule.TITLE}: broken {horizon.plural(len(broken), 'time')}."
        )
        yield RuleExplanation(
            rule.NAME, rule.TITLE, rule.WHY, rule.KIND, None, len(broken), broken, sentence
        )
    for rule in SOFT_RULES:
        found = report.penalties[rule.NAME]
        weight = weight_of(problem, rule.NAME)
        count = sum(p.count for p in found)
        points = sum(p.amount for p in found)
        if not weight:
            sentence = f"{rule.TITLE}: switched off (weight 0)."
        elif not found:
            sentence = f"{rule.TITLE}: none."
        else:
            sentence = f"{rule.TITLE}: {count} × {weight} = {horizon.plural(points, 'point')}."
        yield RuleExplanation(
            rule.NAME, rule.TITLE, rule.WHY, rule.KIND, weight, points, found, sentence
        )


def _practices(problem, rota):
    counts = allocation.delivered(problem, rota)
    for site in problem.sites:
        if site.id == HUB:
            continue
        services = list(
            dict.fromkeys(
                [t.service for t in problem.targets if t.site == site.id]
                + sorted({service for s, service, _ in counts if s == site.id})
            )
        )
        rows, sentences = [], []
        for service in services:
            target = allocation.target(problem, site.id, service)
            weeks = tuple(
                ServiceWeek(
                    week,
                    horizon.week_start(problem, week),
                    allocation.target(problem, site.id, service, week),
                    counts[site.id, service, week],
                    _holiday_note(problem, week, target),
                )
                for week in range(problem.weeks)
            )
            rows.append((service, weeks))
            given = ", ".join(str(w.delivered) for w in weeks)
            agreed = f"target {target} a week" if target else "no target"
            notes = "".join(
                f" In {horizon.week_label(problem, w.week)}: {w.note}." for w in weeks if w.note
            )
            sentences.append(f"{service}: {given} sessions by week ({agreed}).{notes}")
        yield PracticeExplanation(site.id, site.name, tuple(rows), tuple(sentences))


def _holiday_note(problem, week, target):
    if not target or not problem.holidays_in_week(week):
        return ""
    scaled = problem.target_in_week(target, week)
    return (
        f"{horizon.plural(scaled, 'session')} this week, not {target}: "
        f"{horizon.holidays_said(problem, week)}"
    )


def _people(problem, rota):
    placed = placements(problem, rota)
    by_person = defaultdict(list)
    for (person, _), a in sorted(placed.items(), key=lambda kv: kv[0][1]):
        by_person[person].append(a)
    for person in problem.people:
        mine = by_person[person.id]
        weeks = []
        for week in range(problem.weeks):
            these = [a for a in mine if horizon.week_of(problem, a.day) == week]
            practices = tuple(dict.fromkeys(a.site for a in these if a.site != HUB))
            hub = sum(a.site == HUB for a in these)
            weeks.append(
                PersonWeek(week, horizon.week_start(problem, week), practices, hub, len(these))
            )
        home = person.home_base
        away = sum(a.site != home for a in mine) if home is not None else 0
        yield PersonExplanation(
            person.id,
            person.name,
            home,
            len(mine),
            away,
            tuple(weeks),
            _person_sentence(problem, person, mine, weeks, away),
        )


def _person_sentence(problem, person, mine, weeks, away):
    if not mine:
        return f"{person.name} has no sessions in this rota."
    sites = Counter(a.site for a in mine)
    where = horizon.names(
        f"{n} at {horizon.site_name(problem, site)}" for site, n in sites.most_common()
    )
    most = max(len(w.practices) for w in weeks)
    spread = "no practice" if most == 0 else f"at most {horizon.plural(most, 'practice')} a week"
    sentence = f"{person.name} works {horizon.plural(len(mine), 'session')}: {where}; {spread}"
    if person.home_base is not None:
        sentence += f"; {away} away from their home base"
    return sentence + "."
