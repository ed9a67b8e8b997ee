"""What every role's home is made of: lists of things to do, each bounded to its first few items
with a count of the rest and a link to the full list."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

LIMIT = 5  # items shown in each list; the rest are counted and linked


@dataclass
class Item:
    text: str
    href: str
    detail: str = ""
    overdue: bool = False


@dataclass
class ToDo:
    key: str  # names the list for tests and styles
    title: str
    items: list = field(default_factory=list)
    total: int = 0
    more_href: str = ""
    more_text: str = "See them all"

    @property
    def more(self):
        return self.total - len(self.items)


def first(queryset, limit=LIMIT):
    """(the first `limit` rows, how many there are): always two queries, so a home asks the
    database the same number of times however many rows there are."""
    return list(queryset[:limit]), queryset.count()


def day(value):
    """Mon 7 Dec."""
    return f"{value:%a} {value.day} {value:%b}"


def days_between(start, end):
    return day(start) if start == end else f"{day(start)} to {day(end)}"


def today():
    return timezone.localdate()


def this_week(on):
    """The Monday of the week a home talks about: this week, or the next at the weekend (as
    My work's rota does)."""
    monday = on - timedelta(days=on.weekday())
    if on.weekday() >= 5:
        monday += timedelta(days=7)
    return monday
