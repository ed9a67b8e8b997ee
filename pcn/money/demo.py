"""The demo network's money: this year's rates carried forward by the PCN manager, a year of
salary lines, monthly claims in each status and the income received, so the forecast and the
statements show real-looking figures. Deterministic for a PCN code."""

import random
from datetime import date, timedelta
from decimal import Decimal

from pcn.core.years import days_in_month, months, this_year
from pcn.workforce.models import Funding

from . import actions
from .arrears import owed
from .claims import RoleTerms
from .entitlements import for_network
from .exact import pennies
from .models import Claim, DistributionBasis, SalaryLine
from .reimbursement import days_in_post
from .streams import PUBLISHED

CARRIED = "2025/26 {what} carried forward by the PCN manager until the {year} figure is confirmed"


def build(network, *, manager, today):
    rng = random.Random(f"money-{network.pcn_code}")
    year = this_year(today)
    last_year = f"{int(year[:4]) - 1}/{year[2:4]}"
    actions.update_profile(
        network=network,
        version=1,
        by=manager,
        care_home_beds=40 * network.practices.count(),
        care_home_beds_source="Beds in the network's aligned care homes, from the CQC register",
        mental_health_agreement=True,
    )
    _carry_forward_rates(network, manager, year, last_year)
    _first_calls(network, manager, year)
    terms = RoleTerms(network)
    _salary_lines(network, manager, terms, today, rng)
    _claims(network, manager, today)
    _raised_maximum(network, manager, today)
    _income(network, manager, today, year)


def _first_calls(network, manager, year):
    """The Network Agreement's first calls on core funding: the clinical director's sessions
    (about a day a week) and part of the PCN manager's pay (the demo's own figures, as a network
    would agree them)."""
    for name, amount in (("Clinical director", "36000"), ("PCN manager", "42000")):
        actions.add_first_call(
            network=network,
            year=year,
            stream="core_registered",
            name=name,
            annual_amount=amount,
            agreed_in="Network Agreement, schedule 2 (demo)",
            by=manager,
        )


def _raised_maximum(network, manager, today):
    """The ICB raises the clinical pharmacist maximum, backdated to 1 April, after the year's
    first claims went in: arrears owed on them, added to the draft claim. The figure is the
    2025/26 maximum with the 2026/27 Agenda for Change award of 3.3% [S28], as a demo ICB would
    send it."""
    year_start = date(int(this_year(today)[:4]), 4, 1)
    actions.set_network_maximum(
        network=network,
        role_code="clinical-pharmacist",
        band="",
        pay_area=network.money.pay_area,
        valid_from=year_start,
        value="69182.08",
        source="ICB notice (demo): the 2025/26 £66,972 raised by the 3.3% pay award [S28], "
        "backdated to 1 April",
        by=manager,
    )
    draft = network.claims.filter(status=Claim.Status.DRAFT).first()
    if draft is not None and owed(network, before=draft.month):
        actions.add_arrears(claim=draft, by=manager)


def _carry_forward_rates(network, manager, year, last_year):
    published = PUBLISHED.get(last_year, {})
    for stream in (
        "arrs",
        "core_registered",
        "core_adjusted",
        "enhanced_access",
        "care_home",
        "participation",
    ):
        figure = published.get(stream)
        if (
            figure is None
            or figure.value is None
            or PUBLISHED.get(year, {}).get(stream, figure).value
        ):
            continue
        actions.set_rate(
            network=network,
            year=year,
            stream=stream,
            value=figure.value,
            source=CARRIED.format(what="rate", year=year) + f" ({figure.source})",
            by=manager,
        )


def _salary_lines(network, manager, terms, today, rng):
    """Twelve months to last month for everyone in an ARRS role with a known maximum: cost
    between 85% and 103% of the maximum (some people cost more than is reimbursed)."""
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    wanted = []
    month = first
    for _ in range(12):
        wanted.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    lines = []
    first_pharmacist = network.staff.filter(role_code="clinical-pharmacist").order_by("pk").first()
    for person in network.staff.filter(funding=Funding.ARRS).exclude(role_code=""):
        level = Decimal(rng.randint(85, 103)) / 100
        if person == first_pharmacist:
            level = Decimal("1.03")  # paid above the maximum: a raised maximum brings arrears
        for month in wanted:
            maximum = terms.maximum(person, month).value
            days = days_in_post(month, person.start_date, person.end_date)
            if maximum is None or days == 0:
                continue
            cost = maximum * person.wte / 12 * level * days / days_in_month(month)
            if person.invoiced:
                # The provider's monthly invoice: its charge, plus VAT at 20%.
                net = pennies(cost / Decimal("1.2"))
                lines.append(
                    SalaryLine(
                        network=network,
                        staff=person,
                        month=month,
                        salary=net,
                        employer_ni=0,
                        employer_pension=0,
                        vat=pennies(cost) - net,
                        invoice_reference=f"FED-{month:%Y%m}-{person.pk}",
                        entered_by=manager,
                    )
                )
                continue
            salary = pennies(cost / Decimal("1.345"))
            pension = pennies(salary * Decimal("0.2068"))
            lines.append(
                SalaryLine(
                    network=network,
                    staff=person,
                    month=month,
                    salary=salary,
                    employer_ni=pennies(cost) - salary - pension,
                    employer_pension=pension,
                    entered_by=manager,
                )
            )
    SalaryLine.objects.bulk_create(lines)


def _claims(network, manager, today):
    """Claims to last month: the oldest paid about seven weeks after submission, the two
    before last submitted and waiting, last month's still a draft."""
    claimed = sorted(set(network.salary_lines.values_list("month", flat=True)))
    for index, month in enumerate(claimed):
        claim = actions.start_claim(network=network, month=month, by=manager, today=today)
        if index == len(claimed) - 1:
            continue
        submitted = min(today, (month + timedelta(days=40)).replace(day=10))
        claim = actions.submit_claim(
            claim=claim, version=claim.version, submitted_on=submitted, by=manager
        )
        if index >= len(claimed) - 3:
            continue
        actions.mark_paid(
            claim=claim,
            version=claim.version,
            paid_on=min(today, submitted + timedelta(days=49)),
            amount_paid=claim.amount_claimed,
            by=manager,
        )


def _income(network, manager, today, year):
    """This year's monthly payments so far, and the ARRS reimbursements paid this year."""
    practices = list(network.practices.all())
    if len(practices) > 1:
        # The care home premium is shared by agreed percentages: whole ones, the rest to the first.
        each = Decimal(100 // len(practices))
        agreed = {p.ods_code: str(each) for p in practices}
        agreed[practices[0].ods_code] = str(Decimal(100) - each * (len(practices) - 1))
        actions.set_distribution_rule(
            network=network,
            stream="care_home",
            basis=DistributionBasis.AGREED,
            percentages=agreed,
            by=manager,
        )
    entitled = {line.stream: line.amount for line in for_network(network, year)}
    for month in months(year):
        if month >= today.replace(day=1):
            break
        for stream in ("core_registered", "core_adjusted", "enhanced_access", "care_home"):
            if entitled.get(stream):
                actions.record_income(
                    network=network,
                    stream=stream,
                    month=month,
                    amount=pennies(entitled[stream] / 12),
                    received_on=month.replace(day=20),
                    by=manager,
                )
    for claim in network.claims.filter(
        status=Claim.Status.PAID, paid_on__gte=date(int(year[:4]), 4, 1)
    ):
        actions.record_income(
            network=network,
            stream="arrs",
            month=claim.month,
            amount=claim.amount_paid,
            received_on=claim.paid_on,
            by=manager,
        )
