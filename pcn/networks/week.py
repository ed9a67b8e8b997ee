"""A week's sessions as the pages show and store them: Monday to Saturday, each a morning, an
afternoon and (Monday to Friday) an evening.

Weekday mornings and afternoons are core hours; weekday evenings (18:30–20:00) and Saturday's
morning (09:00–13:00) and afternoon (13:00–17:00) are the enhanced access hours (FACTS §1.4). A
weekly session is stored as (weekday, session): (1, "EVE") is Tuesday evening, (5, "SAT_AM")
Saturday morning, the same codes as the rota engine's.
"""

from dataclasses import dataclass
from datetime import time

from .models import DAYS, AnySession

SATURDAY = 5
ENHANCED = frozenset({AnySession.EVE, AnySession.SAT_AM, AnySession.SAT_PM})
ROWS = (
    ("morning", "Morning"),
    ("afternoon", "Afternoon"),
    ("evening", "Evening (18:30–20:00)"),
)
_SESSIONS = {
    # row: (its session on a weekday, on a Saturday)
    "morning": (AnySession.AM, AnySession.SAT_AM),
    "afternoon": (AnySession.PM, AnySession.SAT_PM),
    "evening": (AnySession.EVE, None),
}
_WORDS = {"AM": "morning", "PM": "afternoon", "EVE": "evening", "SAT_AM": "morning",
          "SAT_PM": "afternoon"}  # fmt: skip
# The enhanced access hours (FACTS §1.4), for sentences and calendars alike.
ENHANCED_HOURS = {
    "EVE": (time(18, 30), time(20, 0)),
    "SAT_AM": (time(9, 0), time(13, 0)),
    "SAT_PM": (time(13, 0), time(17, 0)),
}
TIMES = {session: f"{start:%H:%M}–{end:%H:%M}" for session, (start, end) in ENHANCED_HOURS.items()}


def session_at(weekday: int, row: str) -> str | None:
    """The session in that row of the week's table on that day; None where there is none
    (Saturday evening)."""
    return _SESSIONS[row][weekday == SATURDAY]


# Every weekly session, Monday morning to Saturday afternoon.
WEEK_SLOTS = [
    (day, session)
    for day in range(len(DAYS))
    for row, _ in ROWS
    if (session := session_at(day, row)) is not None
]


def session_name(session: str) -> str:
    """'Morning', 'Evening (18:30–20:00)', 'Saturday morning (09:00–13:00)': a session on its
    own, as a rota line says it."""
    if session in ("AM", "PM"):
        return _WORDS[session].capitalize()
    if session == "EVE":
        return f"Evening ({TIMES[session]})"
    return f"{_WORDS[session].capitalize()} ({TIMES[session]})"


def slot_name(weekday: int, session: str) -> str:
    """'Monday morning', 'Tuesday evening', 'Saturday afternoon'."""
    return f"{DAYS[weekday]} {_WORDS[session]}"


def is_enhanced(session: str) -> bool:
    return session in ENHANCED


@dataclass(frozen=True)
class Cell:
    weekday: int
    day: str
    session: str | None  # None: the day has no such session


def grid() -> list[tuple[str, list[Cell]]]:
    """The week as rows of sessions (morning, afternoon, evening) by columns of days."""
    return [
        (name, [Cell(day, day_name, session_at(day, row)) for day, day_name in enumerate(DAYS)])
        for row, name in ROWS
    ]


def by_day() -> list[tuple[int, str, list[Cell]]]:
    """The week as rows of days by columns of sessions (morning, afternoon, evening)."""
    return [
        (day, day_name, [Cell(day, day_name, session_at(day, row)) for row, _ in ROWS])
        for day, day_name in enumerate(DAYS)
    ]
