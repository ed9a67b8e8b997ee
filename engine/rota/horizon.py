"""The calendar of a rota: which week a day falls in, the weekly slots, and the words for them.

Two ways of naming a time. Labels ("Tuesday 1 December PM") are for sentences a manager reads;
ISO 8601 stamps ("2026-12-01 PM", "2026-W49", "2026-11-30/2026-12-27") are for the `when` of a
finding, so the app can sort, group and link them without parsing English.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from .problem import DAY_SESSIONS, HUB, SATURDAY, WEEKDAYS, Person, Problem, Slot, session_fits

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def week_of(problem: Problem, day: date) -> int:
    """0 for the first week of the horizon."""
    return (day - problem.start).days // 7


def week_start(problem: Problem, week: int) -> date:
    return problem.start + timedelta(weeks=week)


def in_horizon(problem: Problem, day: date) -> bool:
    """A weekday or a Saturday (enhanced access) within the horizon's weeks."""
    return 0 <= (day - problem.start).days < 7 * problem.weeks and day.weekday() <= SATURDAY


def fits(slot: Slot) -> bool:
    """The session is one its day has: AM, PM or EVE on a weekday, SAT_AM or SAT_PM on a
    Saturday."""
    return session_fits(slot.day.weekday(), slot.session)


def slot_in_week(problem: Problem, week: int, weekday: int, session: str) -> Slot:
    return Slot(week_start(problem, week) + timedelta(days=weekday), session)


def week_slots(problem: Problem, week: int) -> list[Slot]:
    return [
        slot_in_week(problem, week, weekday, session)
        for weekday in range(WEEKDAYS)
        for session in DAY_SESSIONS
    ]


def working_slots(person: Person) -> list[Slot]:
    """The person's available sessions, each once, in time order."""
    return sorted(set(person.available))


# --- for sentences ---------------------------------------------------------------------------


def day_label(day: date) -> str:
    return f"{DAY_NAMES[day.weekday()]} {day.day} {day:%B}"


# How a session is said after its day: "Tuesday 8 December AM", "Tuesday 8 December evening",
# "Saturday 12 December morning".
SESSION_WORDS = {"EVE": "evening", "SAT_AM": "morning", "SAT_PM": "afternoon"}


def slot_label(slot: Slot) -> str:
    return f"{day_label(slot.day)} {SESSION_WORDS.get(slot.session, slot.session)}"


def week_label(problem: Problem, week: int) -> str:
    start = week_start(problem, week)
    return f"the week commencing {start.day} {start:%B %Y}"


def weekly_label(weekday: int, session: str) -> str:
    return f"{DAY_NAMES[weekday]} {SESSION_WORDS.get(session, session)}"


def holidays_said(problem: Problem, week: int) -> str:
    """'Friday 25 December is a bank holiday', 'Monday 28 December and Friday 1 January are
    bank holidays'; '' in a week without one."""
    return holidays_phrase(problem.holidays_in_week(week))


def holidays_phrase(days: Iterable[date]) -> str:
    """The same for any bank holidays: 'Friday 25 December is a bank holiday'; '' for none."""
    days = sorted(days)
    if not days:
        return ""
    said = names(day_label(day) for day in days)
    return f"{said} is a bank holiday" if len(days) == 1 else f"{said} are bank holidays"


def target_phrase(problem: Problem, week: int, per_week: int) -> str:
    """A target of `per_week` sessions a week, as it stands in `week`: '5 a week', or '4 that
    week (not 5: Friday 25 December is a bank holiday)'."""
    scaled = problem.target_in_week(per_week, week)
    if not problem.holidays_in_week(week):
        return f"{per_week} a week"
    return f"{scaled} that week (not {per_week}: {holidays_said(problem, week)})"


def site_name(problem: Problem, site: str) -> str:
    for candidate in problem.sites:
        if candidate.id == site:
            return candidate.name
    return "the network hub" if site == HUB else site


def person_name(problem: Problem, person: str) -> str:
    for candidate in problem.people:
        if candidate.id == person:
            return candidate.name
    return person


def names(items: Iterable[str]) -> str:
    """'Ann', 'Ann and Bo', 'Ann, Bo and Cy'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {nouns or noun + 's'}"


# --- for `when` ------------------------------------------------------------------------------


def slot_stamp(slot: Slot) -> str:
    return f"{slot.day.isoformat()} {slot.session}"


def week_stamp(problem: Problem, week: int) -> str:
    year, number, _ = week_start(problem, week).isocalendar()
    return f"{year}-W{number:02d}"


def period_stamp(first: date, last: date) -> str:
    return f"{first.isoformat()}/{last.isoformat()}"
