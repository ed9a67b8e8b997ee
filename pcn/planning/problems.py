"""The recruitment planner's Problem, built from the database: this year's forecast, next year's
entitlement and what everyone in post will cost then, what each ARRS role costs per WTE, how far
the network is below similar PCNs, and the unmet demand in the agreed allocation. Decision 30.

Every figure carries where it came from; a role the planner cannot cost is listed with why.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal
from statistics import median

from engine.recruitment import Candidate, Pin, Problem, Service
from pcn.allocation.queries import agreed_scenario
from pcn.core.years import first_day, last_day, months, next_year, this_year
from pcn.money import entitlements
from pcn.money.exact import ZERO, pennies, pounds
from pcn.money.forecast import Person, committed_next_year, estimate_month
from pcn.money.queries import forecast_for, maximum_on, roles_of_year
from pcn.money.reimbursement import mental_health_share
from pcn.workforce.models import Funding
from pcn.workforce.sessions import sessions_per_wte

STEPS = (50, 100)  # posts of 0.5 or 1.0 WTE (hundredths)
HEADROOM_LIMIT = Decimal("10000000")  # £10 million: far above any network's ARRS money
MAX_WTE_A_ROLE = 500  # hundredths: never more than 5 WTE of one role in one plan
LEAST_WTE_A_ROLE = 100  # every role may take one WTE, to use headroom


@dataclass
class RoleRow:
    code: str
    name: str
    band: str
    costed_at: str  # "the maximum" or "the network's pay (median of 3 people)"
    month_costs: list  # per WTE, each full month from the first start month to March
    full_year_cost: Decimal  # per WTE, a full year from 1 April
    fte_in_post: Decimal
    per_10k: Decimal | None
    shortfall: Decimal | None  # FTE below the median of similar PCNs; None: not known
    unmet_sessions: Decimal
    unmet_services: list  # [(service name, sessions a week)]
    max_wte: Decimal
    estimate_note: str = ""  # the maximum is an estimate or carried forward

    @property
    def month_cost(self):
        return self.month_costs[0] if self.month_costs else None


@dataclass
class Inputs:
    network: object
    today: date
    year: str
    following: str
    months: tuple
    entitlement: Decimal | None
    forecast_total: Decimal
    unspent: Decimal  # this year's forecast unspent (0 when over or unknown)
    left_out_people: list  # the forecast's LeftOut: people it could not count
    next_entitlement: Decimal | None
    next_assumed: bool  # next year's rate unknown: this year's entitlement used
    committed_next: Decimal
    next_room: Decimal
    default_headroom: Decimal
    headroom: Decimal
    comparison: object = None  # Comparison, or None when not available
    roles: list = field(default_factory=list)  # [RoleRow]
    left_out_roles: list = field(default_factory=list)  # [(name, why)]
    shortfall_source: str = ""  # where the comparison came from, or why it is missing
    agreed: object = None  # the agreed Scenario, or None
    unmet: dict = field(default_factory=dict)  # service name -> (sessions a week, role codes)
    pins: dict = field(default_factory=dict)  # role code -> hundredths or None
    forbidden: frozenset = frozenset()


@dataclass(frozen=True)
class Comparison:
    """The network against similar PCNs (pcn.benchmarking.england), with the register today."""

    shortfall: dict  # role code -> FTE the register today is below the similar median
    median: dict  # role code -> the similar PCNs' median FTE per 10,000 registered patients
    patients: int  # the census's registered patients for the PCN
    census_date: date
    similar: int  # how many similar PCNs


def shortfalls(network, register_fte):
    """(Comparison, "") from the benchmark against England, the register's FTE by role standing
    for the network today; (None, why) when that comparison is not available."""
    try:
        from pcn.benchmarking import england
    except ImportError:
        return None, "the comparison with similar PCNs is not available"
    found = england.benchmark(network.pcn_code)
    if found is None:
        return None, "this network is not in the NHS workforce census loaded"
    return Comparison(
        shortfall=england.role_shortfalls(
            network.pcn_code, england=found.england, fte=register_fte
        ),
        median={r.role: r.median_similar_per_10k for r in found.roles},
        patients=found.pcn.patients,
        census_date=found.pcn.census_date,
        similar=len(found.similar),
    ), ""


def unmet_by_service(scenario):
    """{service name: sessions a week practices asked for beyond what they were allocated}."""
    unmet = {}
    for service in (scenario.result or {}).get("services", []):
        total = Decimal(0)
        for row in service.get("practices", []):
            if row.get("opted_in") and row.get("demand") is not None:
                gap = Decimal(str(row["demand"])) - Decimal(str(row["allocated"]))
                total += max(gap, Decimal(0))
        if total:
            unmet[service["service"]] = total
    return unmet


def _hundredths(value):
    return int((Decimal(value) * 100).to_integral_value(rounding=ROUND_CEILING))


def _up_to_step(hundredths):
    step = min(STEPS)
    return -(-hundredths // step) * step


def _band_for(role, staff_bands, banded, shipped_bands):
    if role.code in banded:
        mine = [b for b in staff_bands if b in shipped_bands]
        if mine:
            return max(set(mine), key=mine.count)
        return min(shipped_bands) if shipped_bands else ""
    if staff_bands:
        return max(set(staff_bands), key=staff_bands.count)
    return role.band


def gather(network, *, today, headroom=None, pins=None, forbidden=()):
    year = this_year(today)
    following = next_year(year)
    forecast, people, terms = forecast_for(network, year, today=today)
    rule = maximum_on(terms)
    april = first_day(following)
    next_lines = entitlements.for_network(network, following)
    next_entitlement = entitlements.arrs_entitlement(next_lines)
    assumed = next_entitlement is None
    if assumed:
        next_entitlement = forecast.entitlement
    committed = committed_next_year(people, rule, april)
    room = (next_entitlement - committed) if next_entitlement is not None else ZERO
    unspent = forecast.unspent or ZERO
    default = max(unspent, ZERO) + max(room, ZERO)
    start_months = tuple(
        m for m in months(year) if m > today and m <= last_day(year)
    )  # from next month to March
    inputs = Inputs(
        network=network,
        today=today,
        year=year,
        following=following,
        months=start_months,
        entitlement=forecast.entitlement,
        forecast_total=forecast.total,
        unspent=unspent,
        left_out_people=forecast.left_out,
        next_entitlement=next_entitlement,
        next_assumed=assumed,
        committed_next=committed,
        next_room=room,
        default_headroom=default,
        headroom=default if headroom is None else headroom,
        pins=dict(pins or {}),
        forbidden=frozenset(forbidden),
    )
    staff = [
        p
        for p in network.staff.filter(funding=Funding.ARRS).exclude(role_code="")
        if (p.start_date is None or p.start_date <= today)
        and (p.end_date is None or p.end_date >= today)
    ]
    register_fte = {}
    for person in staff:
        register_fte[person.role_code] = register_fte.get(person.role_code, 0) + person.wte
    found, why = shortfalls(network, register_fte)
    inputs.comparison = found
    inputs.shortfall_source = (
        f"the FTE in the register today below the median per 10,000 registered patients of "
        f"{found.similar} similar PCNs (NHS workforce census of {found.census_date.day} "
        f"{found.census_date:%B %Y}; see Benchmark)"
        if found is not None
        else why
    )
    inputs.agreed = agreed_scenario(network)
    unmet = unmet_by_service(inputs.agreed) if inputs.agreed else {}
    services = {s.name: s.role_codes for s in network.services.all()}
    # A service renamed or removed since the allocation was agreed has no roles to deliver it.
    inputs.unmet = {name: (sessions, services.get(name, [])) for name, sessions in unmet.items()}
    no_agreement = not terms.profile.mental_health_agreement
    for role in roles_of_year(year).values():
        mine = [p for p in staff if p.role_code == role.code]
        shipped_bands = sorted(b for code, b in terms.maxima.shipped if code == role.code and b)
        band = _band_for(role, [p.band for p in mine], terms.maxima.banded, shipped_bands)
        is_mh = role.code in terms.mh_codes
        if is_mh and no_agreement:
            inputs.left_out_roles.append(
                (role.name, "not reimbursed: the network has no mental health agreement")
            )
            continue
        share = mental_health_share(is_mh, not terms.firsts, not no_agreement)
        newcomer = Person(
            "new",
            role.code,
            Decimal(1),
            None,
            None,
            share,
            band=band,
            pay_area=terms.profile.pay_area,
        )
        if (
            any(not rule(newcomer, m).known for m in start_months)
            or not rule(newcomer, april).known
        ):
            maximum = rule(newcomer, start_months[0] if start_months else april)
            inputs.left_out_roles.append((role.name, f"no known maximum ({maximum.note})"))
            continue
        # Expected pay, when it is below the maximum: the median of the network's own people in
        # the role, per WTE, from their latest full month's pay line (the forecast's figure).
        paid = [
            q.monthly_cost / q.wte
            for q in people
            if q.role_code == role.code and q.monthly_cost is not None and q.wte
        ]
        expected = Decimal(median(paid)) if paid else None
        costed = Person(
            "new",
            role.code,
            Decimal(1),
            None,
            None,
            share,
            monthly_cost=expected,
            band=band,
            pay_area=terms.profile.pay_area,
        )
        month_costs = [estimate_month(costed, m, rule(costed, m).value) for m in start_months]
        at_max = [estimate_month(newcomer, m, rule(newcomer, m).value) for m in start_months]
        yearly_max = Decimal(rule(newcomer, april).value) * share
        full_year = pennies(min(expected * 12 * share, yearly_max) if expected else yearly_max)
        below = expected is not None and (month_costs != at_max or full_year < pennies(yearly_max))
        notes = {rule(newcomer, m).note for m in (*start_months, april)} - {""}
        fte = sum((p.wte for p in mine), Decimal(0))
        per_10k = None
        if found is not None and found.patients:
            per_10k = fte * 10000 / found.patients
        short = None
        if found is not None:
            short = max(Decimal(found.shortfall.get(role.code, 0)), Decimal(0))
        role_unmet = [(name, s) for name, s in unmet.items() if role.code in services.get(name, [])]
        unmet_sessions = sum((s for _, s in role_unmet), Decimal(0))
        need = max(
            _hundredths(short or 0),
            _hundredths(unmet_sessions / sessions_per_wte(role.code)),
        )
        inputs.roles.append(
            RoleRow(
                code=role.code,
                name=role.name,
                band=band,
                costed_at=(
                    f"the network's pay (median of {len(paid)} "
                    f"{'person' if len(paid) == 1 else 'people'})"
                    if below
                    else "the maximum"
                ),
                month_costs=month_costs,
                full_year_cost=full_year,
                fte_in_post=fte,
                per_10k=per_10k,
                shortfall=short,
                unmet_sessions=unmet_sessions,
                unmet_services=role_unmet,
                max_wte=Decimal(min(MAX_WTE_A_ROLE, max(LEAST_WTE_A_ROLE, _up_to_step(need))))
                / 100,
                estimate_note="; ".join(sorted(notes)),
            )
        )
    return inputs


def _fte(value):
    return f"{value:.1f}"


def benchmark_note(row, inputs):
    """ "your network has 0.8 FTE per 10,000 patients, similar PCNs a median of 1.6; 1.0 FTE
    below it" (the register today; the median from the NHS workforce census)."""
    found = inputs.comparison
    if row.shortfall is None or found is None:
        return ""
    median = found.median.get(row.code)
    mine = f"your network has {row.per_10k:.2f} FTE per 10,000 patients"
    if median is None:
        return f"{mine}; the median of similar PCNs is not known"
    mine += f", similar PCNs a median of {median:.2f}"
    if row.shortfall > 0:
        return f"{mine}; {row.shortfall:.2f} FTE below it"
    return f"{mine}: not below them, so it is here to use the headroom"


