"""Where someone works in a week: one answer for every page that says it (decision 23).

A person's week has two records: their usual week (WorkingSession, the register's) and the
published rota (the rota app's assignments, one a dated session). Pages that disagreed left
nobody sure which counted, so every page asks here. The published rota counts when there is
one for that week with the person in it; otherwise their usual week does, without its sessions
on a bank holiday (FACTS §1.4: nobody works a practice session then). Each answer says which
it is.

The rota app stands on a floor above the register's, so the register does not import it: the
rota registers how to read its published sessions (`reads_published_with`, from its app's
`ready`). Without it every week is the usual week.

A fixed number of queries for any number of people: the network's practices, the usual weeks,
the published plans over the week and their sessions.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from pcn.core.bank_holidays import bank_holidays
from pcn.networks.models import DAYS

from .models import WorkingSession

HUB = "Hub or remote"
FEW = 100

# published(network, staff ids or None for everyone, monday, last_day) -> (plans cover the week: bool,
#   [(staff_id, day, session, practice_id or None)]), the newest published plan winning.
_published = None


def reads_published_with(reader):
    """The rota app names its reader of published sessions here (see the module's note)."""
    global _published
    _published = reader


def short_day(day: date) -> str:
    """'Mon 7 Dec'."""
    return f"{day:%a} {day.day} {day:%b}"


def this_week(today=None) -> date:
    """The Monday of the week a page means by "this week": the next one at the weekend."""
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(days=7) if today.weekday() >= 5 else monday


@dataclass
class Week:
    """Where one person is in each session of the week starting `monday`."""

    monday: date
    from_rota: bool
    label: str
    # {(weekday, session): Practice, or None at the hub or remote}: the sessions they work.
    places: dict = field(default_factory=dict)
    holidays: dict = field(default_factory=dict)  # {weekday: the bank holiday's name}
    recorded: bool = True  # False: no published sessions this week and no usual week recorded

    @property
    def sites(self) -> int:
        """How many places they work at this week (the hub or remote counts as one)."""
        return len({p.pk if p else None for p in self.places.values()})

    @property
    def place_names(self) -> list[str]:
        """The practices' names in order, then the hub or remote if they work there."""
        places = set(self.places.values())
        names = sorted(p.name for p in places if p is not None)
        return names + [HUB] if None in places else names

    def day(self, weekday: int) -> date:
        return self.monday + timedelta(days=weekday)

    def slots(self):
        """[(weekday, session, practice or None)], as the belonging checks read a week."""
        return [(d, s, p.pk if p else None) for (d, s), p in sorted(self.places.items())]


def week_of(network, people, monday=None) -> dict:
    """{person pk: Week} for each of `people` (records or pks) in the week from `monday`
    (this week unless given)."""
    monday = monday or this_week()
    last = monday + timedelta(days=len(DAYS) - 1)
    ids = [getattr(p, "pk", p) for p in people]
    # A few people are found by their ids; many (a whole register) through the network, so the
    # query does not carry hundreds of ids.
    few = len(ids) <= FEW
    practices = {p.pk: p for p in network.practices.all()}
    holidays = {day.weekday(): name for day, name in bank_holidays(monday, last).items()}

    covered, rota = False, defaultdict(dict)
    if _published is not None and ids:
        covered, sessions = _published(network, ids if few else None, monday, last)
        for staff_id, day, session, practice_id in sessions:
            rota[staff_id][(day.weekday(), session)] = practices.get(practice_id)

    usual, recorded = defaultdict(dict), set()
    rows = WorkingSession.objects.filter(
        **({"staff_id__in": ids} if few else {"staff__network": network})
    )
    for staff_id, weekday, session, practice_id in rows.values_list(
        "staff_id", "weekday", "session", "practice_id"
    ):
        recorded.add(staff_id)
        if weekday not in holidays:
            usual[staff_id][(weekday, session)] = practices.get(practice_id)

    w_c = short_day(monday)
    weeks = {}
    for pk in ids:
        if rota.get(pk):
            weeks[pk] = Week(monday, True, f"From the published rota for w/c {w_c}", rota[pk])
        else:
            label = (
                f"Usual week — not in the published rota for w/c {w_c}"
                if covered
                else "Usual week — no published rota for this week"
            )
            weeks[pk] = Week(monday, False, label, usual[pk], recorded=pk in recorded)
        weeks[pk].holidays = holidays
    return weeks


def week_of_one(person, monday=None) -> Week:
    return week_of(person.network, [person], monday)[person.pk]


def at_practice(network, practice, people, monday=None):
    """(weeks, {(weekday, session): [people there]}) of `people` at one practice."""
    weeks = week_of(network, people, monday)
    by_id = {p.pk: p for p in people}
    there = defaultdict(list)
    for pk, week in weeks.items():
        for slot, place in week.places.items():
            if place is not None and place.pk == practice.pk:
                there[slot].append(by_id[pk])
    for names in there.values():
        names.sort(key=lambda p: (p.full_name, p.pk))
    return weeks, dict(there)
