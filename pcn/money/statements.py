"""A practice's statement for a quarter or a year, and the ledger of every practice.

The statement puts side by side what the network brought the practice (its shares of income,
including the ARRS reimbursements for the people it employs), the pay of the people it
employs, the first calls the network took before sharing, the PCN staff time it received and
the services it opted into, and the net. Staff costs are the employer's, as the reimbursements
are (routing.py): nothing of one practice's pay bill is shared to another by population. Staff time comes from published rotas; with no published rota in the
period, from the agreed allocation (planned sessions a week × weeks), labelled as such.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from pcn.allocation.models import Participation
from pcn.allocation.queries import agreed_scenario, practice_totals
from pcn.core.years import first_day, month_end, period_months, population_date
from pcn.networks.populations import network_populations, uk_day
from pcn.rota.models import Assignment
from pcn.workforce.sessions import expected_sessions

from .claims import RoleTerms
from .exact import ZERO, pennies
from .models import IncomeReceipt, IncomeShare, SalaryLine
from .rates import rates_for, show_rate
from .routing import employer_of, from_json
from .streams import STREAMS, income_name

WEEKS_A_YEAR = 52  # a WTE's sessions a week (9 for a GP, 10 otherwise) × a year of weeks
WEIGHTED_KIND = {
    "official": "official figure entered by the PCN manager",
    "nhs": "NHS published figure",
    "estimate": "estimate",
}


@dataclass
class Statement:
    practice: object
    year: str
    quarter: str | None
    start: date
    end: date
    income: list = field(default_factory=list)  # [(stream name, amount)]
    income_total: Decimal = ZERO
    employed_costs: Decimal = ZERO  # pay of the people this practice employs, in the period
    employed_people: int = 0
    first_calls: list = field(default_factory=list)  # [(name, amount)], network-wide
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
        return self.income_total - self.employed_costs


def _cost_per_session(network, terms, year):
    """{staff pk: cost of one session}: their latest monthly cost, else role maximum × WTE."""
    latest = {}
    for line in SalaryLine.objects.filter(network=network).order_by("month"):
        latest[line.staff_id] = line.actual_cost
    costs = {}
    for person in network.staff.all():
        monthly = latest.get(person.pk)
        if monthly is None:
            maximum = terms.maximum(person, first_day(year)).value if person.role_code else None
            monthly = None if maximum is None else maximum * person.wte / 12
        if monthly is not None and person.wte:
            costs[person.pk] = monthly * 12 / (expected_sessions(person) * WEEKS_A_YEAR)
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

    _employed_costs(result, network, practice, months)
    kept = defaultdict(lambda: ZERO)
    for receipt in IncomeReceipt.objects.filter(network=network, month__in=months):
        for name, amount in from_json(receipt.first_calls).items():
            kept[name] += amount
    result.first_calls = sorted(kept.items())

    _participation(result, network, practice, year, len(months))
    _staff_time(result, network, practice, year, start, end)
    result.services = list(
        Participation.objects.filter(practice=practice, opted_in=True)
        .select_related("service")
        .values_list("service__name", flat=True)
    )
    return result


def _employed_costs(result, network, practice, months):
    """The pay (or invoices) of the people this practice employs: theirs to meet, as the
    reimbursements for them are theirs to receive."""
    practices = list(network.practices.all())
    people = set()
    for line in SalaryLine.objects.filter(network=network, month__in=months).select_related(
        "staff"
    ):
        try:
            employer = employer_of(line.staff, practices)
        except ValueError:
            continue
        if employer == practice:
            result.employed_costs += line.actual_cost
            people.add(line.staff_id)
    result.employed_people = len(people)


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
        + f"; the {WEIGHTED_KIND[figure.kind]} "
        + (row.notes["weighted"] or f"at {uk_day(figure.as_at)}")
    )


def _staff_time(result, network, practice, year, start, end):
    terms = RoleTerms(network)
    per_session = _cost_per_session(network, terms, year)
    assignments = list(
        Assignment.objects.in_force()
        .filter(
            plan__network=network,
            practice=practice,
            day__gte=start,
            day__lte=end,
        )
        .values_list("staff_id", "day", "session", "service")
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
    """Every pound received this year and where it went: a row per practice, then the money
    that went to no practice (passed to employers that are not practices, first calls), so
    each column adds up to what was received."""
    months = period_months(year, None)
    practices = list(network.practices.all())
    table = {p.pk: defaultdict(lambda: ZERO) for p in practices}
    elsewhere = defaultdict(lambda: defaultdict(lambda: ZERO))  # {name: {stream: amount}}
    streams = set()
    for share in IncomeShare.objects.filter(
        receipt__network=network, receipt__month__in=months
    ).select_related("receipt"):
        table[share.practice_id][share.receipt.stream] += share.amount
        streams.add(share.receipt.stream)
    for receipt in IncomeReceipt.objects.filter(network=network, month__in=months):
        streams.add(receipt.stream)
        for name, amount in from_json(receipt.passed_on).items():
            elsewhere[name][receipt.stream] += amount
        for name, amount in from_json(receipt.first_calls).items():
            elsewhere[f"First call: {name}"][receipt.stream] += amount
    columns = [s for s in STREAMS if s.key in streams]
    rows = [
        (p, [table[p.pk][s.key] for s in columns], sum(table[p.pk].values(), ZERO))
        for p in practices
    ]
    others = [
        (name, [amounts[s.key] for s in columns], sum(amounts.values(), ZERO))
        for name, amounts in sorted(elsewhere.items())
    ]
    totals = [sum((r[1][i] for r in rows + others), ZERO) for i in range(len(columns))]
    return columns, rows, others, totals


def csv_rows(result):
    yield ["Practice", result.practice.name, result.practice.ods_code]
    yield ["Period", result.period, f"{result.start:%Y-%m-%d} to {result.end:%Y-%m-%d}"]
    yield []
    yield ["Section", "Item", "Amount or count", "Note"]
    for name, amount in result.income:
        yield ["Income", name, amount, ""]
    yield ["Income", "Total income", result.income_total, ""]
    yield [
        "Costs",
        "Pay of the people the practice employs",
        result.employed_costs,
        f"{result.employed_people} people; their ARRS reimbursements are in the income above",
    ]
    yield ["Net", "Income less the pay of its employees", result.net, ""]
    for name, amount in result.first_calls:
        yield ["Kept by the network before sharing", name, amount, "first call"]
    yield ["Staff time", "Sessions received", result.sessions, result.sessions_source]
    for service, count in result.sessions_by_service:
        yield ["Staff time", service, count, "sessions"]
    yield [
        "Staff time",
        "Cost of the sessions",
        "" if result.sessions_cost is None else result.sessions_cost,
        "",
    ]
    yield [
        "Paid to the practice directly",
        "Network participation payment",
        "" if result.participation is None else result.participation,
        result.participation_working,
    ]
    for service in result.services:
        yield ["Services opted into", service, "", ""]
