"""Financial years (1 April – 31 March), written "2026/27", and their months: the contract's
calendar, for money and for the rota's enhanced access duty alike."""

import calendar
import re
from datetime import date

from django.utils import timezone

YEAR_PATTERN = re.compile(r"^(\d{4})/(\d{2})$")
# The years a rate may be entered for: the DES started in 2019/20; one year ahead at most.
FIRST_YEAR = 2019


def year_of(day: date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def this_year(today=None) -> str:
    return year_of(today or timezone.localdate())


def start_year(year: str) -> int:
    match = YEAR_PATTERN.match(year or "")
    if not match:
        raise ValueError(f"“{year}” is not a financial year: write it like 2026/27.")
    start = int(match.group(1))
    if (start + 1) % 100 != int(match.group(2)):
        raise ValueError(
            f"“{year}” is not a financial year: the second part must follow the first."
        )
    return start


def check_year(year: str, today=None) -> str:
    """The year if it is one rates can exist for, else ValueError naming it."""
    start = start_year(year)
    latest = start_year(this_year(today)) + 1
    if not FIRST_YEAR <= start <= latest:
        raise ValueError(
            f"{year} is not a year of the Network Contract DES we can hold rates for "
            f"(2019/20 to {latest}/{(latest + 1) % 100:02d})."
        )
    return year


def first_day(year: str) -> date:
    return date(start_year(year), 4, 1)


def last_day(year: str) -> date:
    return date(start_year(year) + 1, 3, 31)


def population_date(year: str) -> date:
    """The date a year's populations are taken at: 1 January before the year starts (2025/26
    uses the figures at 1 January 2025)."""
    return date(start_year(year), 1, 1)


def previous_year(year: str) -> str:
    start = start_year(year) - 1
    return f"{start}/{(start + 1) % 100:02d}"


def next_year(year: str) -> str:
    start = start_year(year) + 1
    return f"{start}/{(start + 1) % 100:02d}"


def months(year: str) -> list[date]:
    """The first day of each month, April to March."""
    start = start_year(year)
    return [date(start + (m < 4), m, 1) for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def days_in_month(month: date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


QUARTERS = {  # the financial year's quarters, by the months they hold
    "Q1": (4, 5, 6),
    "Q2": (7, 8, 9),
    "Q3": (10, 11, 12),
    "Q4": (1, 2, 3),
}


def period_months(year: str, quarter: str | None) -> list[date]:
    if not quarter:
        return months(year)
    wanted = QUARTERS[quarter]
    return [m for m in months(year) if m.month in wanted]


def label_month(month: date) -> str:
    return f"{month:%B %Y}"
