"""The network's money: entitlements, the forecast and the ARRS claims."""

from datetime import date

from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from pcn.money import claims
from pcn.money.claims import totals as claims_totals

from ..common import (
    BAD_PARAMETERS,
    BAD_YEAR,
    NO_TOKEN,
    NOT_ALLOWED,
    NOT_YOURS,
    Pages,
    money,
    network_for,
    refuse_unless,
    responses,
)

router = Router(tags=["money"])


class EntitlementOut(Schema):
    stream: str
    name: str
    paid_to: str
    rate: str | None
    rate_source: str
    rate_entered_by_network: bool
    rate_estimated: bool
    kind: str
    population_basis: str
    population: int | None
    population_kind: str
    population_official: bool
    population_estimated: bool
    amount: str | None
    formula: str


class EntitlementsOut(Schema):
    year: str
    streams: list[EntitlementOut]
    unspent_money_warning: str | None


@router.get(
    "/networks/{pcn_code}/entitlements",
    response=responses(EntitlementsOut, BAD_YEAR, NO_TOKEN, NOT_ALLOWED, NOT_YOURS),
)
def entitlements(request, pcn_code: str, year: str | None = None):
    """Each payment stream's rate, population used and amount (as `manage.py entitlements`);
    amounts are strings of exact pounds and pence, null where unknown."""
    from pcn.core.years import check_year, this_year
    from pcn.money import entitlements as money
    from pcn.money.queries import unspent_money_warning

    network = network_for(request, pcn_code)
    if not request.auth.has_perm("money.view_totals", network):
        raise HttpError(403, "Staff members can't read the network's money.")
    try:
        year = check_year(year or this_year())
    except ValueError as problem:
        raise HttpError(400, str(problem)) from None
    return {
        "year": year,
        "streams": [line.as_json() for line in money.for_network(network, year)],
        "unspent_money_warning": unspent_money_warning(network) if year == this_year() else None,
    }


class ForecastMonthOut(Schema):
    month: str
    amount: str
    from_pay_lines: bool


class LeftOutOut(Schema):
    id: int
    role: str
    wte: str
    why: str


class ForecastOut(Schema):
    year: str
    entitlement: str | None
    forecast_cost: str
    unspent: str | None
    overspent: str | None
    months: list[ForecastMonthOut]
    people_left_out: list[LeftOutOut]
    estimated_maxima: list[str]
    warning: str | None


@router.get(
    "/networks/{pcn_code}/forecast",
    response=responses(ForecastOut, BAD_YEAR, NO_TOKEN, NOT_ALLOWED, NOT_YOURS),
)
def forecast(request, pcn_code: str, year: str | None = None):
    """The ARRS forecast to 31 March (as `manage.py forecast --json`): every month, and every
    person not counted with why."""
    from pcn.core.years import check_year, this_year
    from pcn.money.queries import forecast_json

    network = network_for(request, pcn_code)
    if not request.auth.has_perm("money.view_totals", network):
        raise HttpError(403, "Staff members can't read the network's money.")
    try:
        year = check_year(year or this_year())
    except ValueError as problem:
        raise HttpError(400, str(problem)) from None
    return forecast_json(network, year)


class ClaimLineOut(Schema):
    staff_id: int
    name: str
    role: str | None
    wte: str
    salary: str
    employer_ni: str
    employer_pension: str
    vat: str
    actual_cost: str
    maximum_for_month: str | None  # null: the role's maximum is unknown
    reimbursable: str | None
    rule: str  # which limit applied, in words
    not_claimable_because: list[str]


class ArrearsLineOut(Schema):
    staff_id: int
    name: str
    month: str  # the month the arrears are for, YYYY-MM
    claimed_before: str
    due_now: str
    note: str


class ClaimOut(Schema):
    id: int
    month: str  # YYYY-MM
    status: str  # draft, submitted or paid
    amount_claimed: str | None  # fixed when submitted
    submitted_on: date | None
    amount_paid: str | None
    paid_on: date | None
    actual_cost: str  # the month's pay lines, as they stand now
    reimbursable: str  # of those lines, what the rules reimburse
    some_maxima_unknown: bool  # a line's role maximum is unknown, so it is not in `reimbursable`
    lines: list[ClaimLineOut]
    arrears: list[ArrearsLineOut]


@router.get(
    "/networks/{pcn_code}/claims",
    response=responses(list[ClaimOut], BAD_PARAMETERS, NO_TOKEN, NOT_ALLOWED, NOT_YOURS),
)
@paginate(Pages)
def arrs_claims(request, pcn_code: str):
    """The network's ARRS claims, newest month first, each with its pay lines (salary, on-costs
    and what is reimbursable, with the rule applied) and any arrears claimed on it. Pay is for
    the PCN manager and the clinical director only, as on the claims pages."""
    network = network_for(request, pcn_code)
    refuse_unless(
        request.auth,
        "money.view_pay",
        network,
        "Only the PCN manager and the clinical director can read claims: they show people's pay.",
    )
    found = list(network.claims.prefetch_related("arrears_lines__staff"))
    by_month = {}
    for line in claims.lines_for(network, [c.month for c in found]):
        by_month.setdefault(line.line.month, []).append(line)
    return [_claim(claim, by_month.get(claim.month, [])) for claim in found]


def _claim(claim, lines):
    totals = claims_totals(lines)
    return {
        "id": claim.pk,
        "month": f"{claim.month:%Y-%m}",
        "status": claim.status,
        "amount_claimed": money(claim.amount_claimed),
        "submitted_on": claim.submitted_on,
        "amount_paid": money(claim.amount_paid),
        "paid_on": claim.paid_on,
        "actual_cost": money(totals["actual"]),
        "reimbursable": money(totals["reimbursable"]),
        "some_maxima_unknown": totals["unknown"],
        "lines": [
            {
                "staff_id": c.line.staff_id,
                "name": str(c.line.staff),
                "role": c.line.staff.role_code or None,
                "wte": str(c.line.staff.wte),
                "salary": money(c.line.salary),
                "employer_ni": money(c.line.employer_ni),
                "employer_pension": money(c.line.employer_pension),
                "vat": money(c.line.vat),
                "actual_cost": money(c.line.actual_cost),
                "maximum_for_month": money(c.result.cap),
                "reimbursable": money(c.result.amount),
                "rule": c.result.rule,
                "not_claimable_because": list(c.result.failures),
            }
            for c in lines
        ],
        "arrears": [
            {
                "staff_id": a.staff_id,
                "name": str(a.staff),
                "month": f"{a.month:%Y-%m}",
                "claimed_before": money(a.claimed_before),
                "due_now": money(a.due_now),
                "note": a.note,
            }
            for a in claim.arrears_lines.all()
        ],
    }
