"""An ICB's view (decision 31): every network of the ICB that uses PCN Commons side by side, and
every other PCN of the ICB in the NHS workforce census with its census figures. Plain data, no
request: the ICB page, its CSV files and the API read `icb_view(icb_code)`.

Nothing personal is in it: counts and totals only, never a name, a salary or a pulse comment."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from pcn.core.bank_holidays import bank_holidays
from pcn.networks.models import Network
from pcn.workforce.catalogue import role_names
from pcn.workforce.where_they_work import this_week

from . import census as census_
from . import figures, network_figures
from .figures import NO_ROLE


@dataclass(frozen=True)
class Coverage:
    monday: date
    published: int  # sessions at practices in the published rota that week
    agreed: int | None  # the agreed allocation's sessions a week; None: nothing agreed
    holidays: tuple = ()  # bank holidays that week

    @property
    def share(self):
        """Published sessions as a share of the agreed allocation's (None if none agreed)."""
        return None if not self.agreed else self.published / self.agreed


@dataclass(frozen=True)
class NetworkRow:
    pcn_code: str
    name: str
    practices: int
    registered: int | None  # registered patients, the latest figure of each practice
    registered_dates: tuple | None  # (earliest, latest) date of those figures
    registered_complete: bool  # every practice has a figure
    registered_estimates: bool
    fte: dict  # {role code: FTE in post}
    per_10k: dict  # {role code: FTE per 10,000 registered patients, or None}
    total_fte: Decimal  # in ARRS roles
    total_per_10k: Decimal | None
    high_isolation_risk: int
    supervision_overdue: int
    forecast_year: str
    entitlement: Decimal | None
    unspent: Decimal | None  # this year's ARRS entitlement forecast to go unclaimed
    overspent: Decimal | None
    forecast_left_out: int  # people not in the forecast (unknown maximum, not claimable)
    agreed_allocation: str  # the agreed allocation's name, "" if none
    coverage: tuple  # (Coverage this week, Coverage next week)
    answers: dict  # {"requests", "matrix", "opt_ins", "allocations": count}

    @property
    def answers_total(self):
        return sum(self.answers.values())


@dataclass(frozen=True)
class IcbView:
    icb_code: str
    icb_name: str
    today: date
    weeks: tuple  # the Mondays of the weeks rota coverage is read for: this week, next week
    roles: list  # [(role code, name)]: every role any network or census PCN has staff in
    networks: list  # [NetworkRow], by name
    census: census_.Census  # the ICB's other PCNs in the NHS workforce census
    sources: list = field(default_factory=list)  # [(figure, where it comes from)]

    @property
    def pcn_codes(self):
        return {row.pcn_code for row in self.networks}


ANSWERS = [
    ("requests", "Request answers overdue"),
    ("matrix", "Practices yet to answer who does what"),
    ("opt_ins", "Practices yet to say which services they take part in"),
    ("allocations", "Practices' answers missing on proposed allocations"),
]


def network_rows(networks, today, weeks):
    """{network pk: NetworkRow} for these networks, each figure read for all of them at once
    (figures.py), and the two that only a network's own presenters give, network by network."""
    ids = [n.pk for n in networks]
    fte = figures.fte_by_role(ids, today)
    patients = figures.registered(ids)
    overdue = figures.supervision_overdue(ids, today)
    published = figures.rota_coverage(ids, weeks)
    agreed = figures.agreed_sessions(ids)
    answers = figures.answers_outstanding(ids, today)
    holidays = bank_holidays(weeks[0], weeks[1] + timedelta(days=6))
    rows = {}
    for network in networks:
        pk = network.pk
        deep = network_figures.compute(network, today)
        population = patients[pk]
        total = population.total if population.known else None
        known = total if population.complete else None
        by_role = fte.get(pk, {})
        total_fte = sum((v for code, v in by_role.items() if code != NO_ROLE), Decimal(0))
        name, sessions = agreed.get(pk, ("", None))
        rows[pk] = NetworkRow(
            pcn_code=network.pcn_code,
            name=network.name,
            practices=population.practices,
            registered=total,
            registered_dates=population.date_range,
            registered_complete=population.complete,
            registered_estimates=population.estimates,
            fte=by_role,
            per_10k={code: figures.per_10k(value, known) for code, value in by_role.items()},
            total_fte=total_fte,
            total_per_10k=figures.per_10k(total_fte, known),
            high_isolation_risk=deep["high_risk"],
            supervision_overdue=overdue[pk],
            forecast_year=deep["year"],
            entitlement=deep["entitlement"],
            unspent=deep["unspent"],
            overspent=deep["overspent"],
            forecast_left_out=deep["left_out"],
            agreed_allocation=name,
            coverage=tuple(
                Coverage(
                    week,
                    published.get(pk, {}).get(week, 0),
                    sessions,
                    tuple(d for d in holidays if week <= d <= week + timedelta(days=6)),
                )
                for week in weeks
            ),
            answers=answers[pk],
        )
    return rows


def icb_name(icb_code):
    """The ICB's name from its networks, else from the NHS files; None when neither has it."""
    from pcn.networks.actions import icb_name_of

    name = (
        Network.objects.filter(icb_code=icb_code)
        .exclude(icb_name="")
        .values_list("icb_name", flat=True)
        .first()
    )
    return name or icb_name_of(icb_code)


def icb_view(icb_code, today=None) -> IcbView:
    """Every network of the ICB using PCN Commons and every other PCN of it in the census. The
    number of queries does not depend on the number of networks (tests/home/test_icb.py): each
    network's row is kept until the network changes, and the rows of those that changed are
    read together, one query per figure (network_figures)."""
    today = today or timezone.localdate()
    networks = list(Network.objects.filter(icb_code=icb_code).order_by("name", "pk"))
    monday = this_week(today)
    weeks = (monday, monday + timedelta(days=7))
    by_pk = network_figures.rows(networks, today, lambda stale: network_rows(stale, today, weeks))
    rows = [by_pk[n.pk] for n in networks]
    census = census_.of_icb(icb_code, exclude={n.pcn_code for n in networks})
    used = {code for row in rows for code in row.fte} | census.roles
    names = role_names()
    roles = sorted(
        ((code, names.get(code, code) if code else "Not an ARRS role") for code in used),
        key=lambda pair: (pair[0] == NO_ROLE, pair[1]),
    )
    return IcbView(
        icb_code=icb_code,
        icb_name=icb_name(icb_code) or icb_code,
        today=today,
        weeks=weeks,
        roles=roles,
        networks=rows,
        census=census,
        sources=[
            (
                "Staff FTE",
                "Each network's register: people in post on the day, not drafts, by ARRS role",
            ),
            (
                "Registered patients",
                "NHS England Digital's registered patients (or the official figure a PCN "
                "manager entered), the latest held for each practice, with its date",
            ),
            (
                "High risk of isolation",
                "The belonging checks of each network's register (a score of 5 or more)",
            ),
            (
                "Supervision overdue",
                "People in post whose clinical supervision is past due, where their role's "
                "cadence is known",
            ),
            (
                "Forecast unspent",
                "Each network's ARRS forecast to 31 March: claims made, then estimates",
            ),
            (
                "Rota coverage",
                "Sessions at practices in the published rota against the agreed allocation's "
                "sessions a week",
            ),
        ],
    )
