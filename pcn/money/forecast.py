"""ARRS spend to 31 March against the entitlement, month by month, and the recruitment what-if.

A month with salary lines counts what they reimburse. A month without is an estimate: each
person in post that month at their latest monthly cost (or, with no salary line yet, their
role's maximum × WTE), capped at the maximum in force that month, through the same
reimbursement rules as a claim line. Nobody is left out silently: a person whose maximum is
unknown or whose post is not claimable is listed with why (`Forecast.left_out`).
"""

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from pcn.core.years import first_day, last_day, month_end, months, next_year

from .exact import ZERO, pennies, pounds
from .reimbursement import WHOLE, monthly_cap


@dataclass(frozen=True)
class Person:
    """Plain inputs about one person, so the benchmark can forecast without the register."""

    key: object
    role_code: str
    wte: Decimal
    start: date | None
    end: date | None
    share: Decimal = WHOLE
    monthly_cost: Decimal | None = None  # full-month actual cost from their latest salary line
    band: str = ""
    pay_area: str = "national"
    not_claimable: str = ""  # why no month of theirs can be claimed (eligibility), if so


@dataclass
class MonthRow:
    month: date
    amount: Decimal
    actual: bool  # from salary lines (else an estimate)
    unknown: int = 0  # people whose role maximum is unknown


@dataclass(frozen=True)
class LeftOut:
    key: object
    role_code: str
    wte: Decimal
    why: str


@dataclass
class Forecast:
    year: str
    entitlement: Decimal | None
    months: list = field(default_factory=list)
    left_out: list = field(default_factory=list)  # [LeftOut], one per person
    estimated_maxima: set = field(default_factory=set)  # role codes costed at an estimate

    @property
    def left_out_wte(self):
        return sum((p.wte for p in self.left_out), Decimal(0))

    @property
    def total(self):
        return sum((m.amount for m in self.months), ZERO)

    @property
    def headroom(self):
        return None if self.entitlement is None else self.entitlement - self.total

    @property
    def unspent(self):
        return self.headroom if self.headroom is not None and self.headroom > 0 else None

    @property
    def overspent(self):
        return -self.headroom if self.headroom is not None and self.headroom < 0 else None

    @property
    def unknown_people(self):
        return len(self.left_out)

    @property
    def largest(self):
        values = [m.amount for m in self.months]
        if self.entitlement is not None:
            values.append(self.entitlement / 12)
        return max(values + [Decimal(1)])

    @property
    def monthly_entitlement(self):
        return None if self.entitlement is None else pennies(self.entitlement / 12)

    def warning(self):
        if self.unspent is None:
            return None
        sentence = (
            f"{pounds(self.unspent)} of this year's ARRS entitlement is forecast to go "
            f"unclaimed by {last_day(self.year).day} {last_day(self.year):%B %Y}."
        )
        if self.left_out:
            people = len(self.left_out)
            sentence += (
                f" {people} {'person' if people == 1 else 'people'} "
                f"({self.left_out_wte.normalize():f} WTE) "
                f"{'is' if people == 1 else 'are'} not in the forecast: "
                + "; ".join(sorted({p.why for p in self.left_out}))
                + "."
            )
        return sentence


def estimate_month(person, month, max_per_wte):
    """A person's reimbursable amount for a month with no salary line; None if unknown."""
    if max_per_wte is None:
        return None
    cap = monthly_cap(max_per_wte, person.wte, month, person.start, person.end)
    full_cap = Decimal(max_per_wte) * Decimal(person.wte) / 12
    if not cap or not full_cap:
        return ZERO
    # Their latest full month's cost, pro-rated by days in post the same way as the cap.
    cost = cap if person.monthly_cost is None else person.monthly_cost * cap / full_cap
    return pennies(min(cost, cap) * person.share)


