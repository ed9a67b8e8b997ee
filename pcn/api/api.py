"""The JSON API. Thin: it finds the caller's network and calls the apps' queries."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError

from pcn.networks.models import Basis, Network
from pcn.networks.populations import network_populations
from pcn.workforce import belonging
from pcn.workforce.queries import Filters, register, role_names

from .auth import PersonalToken

api = NinjaAPI(
    title="PCN Commons API",
    version="1",
    description="Read your networks' data. Authenticate with a personal API token from your "
    "account page, sent as `Authorization: Bearer TOKEN`. A token works until the date chosen "
    "when it was made (a year at most) and stops when its owner's password changes; an expired "
    "or revoked token is answered 401 with a `detail` that says so.",
    auth=PersonalToken(),
    # The documentation is for people with an account: signed in, like every other page.
    docs_decorator=login_required,
)


class PracticeOut(Schema):
    ods_code: str
    name: str
    postcode: str
    registered_patients: int | None
    adjusted_population: int | None
    weighted_population: int | None
    adjusted_population_is_estimate: bool | None
    weighted_population_is_estimate: bool | None
    # The date each figure is the population at (the latest figure held; null where unknown).
    registered_patients_as_at: date | None
    adjusted_population_as_at: date | None
    weighted_population_as_at: date | None


class ErrorOut(Schema):
    """Why the request was refused, for a person to read."""

    detail: str


# What each kind of refusal means, in the schema beside every endpoint that can give it.
NO_TOKEN = {401: ErrorOut}  # no token, or a revoked or unknown one
NOT_YOURS = {404: ErrorOut}  # a network that doesn't exist or the caller is not a member of
NOT_ALLOWED = {403: ErrorOut}  # the caller's role in the network may not read this
BAD_YEAR = {400: ErrorOut}  # `year` is not a financial year the service knows


def responses(ok, *refusals):
    out = {200: ok}
    for refusal in refusals:
        out.update(refusal)
    return out


def _network_for(request, pcn_code):
    # A network the caller is not a member of is 404, exactly like one that doesn't exist.
    return get_object_or_404(Network.objects.of_member(request.auth), pcn_code=pcn_code.upper())


@api.get(
    "/networks/{pcn_code}/practices",
    response=responses(list[PracticeOut], NO_TOKEN, NOT_YOURS),
    tags=["networks"],
)
def practices(request, pcn_code: str):
    """Member practices with the population figures in use (null where unknown)."""
    network = _network_for(request, pcn_code)
    rows = network_populations(network).rows

    def value(row, basis):
        figure = row.figures[basis]
        return figure.value if figure else None

    def estimate(row, basis):
        figure = row.figures[basis]
        return figure.is_estimate if figure else None

    def as_at(row, basis):
        figure = row.figures[basis]
        return figure.as_at if figure else None

    return [
        {
            "ods_code": row.practice.ods_code,
            "name": row.practice.name,
            "postcode": row.practice.postcode,
            "registered_patients": value(row, Basis.REGISTERED),
            "adjusted_population": value(row, Basis.ADJUSTED),
            "weighted_population": value(row, Basis.WEIGHTED),
            "adjusted_population_is_estimate": estimate(row, Basis.ADJUSTED),
            "weighted_population_is_estimate": estimate(row, Basis.WEIGHTED),
            "registered_patients_as_at": as_at(row, Basis.REGISTERED),
            "adjusted_population_as_at": as_at(row, Basis.ADJUSTED),
            "weighted_population_as_at": as_at(row, Basis.WEIGHTED),
        }
        for row in rows
    ]


class StaffOut(Schema):
    id: int
    name: str
    role: str | None  # the ARRS catalogue role's code; null when not in the catalogue
    role_name: str | None
    nhs_role: str  # the NHS workforce file's detailed role, where imported
    wte: float  # a number, like the practices' figures (0.01 to 1.5, two decimal places)
    home_base: str | None  # "N82033 Dingle Park Practice", "network team", or null
    supervisor: str | None
    teams: list[str]
    is_draft: bool
    isolation_reasons: list[str]


class UnmappedOut(Schema):
    id: int
    nhs_role: str
    wte: float
    is_draft: bool


class RegisterOut(Schema):
    staff: list[StaffOut]
    unmapped: list[UnmappedOut]


@api.get(
    "/networks/{pcn_code}/staff",
    response=responses(RegisterOut, NO_TOKEN, NOT_ALLOWED, NOT_YOURS),
    tags=["workforce"],
)
def staff(request, pcn_code: str):
    """Everyone in post and every draft from the NHS file, with the reasons each person may feel
    isolated (empty when none); `unmapped` lists NHS records whose role is not in the catalogue."""
    network = _network_for(request, pcn_code)
    if not request.auth.has_perm("workforce.view_register", network):
        raise HttpError(403, "Only the PCN manager and clinical director can read the register.")
    names = role_names()
    reasons = {p.person.pk: p.reasons for p in belonging.profiles(network, role_names=names)}
    people = register(network, Filters(status="active")) + register(
        network, Filters(status="draft")
    )

    def home(person):
        if person.home_is_network_team:
            return "network team"
        if person.home_practice:
            return f"{person.home_practice.ods_code} {person.home_practice.name}"
        return None

    return {
        "staff": [
            {
                "id": p.pk,
                "name": p.full_name,
                "role": p.role_code or None,
                "role_name": names.get(p.role_code),
                "nhs_role": p.nhs_role,
                "wte": p.wte,
                "home_base": home(p),
                "supervisor": str(p.supervisor)
                if p.supervisor
                else (p.external_supervisor or None),
                "teams": [t.name for t in p.teams.all()],
                "is_draft": p.is_draft,
                "isolation_reasons": reasons.get(p.pk, []),
            }
            for p in people
        ],
        "unmapped": list(
            network.staff.filter(role_code="")
            .exclude(nhs_role="")
            .order_by("nhs_role", "pk")
            .values("id", "nhs_role", "wte", "is_draft")
        ),
    }


class RequestPracticeOut(Schema):
    ods_code: str
    practice: str
    status: str  # waiting, acknowledged, done or cannot
    note: str
    answered_at: str | None  # ISO 8601
    overdue: bool


class RequestOut(Schema):
    id: int
    title: str
    reason: str
    due: str  # ISO date
    sent_at: str
    sent_by: str | None
    practices: list[RequestPracticeOut]


@api.get(
    "/networks/{pcn_code}/requests",
    response=responses(list[RequestOut], NO_TOKEN, NOT_ALLOWED, NOT_YOURS),
    tags=["coordination"],
)
def requests(request, pcn_code: str):
    """Requests to practices, soonest due first, with each practice's status. Leadership and
    observers read every request; a practice manager the ones sent to their practice."""
    from pcn.coordination import queries as coordination
    from pcn.core.roles import managed_practice_ids

    network = _network_for(request, pcn_code)
    user = request.auth
    if user.has_perm("coordination.view_all_requests", network):
        rows = coordination.request_board(network)
    elif user.has_perm("coordination.view_inbox", network):
        rows = coordination.requests_of_practices(network, managed_practice_ids(user, network.pk))
    else:
        raise HttpError(403, "Requests are for leadership, observers and practice managers.")
    return [
        {
            "id": row.request.pk,
            "title": row.request.title,
            "reason": row.request.reason,
            "due": row.request.due.isoformat(),
            "sent_at": row.request.sent_at.isoformat(),
            "sent_by": str(row.request.sent_by) if row.request.sent_by else None,
            "practices": [
                {
                    "ods_code": a.practice.ods_code,
                    "practice": a.practice.name,
                    "status": a.status,
                    "note": a.note,
                    "answered_at": a.answered_at.isoformat() if a.answered_at else None,
                    "overdue": a.is_overdue(row.today),
                }
                for a in row.answers
            ],
        }
        for row in sorted(rows, key=lambda r: (r.request.due, r.request.pk))
    ]


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


@api.get(
    "/networks/{pcn_code}/entitlements",
    response=responses(EntitlementsOut, BAD_YEAR, NO_TOKEN, NOT_ALLOWED, NOT_YOURS),
    tags=["money"],
)
def entitlements(request, pcn_code: str, year: str | None = None):
    """Each payment stream's rate, population used and amount (as `manage.py entitlements`);
    amounts are strings of exact pounds and pence, null where unknown."""
    from pcn.core.years import check_year, this_year
    from pcn.money import entitlements as money
    from pcn.money.queries import unspent_money_warning

    network = _network_for(request, pcn_code)
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


@api.get(
    "/networks/{pcn_code}/forecast",
    response=responses(ForecastOut, BAD_YEAR, NO_TOKEN, NOT_ALLOWED, NOT_YOURS),
    tags=["money"],
)
def forecast(request, pcn_code: str, year: str | None = None):
    """The ARRS forecast to 31 March (as `manage.py forecast --json`): every month, and every
    person not counted with why."""
    from pcn.core.years import check_year, this_year
    from pcn.money.queries import forecast_json

    network = _network_for(request, pcn_code)
    if not request.auth.has_perm("money.view_totals", network):
        raise HttpError(403, "Staff members can't read the network's money.")
    try:
        year = check_year(year or this_year())
    except ValueError as problem:
        raise HttpError(400, str(problem)) from None
    return forecast_json(network, year)
