"""An ICB's view (decision 29): every network of the ICB that uses PCN Commons side by side,
and the ICB's other PCNs with their NHS workforce census figures. Counts and totals only: no
names, no salaries, no pulse comments. For the ICB's users; a 404 for anyone else, as the page
is (it does not say which ICBs have users)."""

from datetime import date

from ninja import Router, Schema
from ninja.errors import HttpError

from pcn.home.icb import ANSWERS, icb_view

from ..common import NO_TOKEN, NOT_YOURS, money, responses

router = Router(tags=["icbs"])


class RoleNameOut(Schema):
    role: str  # an ARRS role code; "" for people in post without one
    name: str


class RoleFiguresOut(Schema):
    role: str
    fte: float
    per_10k: float | None  # per 10,000 registered patients; null where patients are not known


class CoverageOut(Schema):
    week: date  # its Monday
    published: int  # sessions at practices in the published rota that week
    agreed: int | None  # the agreed allocation's sessions a week; null: nothing agreed
    share: float | None
    bank_holidays: list[date]


class NetworkFiguresOut(Schema):
    pcn_code: str
    name: str
    practices: int
    registered_patients: int | None
    registered_patients_from: date | None  # the earliest and latest date of the practices'
    registered_patients_to: date | None  # figures added up
    registered_patients_complete: bool  # every practice has a figure
    registered_patients_include_estimates: bool
    total_fte: float
    total_per_10k: float | None
    roles: list[RoleFiguresOut]  # people in post, not drafts
    high_isolation_risk: int  # a count: nobody is named
    supervision_overdue: int
    forecast_year: str
    entitlement: str | None  # exact pounds and pence
    forecast_unspent: str | None
    forecast_overspent: str | None
    people_not_in_forecast: int
    agreed_allocation: str  # its name; "" when none is agreed
    rota_coverage: list[CoverageOut]  # this week and next
    answers_outstanding: dict[str, int]  # requests, matrix, opt_ins, allocations


class CensusPcnOut(Schema):
    pcn_code: str
    name: str
    registered_patients: int | None
    registered_patients_as_at: date | None
    census_as_at: date | None
    total_fte: float
    total_per_10k: float | None
    roles: list[RoleFiguresOut]


class LeftOutPcnOut(Schema):
    pcn_code: str
    name: str
    why: str


class SourceOut(Schema):
    figure: str
    source: str


class IcbOut(Schema):
    icb_code: str
    icb_name: str
    as_at: date
    weeks: list[date]
    roles: list[RoleNameOut]  # every role any network or census PCN has staff in
    answer_kinds: dict[str, str]  # what each key of `answers_outstanding` counts
    networks: list[NetworkFiguresOut]  # the networks using PCN Commons, by name
    census_pcns: list[CensusPcnOut]  # the ICB's other PCNs, from the census
    census_missing: str  # why there are no census figures, when there are none
    census_date: date | None  # the census the `census_pcns` figures are from
    census_patients_date: date | None  # and the registered patients they are per 10,000 of
    census_left_out: list[LeftOutPcnOut]  # the ICB's PCNs the files cannot give figures for
    sources: list[SourceOut]


def _number(value):
    return None if value is None else float(value)


def _roles(fte, per_10k):
    return [
        {"role": code, "fte": float(value), "per_10k": _number(per_10k.get(code))}
        for code, value in sorted(fte.items())
    ]


@router.get("/icbs/{icb_code}", response=responses(IcbOut, NO_TOKEN, NOT_YOURS))
def icb(request, icb_code: str):
    """The ICB's networks side by side, as the ICB page shows them (and its CSV files): staff
    FTE by role per 10,000 patients, people at high risk of isolation and supervision overdue
    (counts), forecast unspent money, rota coverage against agreed sessions, practices'
    answers outstanding; and the ICB's PCNs not using PCN Commons with their census figures."""
    code = icb_code.upper()
    if not request.auth.has_perm("home.view_icb", code):
        raise HttpError(404, f"No ICB {code[:10]} that you are an ICB user of.")
    view = icb_view(code)
    return {
        "icb_code": view.icb_code,
        "icb_name": view.icb_name,
        "as_at": view.today,
        "weeks": list(view.weeks),
        "roles": [{"role": code, "name": name} for code, name in view.roles],
        "answer_kinds": dict(ANSWERS),
        "networks": [
            {
                "pcn_code": row.pcn_code,
                "name": row.name,
                "practices": row.practices,
                "registered_patients": row.registered,
                "registered_patients_from": (row.registered_dates or (None, None))[0],
                "registered_patients_to": (row.registered_dates or (None, None))[1],
                "registered_patients_complete": row.registered_complete,
                "registered_patients_include_estimates": row.registered_estimates,
                "total_fte": float(row.total_fte),
                "total_per_10k": _number(row.total_per_10k),
                "roles": _roles(row.fte, row.per_10k),
                "high_isolation_risk": row.high_isolation_risk,
                "supervision_overdue": row.supervision_overdue,
                "forecast_year": row.forecast_year,
                "entitlement": money(row.entitlement),
                "forecast_unspent": money(row.unspent),
                "forecast_overspent": money(row.overspent),
                "people_not_in_forecast": row.forecast_left_out,
                "agreed_allocation": row.agreed_allocation,
                "rota_coverage": [
                    {
                        "week": c.monday,
                        "published": c.published,
                        "agreed": c.agreed,
                        "share": _number(c.share),
                        "bank_holidays": list(c.holidays),
                    }
                    for c in row.coverage
                ],
                "answers_outstanding": dict(row.answers),
            }
            for row in view.networks
        ],
        "census_pcns": [
            {
                "pcn_code": row.pcn_code,
                "name": row.name,
                "registered_patients": row.patients,
                "registered_patients_as_at": row.patients_date,
                "census_as_at": row.census_date,
                "total_fte": float(row.total_fte),
                "total_per_10k": _number(row.total_per_10k),
                "roles": _roles(row.fte, row.per_10k),
            }
            for row in view.census.rows
        ],
        "census_missing": view.census.missing,
        "census_date": view.census.census_date,
        "census_patients_date": view.census.patients_date,
        "census_left_out": [
            {"pcn_code": code, "name": name, "why": why} for code, name, why in view.census.left_out
        ],
        "sources": [{"figure": figure, "source": source} for figure, source in view.sources],
    }
