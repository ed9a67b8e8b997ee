"""Entitlements and year-end ARRS forecasts for every PCN in the NHS workforce file, in one batch.

Inputs come from the reference tables alone: practices from the practice map, registered lists
and population estimates as shipped, staff from the workforce file's latest census through the
NHS role map. The cost of each person is their role's maximum × FTE (no pay lines exist for
PCNs not set up here); everyone is in post all year; mental health practitioners are counted at
50% (as if each were the first in their band).

The baseline, timed on the same inputs in the same run, is the spreadsheet sum a manager does
today: the ARRS sum less Σ maximum × FTE for the year, with no months and no rules. The two
agree to within pennies per person when nobody starts or leaves, which the run checks.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max

from pcn.money.entitlements import arrs_entitlement, compute, populations_from_files
from pcn.money.exact import ZERO, pennies
from pcn.money.forecast import Person, project
from pcn.money.rates import published_rates
from pcn.money.reimbursement import HALF, WHOLE
from pcn.money.years import population_date
from pcn.reference.models import ArrsRole, PracticeRecord, WorkforceRecord
from pcn.reference.queries import dated_population_estimates, latest_list_sizes
from pcn.workforce.actions.nhs_import import role_map

SECTION = "Money: entitlements and year-end forecasts for every PCN"
TARGET_SECONDS = 10
YEAR = "2025/26"  # the latest year whose rates and role maxima are all published


@dataclass
class Inputs:
    census_date: object
    people: dict = field(default_factory=dict)  # pcn code -> [Person]
    members: dict = field(default_factory=dict)  # pcn code -> [practice code]
    list_sizes: dict = field(default_factory=dict)
    estimates: dict = field(default_factory=dict)
    maxima: dict = field(default_factory=dict)
    records: int = 0
    unmapped: int = 0


def gather(year=YEAR, pcn_codes=None) -> Inputs:
    census_date = WorkforceRecord.objects.aggregate(latest=Max("census_date"))["latest"]
    inputs = Inputs(census_date=census_date)
    if census_date is None:
        return inputs
    records = WorkforceRecord.objects.filter(census_date=census_date)
    if pcn_codes:
        records = records.filter(pcn_code__in=[c.strip().upper() for c in pcn_codes])
    roles = role_map()
    mental_health = set(
        ArrsRole.objects.filter(reimbursement=ArrsRole.Reimbursement.MENTAL_HEALTH).values_list(
            "code", flat=True
        )
    )
    people = defaultdict(list)
    for index, (pcn_code, staff_role, detailed_role, fte) in enumerate(
        records.values_list("pcn_code", "staff_role", "detailed_role", "fte").iterator()
    ):
        inputs.records += 1
        people.setdefault(pcn_code, [])
        role_code = roles.get((staff_role, detailed_role), "")
        if not role_code:
            inputs.unmapped += 1
            continue
        share = HALF if role_code in mental_health else WHOLE
        people[pcn_code].append(Person(index, role_code, Decimal(fte), None, None, share))
    inputs.people = dict(people)
    for pcn_code, code in PracticeRecord.objects.filter(pcn_code__in=list(people)).values_list(
        "pcn_code", "code"
    ):
        inputs.members.setdefault(pcn_code, []).append(code)
    codes = [c for practices in inputs.members.values() for c in practices]
    inputs.list_sizes = latest_list_sizes(codes)
    inputs.estimates = dated_population_estimates(codes)
    inputs.maxima = dict(ArrsRole.objects.filter(year=year).values_list("code", "max_national"))
    return inputs


@dataclass
class Result:
    pcn_code: str
    entitlement: Decimal | None
    forecast: Decimal
    unknown_people: int


def forecast_all(inputs, year=YEAR):
    rates = published_rates(year)
    results = []
    for pcn_code, people in inputs.people.items():
        populations = populations_from_files(
            inputs.members.get(pcn_code, []),
            inputs.list_sizes,
            inputs.estimates,
            as_at=population_date(year),
        )
        entitlement = arrs_entitlement(compute(rates, populations))
        forecast = project(year, entitlement, people, inputs.maxima, {})
        results.append(Result(pcn_code, entitlement, forecast.total, forecast.unknown_people))
    return results


def spreadsheet_all(inputs, year=YEAR):
    """The baseline: ARRS sum less Σ maximum × FTE, once a year per PCN."""
    rate = published_rates(year)["arrs"].value
    results = []
    for pcn_code, people in inputs.people.items():
        codes = inputs.members.get(pcn_code, [])
        weighted = [
            inputs.estimates[c]["weighted"].value
            for c in codes
            if "weighted" in inputs.estimates.get(c, {})
        ]
        entitlement = (
            pennies(rate * sum(weighted)) if codes and len(weighted) == len(codes) else None
        )
        cost, unknown = ZERO, 0
        for person in people:
            maximum = inputs.maxima.get(person.role_code)
            if maximum is None:
                unknown += 1
            else:
                cost += pennies(maximum * person.wte * person.share)
        results.append(Result(pcn_code, entitlement, cost, unknown))
    return results


@dataclass
class Measured:
    inputs: Inputs
    results: list
    baseline: list
    gather_seconds: list = field(default_factory=list)
    forecast_seconds: list = field(default_factory=list)
    baseline_seconds: list = field(default_factory=list)

    @property
    def total_median(self):
        return statistics.median(self.gather_seconds) + statistics.median(self.forecast_seconds)


def run(repeat=5, pcn_codes=None) -> Measured:
    measured = None
    for _ in range(repeat):
        started = time.perf_counter()
        inputs = gather(pcn_codes=pcn_codes)
        gathered = time.perf_counter()
        results = forecast_all(inputs)
        forecasted = time.perf_counter()
        baseline = spreadsheet_all(inputs)
        done = time.perf_counter()
        if measured is None:
            measured = Measured(inputs, results, baseline)
        measured.gather_seconds.append(gathered - started)
        measured.forecast_seconds.append(forecasted - gathered)
        measured.baseline_seconds.append(done - forecasted)
    return measured


def agreement(measured):
    """The largest gap between the month-by-month forecast and the yearly sum, per person."""
    gaps = []
    for ours, theirs in zip(measured.results, measured.baseline, strict=True):
        people = len(measured.inputs.people[ours.pcn_code]) or 1
        gaps.append(abs(ours.forecast - theirs.forecast) / people)
    return max(gaps, default=ZERO)


def report(measured):
    results = measured.results
    known = [r for r in results if r.entitlement is not None]
    unspent = [r for r in known if r.entitlement > r.forecast]
    total_unspent = sum((r.entitlement - r.forecast for r in unspent), ZERO)
    median = statistics.median
    lines = [
        f"PCNs: {len(results):,} (census {measured.inputs.census_date:%B %Y}); workforce records "
        f"{measured.inputs.records:,}, of which {measured.inputs.unmapped:,} not in an ARRS role; "
        f"year {YEAR}.",
        f"Entitlement known for {len(known):,} PCNs (the rest lack a practice's weighted estimate).",
        f"Forecast to leave ARRS money unspent: {len(unspent):,} PCNs, "
        f"£{total_unspent:,.2f} in all (costs at role maxima × FTE; roles with no published "
        "maximum are left out, so this overstates the unspent money).",
        f"Month-by-month forecast and yearly spreadsheet sum differ by at most "
        f"£{agreement(measured):.2f} per person.",
    ]
    rows = [
        ("Read the inputs (reference tables)", median(measured.gather_seconds)),
        ("Entitlements and month-by-month forecasts, all PCNs", median(measured.forecast_seconds)),
        ("Baseline: yearly spreadsheet sum, all PCNs", median(measured.baseline_seconds)),
        ("Total: read + entitlements and forecasts", measured.total_median),
    ]
    return lines, rows


def markdown(measured):
    lines, rows = report(measured)
    runs = len(measured.forecast_seconds)
    table = "\n".join(f"| {name} | {seconds:.3f} s |" for name, seconds in rows)
    verdict = "within" if measured.total_median <= TARGET_SECONDS else "over"
    return (
        "`manage.py benchmark_money`. "
        + "\n\n".join(part.strip().replace("\n", " ") for part in __doc__.split("\n\n")[1:3])
        + "\n\n"
        + "\n".join(f"- {line}" for line in lines)
        + f"\n\nMedian of {runs} runs:\n\n| Step | Median |\n|---|---|\n{table}\n\n"
        + f"Target ≤ {TARGET_SECONDS} s for the total: **{verdict}** "
        + f"({measured.total_median:.2f} s).\n"
    )
