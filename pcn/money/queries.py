"""Reads for the money pages, the command and other apps: entitlements, forecast, warning."""

from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from pcn.core.years import days_in_month, first_day, months, next_year, this_year
from pcn.reference.models import ArrsRole
from pcn.workforce.catalogue import role_names
from pcn.workforce.models import Funding

from . import eligibility, entitlements
from .claims import RoleTerms, lines_for
from .forecast import Person, project, what_if
from .reimbursement import days_in_post, mental_health_share


def arrs_people(network, terms, year=None):
    """The register's ARRS-funded people as forecast inputs, with their latest full month's cost
    and, where a claim rule of the year excludes them, why (eligibility.failures)."""
    staff = list(network.staff.filter(funding=Funding.ARRS).exclude(role_code=""))
    by_pk = {p.pk: p for p in staff}
    latest = {}
    for line in network.salary_lines.order_by("month"):
        person = by_pk.get(line.staff_id)
        if person and days_in_post(line.month, person.start_date, person.end_date) == days_in_month(
            line.month
        ):
            latest[line.staff_id] = line.actual_cost
    return [
        Person(
            key=p.pk,
            role_code=p.role_code,
            wte=p.wte,
            start=p.start_date,
            end=p.end_date,
            share=terms.share(p),
            monthly_cost=latest.get(p.pk),
            band=p.band,
            pay_area=terms.pay_area(p),
            not_claimable=_not_claimable(p, terms, year),
        )
        for p in staff
    ]


def _not_claimable(person, terms, year):
    if year is None:
        return ""
    month = first_day(year)
    if person.start_date and person.start_date > month:
        month = person.start_date.replace(day=1)
    failures = eligibility.failures(
        person,
        month,
        mental_health_agreement=terms.profile.mental_health_agreement,
        mh_codes=terms.mh_codes,
    )
    return "not claimable: " + "; ".join(failures) if failures else ""


def roles_of_year(year):
    """{role code: ArrsRole} of the year's catalogue, or the latest catalogue's if the year
    has none yet."""
    rows = ArrsRole.objects.filter(year=year).order_by("name")
    if not rows.exists():
        latest = ArrsRole.objects.order_by("-year").values_list("year", flat=True).first()
        rows = ArrsRole.objects.filter(year=latest).order_by("name")
    return {role.code: role for role in rows}


def maximum_on(terms):
    """For the forecast: a person's maximum in force in a month."""
    return lambda person, month: terms.maxima.on(
        person.role_code, month, person.pay_area, person.band
    )


def forecast_for(network, year=None, *, today=None, terms=None):
    year = year or this_year(today)
    terms = terms or RoleTerms(network)
    lines = entitlements.for_network(network, year)
    actual = defaultdict(lambda: Decimal("0.00"))
    for claim_line in lines_for(network, months(year), terms):
        if claim_line.result.amount is not None:
            actual[claim_line.line.month] += claim_line.result.amount
    people = arrs_people(network, terms, year)
    forecast = project(
        year, entitlements.arrs_entitlement(lines), people, maximum_on(terms), dict(actual)
    )
    return forecast, people, terms


def unspent_money_warning(network, *, today=None) -> str | None:
    """One plain sentence when this year's ARRS forecast leaves entitlement unclaimed by
    31 March, e.g. "£142,310.50 of this year's ARRS entitlement is forecast to go unclaimed by
    31 March 2027."; None when it is all forecast to be spent, or the entitlement is unknown."""
    forecast, _, _ = forecast_for(network, today=today or timezone.localdate())
    return forecast.warning()


def recruitment_what_if(network, *, role_code, wte, start, today=None):
    forecast, people, terms = forecast_for(network, this_year(start), today=today)
    following = next_year(forecast.year)
    next_lines = entitlements.for_network(network, following)
    names = role_names()
    # A new mental health practitioner is first in its band if the network has none yet.
    share = mental_health_share(
        role_code in terms.mh_codes, not terms.firsts, terms.profile.mental_health_agreement
    )
    return forecast, what_if(
        forecast=forecast,
        people=people,
        maximum_on=maximum_on(terms),
        role_code=role_code,
        role_name=names.get(role_code, role_code),
        wte=Decimal(wte),
        start=start,
        share=share,
        pay_area=terms.profile.pay_area,
        next_entitlement=entitlements.arrs_entitlement(next_lines),
    )


def forecast_json(network, year=None, *, today=None):
    """The forecast as other tools read it (`manage.py forecast --json`, the API): amounts as
    strings of exact pounds and pence, null where unknown; nobody left out without a why."""
    forecast, _, _ = forecast_for(network, year, today=today or timezone.localdate())

    def money(value):
        return None if value is None else str(value)

    return {
        "year": forecast.year,
        "entitlement": money(forecast.entitlement),
        "forecast_cost": money(forecast.total),
        "unspent": money(forecast.unspent or Decimal("0.00"))
        if forecast.entitlement is not None
        else None,
        "overspent": money(forecast.overspent),
        "months": [
            {
                "month": f"{row.month:%Y-%m}",
                "amount": money(row.amount),
                "from_pay_lines": row.actual,
            }
            for row in forecast.months
        ],
        "people_left_out": [
            {"id": p.key, "role": p.role_code, "wte": str(p.wte), "why": p.why}
            for p in forecast.left_out
        ],
        "estimated_maxima": sorted(forecast.estimated_maxima),
        "warning": forecast.warning(),
    }