def demand_note(row, inputs):
    if not row.unmet_services:
        return ""
    parts = [f"{_fte(s)} sessions a week of {name.lower()}" for name, s in row.unmet_services]
    return "could take on " + ", ".join(parts) + " unmet in the agreed allocation"


def to_problem(inputs) -> Problem:
    candidates = tuple(
        Candidate(
            role=row.code,
            name=row.name,
            band=row.band,
            month_cost=tuple(int(c * 100) for c in row.month_costs),
            full_year_cost=int(row.full_year_cost * 100),
            max_wte=int(row.max_wte * 100),
            shortfall=_hundredths(row.shortfall or 0),
            sessions_per_wte=int(sessions_per_wte(row.code)),
            benchmark_note=benchmark_note(row, inputs),
            demand_note=demand_note(row, inputs),
        )
        for row in inputs.roles
    )
    known = {row.code for row in inputs.roles}
    services = tuple(
        Service(name, _hundredths(sessions), tuple(sorted(set(roles) & known)))
        for name, (sessions, roles) in sorted(inputs.unmet.items())
    )
    return Problem(
        months=inputs.months,
        candidates=candidates,
        services=services,
        headroom=int(pennies(inputs.headroom) * 100),
        next_year_room=int(pennies(inputs.next_room) * 100),
        steps=STEPS,
        pins=tuple(Pin(code, wte) for code, wte in sorted(inputs.pins.items()) if code in known),
        forbidden=frozenset(c for c in inputs.forbidden if c in known),
    )


def describe_headroom(inputs):
    return (
        f"this year's forecast unspent {pounds(inputs.unspent)} plus next year's entitlement "
        f"left after everyone now in post {pounds(max(inputs.next_room, ZERO))}"
    )
