"""Who stays and who leaves: twelve-month turnover and length of service, by role and by the
kind of home base, so the PCN can see whether belonging changes retention.

Turnover = leavers in the last 12 months ÷ average headcount × 100, where the average headcount
is the mean of the headcount 12 months ago and today (the NHS's usual simple form). Length of
service is in years: to today for people in post, to their last day for leavers.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from statistics import median

from django.utils import timezone

from .models import LeaverReason

SMALL_GROUP = 5  # fewer people than this on average: one leaver moves the rate a lot
HOME_KINDS = {
    "practice": "A member practice",
    "network": "The network team",
    "none": "No home base",
}


@dataclass
class Row:
    name: str
    headcount_then: int
    headcount_now: int
    leavers: int
    service_in_post: float | None  # median years
    service_of_leavers: float | None

    @property
    def average_headcount(self):
        return (self.headcount_then + self.headcount_now) / 2

    @property
    def turnover(self):
        if not self.average_headcount:
            return None
        return round(100 * self.leavers / self.average_headcount, 1)

    @property
    def is_small(self):
        return self.average_headcount < SMALL_GROUP


def _home_kind(person):
    if person["home_practice_id"]:
        return "practice"
    return "network" if person["home_is_network_team"] else "none"


def _years(days):
    return round(days / 365.25, 1)


def retention(network, role_names, today=None):
    """One query for the whole register."""
    today = today or timezone.localdate()
    then = today - timedelta(days=365)
    people = list(
        network.staff.filter(is_draft=False).values(
            "role_code",
            "start_date",
            "end_date",
            "home_practice_id",
            "home_is_network_team",
            "leaver_reason",
        )
    )

    def in_post(person, day):
        started = person["start_date"] is None or person["start_date"] <= day
        return started and (person["end_date"] is None or person["end_date"] >= day)

    def left(person):
        return person["end_date"] is not None and then < person["end_date"] < today

    def row(name, group):
        now = [p for p in group if in_post(p, today)]
        leavers = [p for p in group if left(p)]
        service_now = [(today - p["start_date"]).days for p in now if p["start_date"]]
        service_left = [(p["end_date"] - p["start_date"]).days for p in leavers if p["start_date"]]
        return Row(
            name,
            headcount_then=sum(1 for p in group if in_post(p, then)),
            headcount_now=len(now),
            leavers=len(leavers),
            service_in_post=_years(median(service_now)) if service_now else None,
            service_of_leavers=_years(median(service_left)) if service_left else None,
        )

    by_role, by_home = {}, {}
    for person in people:
        by_role.setdefault(person["role_code"], []).append(person)
        by_home.setdefault(_home_kind(person), []).append(person)
    roles = sorted(
        (
            row(role_names.get(code) or "Roles outside the catalogue", group)
            for code, group in by_role.items()
        ),
        key=lambda r: r.name,
    )
    homes = [row(label, by_home.get(kind, [])) for kind, label in HOME_KINDS.items()]
    labels = dict(LeaverReason.choices)
    reasons = Counter(labels.get(p["leaver_reason"], "Not recorded") for p in people if left(p))
    return {
        "network": row("Whole network", people),
        "by_role": roles,
        "by_home": homes,
        "reasons": reasons.most_common(),
        "then": then,
        "today": today,
    }
