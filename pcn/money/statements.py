"""A practice's statement for a quarter or a year, and the ledger of every practice.

The statement puts side by side what the network brought the practice (its shares of income),
its share of the network's staff costs, the PCN staff time it received and the services it
opted into, and the net. Staff time comes from published rotas; with no published rota in the
period, from the agreed allocation (planned sessions a week × weeks), labelled as such.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from pcn.allocation.models import Participation
from pcn.allocation.queries import agreed_scenario, practice_totals
from pcn.networks.populations import network_populations, uk_day
from pcn.rota.models import Assignment, RotaPlan

from .claims import RoleTerms
from .distribution import rule_for, split, weights_for
from .exact import ZERO, pennies
from .models import IncomeShare, SalaryLine
from .rates import rates_for, show_rate
from .streams import STREAMS, income_name
from .years import month_end, period_months, population_date

SESSIONS_PER_WTE_YEAR = Decimal(10 * 52)  # ten sessions a week, a year of weeks


@dataclass
class Statement:
    practice: object
    year: str
    quarter: str | None
    start: date
    end: date
    income: list = field(default_factory=list)  # [(stream name, amount)]
    income_total: Decimal = ZERO
    network_costs: Decimal = ZERO
    cost_share: Decimal | None = None
    cost_basis: str = ""
    sessions: int | float = 0
    sessions_by_service: list = field(default_factory=list)  # [(service, sessions)]
    sessions_source: str = ""
    sessions_cost: Decimal | None = None
    services: list = field(default_factory=list)
    problem: str = ""
    participation: Decimal | None = None  # paid to the practice directly, for the period
    participation_working: str = ""

    @property
    def period(self):
        return f"{self.quarter} {self.year}" if self.quarter else self.year

    @property
    def net(self):
        return self.income_total - (self.cost_share or ZERO)


def _cost_per_session(network, terms, year):
    """{staff pk: cost of one session}: their latest monthly cost, else role maximum × WTE."""
    latest = {}
    for line in SalaryLine.objects.filter(network=network).order_by("month"):
        latest[line.staff_id] = line.actual_cost
    costs = {}
    for person in network.staff.all():
        monthly = latest.get(person.pk)
        if monthly is None:
            maximum = terms.max_per_wte(person.role_code, year) if person.role_code else None
            monthly = None if maximum is None else maximum * person.wte / 12
        if monthly is not None and person.wte:
            costs[person.pk] = monthly * 12 / (person.wte * SESSIONS_PER_WTE_YEAR)
    return costs


def statement(practice, year, quarter=None):
    network = practice.network
    months = period_months(year, quarter)
    start, end = months[0], month_end(months[-1])
    result = Statement(practice, year, quarter, start, end)

    by_stream = defaultdict(lambda: ZERO)
    for share in IncomeShare.objects.filter(
        practice=practice, receipt__network=network, receipt__month__in=months
    ).select_related("receipt"):
        by_stream[share.receipt.stream] += share.amount
    result.income = [(income_name(s.key), by_stream[s.key]) for s in STREAMS if s.key in by_stream]
    result.income_total = sum(by_stream.values(), ZERO)

    result.network_costs = sum(
        (line.actual_cost for line in SalaryLine.objects.filter(network=network, month__in=months)),
        ZERO,
    )
    rule = rule_for(network, "arrs")
    try:
        weights, note = weights_for(
            network, rule.basis, rule.percentages, as_at=population_date(year)
        )
        if result.network_costs:
            result.cost_share = split(result.network_costs, weights)[practice]
        else:
            result.cost_share = ZERO
        result.cost_basis = f"shared by {note}, as ARRS income is"
    except ValueError as problem:
        result.problem = str(problem)

    _participation(result, network, practice, year, len(months))
    _staff_time(result, network, practice, year, start, end)
    result.services = list(
        Participation.objects.filter(practice=practice, opted_in=True)
        .select_related("service")
        .values_list("service__name", flat=True)
    )
    return result


def _participation(result, network, practice, year, month_count):
    """The network participation payment the practice earns by being in the network: paid to
    it directly, on its own weighted list at 1 January before the year, a twelfth a month."""
    rate = rates_for(network, year)["participation"]
    as_at = population_date(year)
    found = network_populations(network, as_at=as_at)
    row = next((r for r in found.rows if r.practice.pk == practice.pk), None)
    if row is None:  # not yet a member at the year's population date
        result.participation_working = next(why for p, why in found.left_out if p == practice)
        return
    figure = row.figures["weighted"]
    if not rate.known or figure is None:
        result.participation_working = "Unknown: " + (
            "no rate for this year"
            if not rate.known
            else f"no weighted population on or before {uk_day(as_at)}"
        )
        return
    result.participation = pennies(rate.value * figure.value * month_count / 12)
    result.participation_working = (
        f"{show_rate(rate.value)} × {figure.value:,} weighted patients"
        + (f" × {month_count}/12" if month_count != 12 else "")
        + f" ({figure.get_kind_display().lower()}, "
        + (row.notes["weighted"] or f"at {uk_day(figure.as_at)}")
        + ")"
    )


def _staff_time(result, network, practice, year, start, end):
    terms = RoleTerms(network)
    per_session = _cost_per_session(network, terms, year)
    assignments = list(
        Assignment.objects.filter(
            plan__network=network,
            plan__status=RotaPlan.Status.PUBLISHED,
            practice=practice,
            day__gte=start,
            day__lte=end,
        ).values_list("staff_id", "day", "session", "service")
    )
    if assignments:
        seen, by_service, cost = set(), defaultdict(int), Decimal(0)
        for staff_id, day, session, service in assignments:
            if (staff_id, day, session) in seen:
                continue  # the same session in two overlapping plans counts once
            seen.add((staff_id, day, session))
            by_service[service] += 1
            cost += per_session.get(staff_id, Decimal(0))
        result.sessions = len(seen)
        result.sessions_by_service = sorted(by_service.items())
        result.sessions_cost = pennies(cost)
        days = [day for _, day, _, _ in assignments]
        result.sessions_source = (
            f"sessions in published rotas, {min(days).day} {min(days):%B} to "
            f"{max(days).day} {max(days):%B %Y} (the rest of the period has no published rota)"
            if min(days) > start + timedelta(days=6) or max(days) < end - timedelta(days=6)
            else "sessions in published rotas"
        )
        return
    scenario = agreed_scenario(network)
    if scenario is None:
        result.sessions_source = "no published rota or agreed allocation for this period"
        return
    row = practice_totals(scenario.result).get(practice.ods_code)
    if not row:
        result.sessions_source = f"the agreed allocation “{scenario.name}” gives it none"
        return
    weeks = Decimal((end - start + timedelta(days=1)).days) / 7
    average = sum(per_session.values(), Decimal(0)) / len(per_session) if per_session else None
    planned = Decimal(row["allocated"]) * weeks
    result.sessions = float(round(planned, 1))
    result.sessions_by_service = [
        (service, float(round(Decimal(count) * weeks, 1)))
        for service, count in sorted(row["by_service"].items())
        if count
    ]
    result.sessions_cost = pennies(planned * average) if average is not None else None
    result.sessions_source = (
        f"planned: {row['allocated']} sessions a week in the agreed allocation "
        f"“{scenario.name}” × {weeks:.1f} weeks (no published rota for this period), at the "
        "network's average cost per session"
    )


def ledger(network, year):
    """{practice: {stream key: amount}} and totals, from the shares of this year's receipts."""
    months = period_months(year, None)
    practices = list(network.practices.all())
    table = {p.pk: defaultdict(lambda: ZERO) for p in practices}
    streams = set()
    for share in IncomeShare.objects.filter(
        receipt__network=network, receipt__month__in=months
    ).select_related("receipt"):
        table[share.practice_id][share.receipt.stream] += share.amount
        streams.add(share.receipt.stream)
    columns = [s for s in STREAMS if s.key in streams]
    rows = [
        (p, [table[p.pk][s.key] for s in columns], sum(table[p.pk].values(), ZERO))
        for p in practices
    ]
    totals = [sum((r[1][i] for r in rows), ZERO) for i in range(len(columns))]
    return columns, rows, totals


def csv_rows(result):
    yield ["Practice", result.practice.name, result.practice.ods_code]
    yield ["Period", result.period, f"{result.start:%Y-%m-%d} to {result.end:%Y-%m-%d}"]
    yield []
    yield ["Section", "Item", "Amount or count", "Note"]
    for name, amount in result.income:
        yield ["Income", name, str(amount), ""]
    yield ["Income", "Total income", str(result.income_total), ""]
    yield [
        "Costs",
        "Share of network staff costs",
        "" if result.cost_share is None else str(result.cost_share),
        result.cost_basis or result.problem,
    ]
    yield ["Net", "Income less share of costs", str(result.net), ""]
    yield ["Staff time", "Sessions received", str(result.sessions), result.sessions_source]
    for service, count in result.sessions_by_service:
        yield ["Staff time", service, str(count), "sessions"]
    yield [
        "Staff time",
        "Cost of the sessions",
        "" if result.sessions_cost is None else str(result.sessions_cost),
        "",
    ]
    yield [
        "Paid to the practice directly",
        "Network participation payment",
        "" if result.participation is None else str(result.participation),
        result.participation_working,
    ]
    for service in result.services:
        yield ["Services opted into", service, "", ""]