def project(year, entitlement, people, maximum_on, actual_by_month):
    """`maximum_on(person, month)`: the maxima.Maximum in force for them that month;
    `actual_by_month`: {month: reimbursable total} for months with salary lines."""
    forecast = Forecast(year=year, entitlement=entitlement)
    alike = Counter(replace(p, key=None) for p in people)
    left_out = {}
    for month in months(year):
        amount, unknown = ZERO, 0
        # People alike in every input cost the same: work each out once (a PCN often has
        # several full-time people in one role).
        for person, count in alike.items():
            if person.start and person.start > month_end(month):
                continue
            if person.end and person.end < month:
                continue
            if person.not_claimable:
                left_out.setdefault(person, person.not_claimable)
                continue
            maximum = maximum_on(person, month)
            if maximum.estimated or maximum.carried_forward:
                forecast.estimated_maxima.add(person.role_code)
            value = estimate_month(person, month, maximum.value)
            if value is None:
                unknown += count
                left_out.setdefault(person, f"no known maximum ({maximum.note})")
            else:
                amount += value * count
        if month in actual_by_month:
            forecast.months.append(MonthRow(month, actual_by_month[month], True))
        else:
            forecast.months.append(MonthRow(month, amount, False, unknown))
    forecast.left_out = [
        LeftOut(p.key, p.role_code, p.wte, why)
        for p in people
        for why in [left_out.get(replace(p, key=None))]
        if why
    ]
    return forecast


@dataclass
class WhatIf:
    role_name: str
    wte: Decimal
    start: date
    max_per_wte: Decimal | None
    cost_this_year: Decimal | None
    headroom_before: Decimal | None
    headroom_after: Decimal | None
    full_year_cost: Decimal | None
    next_year: str
    next_entitlement: Decimal | None
    next_entitlement_assumed: bool  # next year's rate unknown: this year's entitlement used
    next_committed: Decimal | None  # a full year of everyone in post on 1 April, with the new role
    covered_next_year: bool | None


def what_if(
    *,
    forecast,
    people,
    maximum_on,
    role_code,
    role_name,
    wte,
    start,
    share,
    pay_area,
    band="",
    next_entitlement,
):
    """A new post of `role_code` at `wte` from `start`: its cost this year, the headroom left,
    and whether next year's entitlement covers a full year of it with everyone else."""
    year = forecast.year
    newcomer = Person("new", role_code, wte, start, None, share, band=band, pay_area=pay_area)
    max_this = maximum_on(newcomer, max(start.replace(day=1), first_day(year))).value
    cost = None
    if max_this is not None:
        cost = sum(
            (
                estimate_month(newcomer, m, maximum_on(newcomer, m).value) or ZERO
                for m in months(year)
                if m >= start.replace(day=1)
            ),
            ZERO,
        )
    after = None
    if cost is not None and forecast.headroom is not None:
        after = forecast.headroom - cost
    following = next_year(year)
    april = first_day(following)
    assumed = next_entitlement is None
    entitlement_next = forecast.entitlement if assumed else next_entitlement
    max_next = maximum_on(newcomer, april).value
    full_year = None if max_next is None else pennies(Decimal(max_next) * wte * share)
    committed = None
    if full_year is not None:
        committed = full_year + committed_next_year(people, maximum_on, april)
    covered = None
    if committed is not None and entitlement_next is not None:
        covered = committed <= entitlement_next
    return WhatIf(
        role_name=role_name,
        wte=wte,
        start=start,
        max_per_wte=max_this,
        cost_this_year=cost,
        headroom_before=forecast.headroom,
        headroom_after=after,
        full_year_cost=full_year,
        next_year=following,
        next_entitlement=entitlement_next,
        next_entitlement_assumed=assumed,
        next_committed=committed,
        covered_next_year=covered,
    )


def committed_next_year(people, maximum_on, april):
    """A full year from `april` of everyone in post then: each at their latest monthly cost × 12
    (or their maximum × WTE with no pay line yet), capped at the maximum in force on 1 April.
    People whose maximum is unknown or who are not claimable add nothing (the forecast lists
    them in `left_out`)."""
    committed = ZERO
    for person in people:
        if (person.end and person.end < april) or person.not_claimable:
            continue
        yearly = maximum_on(person, april).value
        if yearly is None:
            continue
        cap = Decimal(yearly) * person.wte
        cost_year = person.monthly_cost * 12 if person.monthly_cost is not None else cap
        committed += pennies(min(cost_year, cap) * person.share)
    return committed
