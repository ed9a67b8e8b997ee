"""What a rota's check() results mean, in a few plain lines for the person who publishes it,
and each finding's day in the words a rota grid uses ("Mon 7 Dec, morning").

The lines are made from the rules' findings alone (no solver, no figures of its own): grouped
by rule and by practice or week, counted, and the heaviest first."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from .findings import Penalty, Violation
from .horizon import plural, site_name
from .problem import Problem

SHORT_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# A session after its day: Saturday sessions are a morning and an afternoon too.
SESSION_PARTS = {
    "AM": "morning",
    "PM": "afternoon",
    "EVE": "evening",
    "SAT_AM": "morning",
    "SAT_PM": "afternoon",
}
MAX_LINES = 5


def short_day(day: date) -> str:
    """'Mon 7 Dec'."""
    return f"{SHORT_DAYS[day.weekday()]} {day.day} {day:%b}"


def session_words(day: date, session: str, holiday: str = "") -> str:
    """'Mon 7 Dec, morning'; 'Fri 25 Dec, morning (bank holiday)' on a bank holiday."""
    words = f"{short_day(day)}, {SESSION_PARTS.get(session, session)}"
    return f"{words} (bank holiday)" if holiday else words


def when_words(when: str | None) -> str:
    """A finding's `when` (horizon.py's ISO stamps) in grid words: a session 'Mon 7 Dec,
    morning', a day 'Mon 7 Dec', a week 'week of Mon 7 Dec', a period 'Mon 7 Dec to Fri 1 Jan'."""
    if not when:
        return ""
    try:
        if "/" in when:
            first, last = (date.fromisoformat(part) for part in when.split("/", 1))
            return f"{short_day(first)} to {short_day(last)}"
        if "-W" in when:
            year, week = when.split("-W")
            return f"week of {short_day(date.fromisocalendar(int(year), int(week), 1))}"
        if " " in when:
            day, session = when.split(" ", 1)
            return session_words(date.fromisoformat(day), session)
        return short_day(date.fromisoformat(when))
    except ValueError:
        return when


def _week_number(problem: Problem, when: str | None) -> int | None:
    """The plan's week (1-based) a finding's `when` falls in, if it names one."""
    if not when:
        return None
    try:
        if "-W" in when:
            year, week = when.split("-W")
            day = date.fromisocalendar(int(year), int(week), 1)
        else:
            day = date.fromisoformat(when.split(" ")[0].split("/")[0])
    except ValueError:
        return None
    return (day - problem.start).days // 7 + 1


def _weeks_said(problem: Problem, weeks) -> str:
    """'in week 2 (from Mon 14 Dec)', 'in weeks 1 and 3'; '' for a one-week rota."""
    weeks = sorted(w for w in set(weeks) if w is not None)
    if not weeks or problem.weeks == 1:
        return ""
    if len(weeks) == 1:
        monday = problem.start + timedelta(weeks=weeks[0] - 1)
        return f" in week {weeks[0]} (from {short_day(monday)})"
    said = ", ".join(str(w) for w in weeks[:-1]) + f" and {weeks[-1]}"
    return f" in weeks {said}"


@dataclass(frozen=True)
class Line:
    """One line of the summary: what it says, and how much it weighs (hard rules first)."""

    text: str
    weight: float
    rule: str


def _on_leave_at(problem: Problem, site: str, week: int) -> int:
    """How many people based at the site have leave in the plan's week."""
    monday = problem.start + timedelta(weeks=week - 1)
    days = {monday + timedelta(days=d) for d in range(7)}
    return sum(
        1 for p in problem.people if p.home_base == site and any(s.day in days for s in p.leave)
    )


