"""Reads for the money pages, the command and other apps: entitlements, forecast, warning."""

from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from pcn.workforce.models import Funding

from . import entitlements
from .claims import RoleTerms, lines_for
from .forecast import Person, project, what_if
from .reimbursement import days_in_post, mental_health_share
from .years import days_in_month, months, next_year, this_year


def arrs_people(network, terms):
    """The register's ARRS-funded people as forecast inputs, with their latest full month's cost."""
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
        )
        for p in staff
    ]


def maxima(terms, year):
    return {code: terms.max_per_wte(code, year) for code in terms.roles(year)}


def forecast_for(network, year=None, *, today=None, terms=None):
    year = year or this_year(today)
    terms = terms or RoleTerms(network)
    lines = entitlements.for_network(network, year)
    actual = defaultdict(lambda: Decimal("0.00"))
    for claim_line in lines_for(network, months(year), terms):
        if claim_line.result.amount is not None:
            actual[claim_line.line.month] += claim_line.result.amount
    people = arrs_people(network, terms)
    forecast = project(
        year, entitlements.arrs_entitlement(lines), people, maxima(terms, year), dict(actual)
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
    role = terms.roles(forecast.year).get(role_code) or terms.roles(following).get(role_code)
    # A new mental health practitioner is first in its band if the network has none yet.
    share = mental_health_share(
        role_code in terms.mh_codes, not terms.firsts, terms.profile.mental_health_agreement
    )
    return forecast, what_if(
        forecast=forecast,
        people=people,
        maxima=maxima(terms, forecast.year),
        role_code=role_code,
        role_name=role.role.name if role else role_code,
        wte=Decimal(wte),
        start=start,
        share=share,
        next_maxima=maxima(terms, following),
        next_entitlement=entitlements.arrs_entitlement(next_lines),
    )