def _shortfall(problem: Problem, found: tuple[Penalty, ...]) -> list[Line]:
    by_site = defaultdict(Counter)
    amounts = Counter()
    for p in found:
        by_site[p.where][_week_number(problem, p.when)] += p.count
        amounts[p.where] += p.amount
    lines = []
    for site, weeks in by_site.items():
        short = sum(weeks.values())
        text = f"{plural(short, 'session')} short at {site_name(problem, site)}"
        text += _weeks_said(problem, weeks)
        if len(weeks) == 1:
            week = next(iter(weeks))
            away = _on_leave_at(problem, site, week) if week else 0
            if away:
                text += f", while {plural(away, 'person', 'people')} based there "
                text += f"{'is' if away == 1 else 'are'} on leave"
        lines.append(Line(text, amounts[site], "fair_share_shortfall"))
    return lines


def _extra_sites(problem: Problem, found: tuple[Penalty, ...]) -> list[Line]:
    by_sites = defaultdict(set)
    weeks = defaultdict(set)
    amounts = Counter()
    for p in found:
        sites = p.count + 1
        by_sites[sites].update(p.who)
        weeks[sites].add(_week_number(problem, p.when))
        amounts[sites] += p.amount
    return [
        Line(
            f"{plural(len(people), 'person works', 'people work')} at {sites} practices "
            f"in one week" + _weeks_said(problem, weeks[sites]).replace(" in ", ", in ", 1),
            amounts[sites],
            "extra_site",
        )
        for sites, people in by_sites.items()
    ]


def _people_rule(rule: str, found, sessions: str, people_said: str) -> list[Line]:
    count = sum(p.count for p in found)
    people = {who for p in found for who in p.who}
    text = sessions.format(n=count, s="" if count == 1 else "s")
    if people:
        text += f" ({plural(len(people), 'person', 'people')}{people_said})"
    return [Line(text, sum(p.amount for p in found), rule)]


SAID = {
    "away_from_home": ("{n} session{s} away from people's home practice", ""),
    "split_day": ("{n} day{s} split between two sites, morning and afternoon", ""),
    "irregular_week": ("{n} session{s} placed differently from the first week", ""),
    "team_apart": ("{n} time{s} a team member is not with their team in its weekly session", ""),
    "supervision_missed": ("{n} time{s} someone never works alongside their supervisor", ""),
    "change_from_published": ("{n} session{s} changed from the published rota", ""),
}


def _enhanced(problem: Problem, found) -> list[Line]:
    hours = sum(p.count for p in found)
    weeks = [_week_number(problem, p.when) for p in found]
    return [
        Line(
            f"Enhanced access {plural(hours, 'hour')} short of the minutes the contract requires"
            + _weeks_said(problem, weeks),
            sum(p.amount for p in found),
            "enhanced_access_shortfall",
        )
    ]


def _broken(violations: tuple[Violation, ...]) -> list[Line]:
    if not violations:
        return []
    count = len(violations)
    text = (
        f"{plural(count, 'rule that must hold is', 'rules that must hold are')} broken, so it "
        f"can't be published. First: {violations[0].message}"
    )
    return [Line(text, float("inf"), "hard")]


def lines(problem: Problem, report) -> list[Line]:
    """Every line, heaviest first."""
    found = list(_broken(report.violations))
    for rule, penalties in report.penalties.items():
        if not penalties:
            continue
        if rule == "fair_share_shortfall":
            found += _shortfall(problem, penalties)
        elif rule == "extra_site":
            found += _extra_sites(problem, penalties)
        elif rule == "enhanced_access_shortfall":
            found += _enhanced(problem, penalties)
        else:
            sessions, people_said = SAID.get(rule, ("{n} time{s}: " + rule, ""))
            found += _people_rule(rule, penalties, sessions, people_said)
    return sorted(found, key=lambda line: -line.weight)


def summary(problem: Problem, report, limit: int = MAX_LINES) -> list[str]:
    """At most `limit` plain lines, heaviest first; the last says how many more there are."""
    found = lines(problem, report)
    if not found:
        return ["Nothing to put right: every rule is met."]
    said = [line.text + ("" if line.text.endswith(".") else ".") for line in found]
    if len(said) > limit:
        rest = len(said) - (limit - 1)
        said = said[: limit - 1] + [f"And {plural(rest, 'smaller thing')}."]
    return said
