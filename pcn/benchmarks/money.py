"""Indicative ARRS headroom for every PCN in the NHS workforce file, as a range, in one batch.

Inputs come from the reference tables alone: practices from the practice map, weighted
populations from the shipped (unofficial) estimates, staff from the workforce file's latest
census through the NHS role map. The year costed is the one the census falls in, and everyone in
it is taken to be in post all that year at their census FTE. Each person in an ARRS role is
costed two ways, month by month through the same rule as a claim line (the lesser of cost and the
maximum in force on the month's first day × FTE): (a) at the maximum itself, and (b) at expected
pay, the mid-point of their role's Agenda for Change band plus employer National Insurance and
employer pension, capped at the maximum; the band's entry point is shown too, as the low-cost
end. Maxima come from the shipped timeline (estimates
included, each labelled). The band is not in the workforce file: for a role whose band is a
range the higher band is used (so expected pay is not understated), and every mental health
practitioner is taken to be band 7, costed at 50% of the band-7 figure (the first-per-band
rule). Entitlement is the 2025/26 ARRS rate × each PCN's weighted population estimate. The
national unspent share is the money left unclaimed in PCNs whose cost falls short of their
entitlement, over the total entitlement: an indicative range, not a forecast of claims.

The baseline, timed on the same inputs in the same run, is the spreadsheet sum a manager does
today: the ARRS sum less Σ maximum × FTE for the year, with no months and no rules. The two
agree to within pennies per person when no maximum changes within the year, which the run checks.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from pcn.core.years import months, population_date, year_of
from pcn.money.entitlements import populations_from_files
from pcn.money.exact import ZERO, pennies
from pcn.money.forecast import Person, estimate_month
from pcn.money.maxima import Maxima
from pcn.money.rates import published_rates
from pcn.money.reimbursement import HALF, WHOLE
from pcn.reference.census import latest_census_date, map_is_unsure, role_map
from pcn.reference.models import ArrsRole, PracticeRecord, WorkforceRecord
from pcn.reference.queries import dated_population_estimates, latest_list_sizes

SECTION = "Money: indicative ARRS headroom for every PCN from the workforce file"
TARGET_SECONDS = 10

# --- Figures not in FACTS.md, with where they come from (read 2 December 2026) -------------

# Agenda for Change annual pay, England, from 1 April 2025 (the 3.6% award), entry and top pay
# point per band. Published by NHS Employers ("Pay scales for 2025/26"); the figures here are as
# reproduced by the page below (the NHS Employers page itself was not read). No 2026/27 England
# scales are in our sources, so 2025/26's are used for 2026/27 too: this understates 2026/27 pay
# by that year's award (FACTS §1.7 quotes +3.3% [S28]).
AFC_SOURCE = "https://nhstakehomepaycalculator.co.uk/guides/nhs-pay-bands-2025-26"
AFC_YEAR = "2025/26"
AFC_PAY = {
    "3": (Decimal(24937), Decimal(26598)),
    "4": (Decimal(27485), Decimal(30162)),
    "5": (Decimal(31049), Decimal(37796)),
    "6": (Decimal(38682), Decimal(46580)),
    "7": (Decimal(47810), Decimal(54710)),
    "8a": (Decimal(55690), Decimal(62682)),
    "8b": (Decimal(64455), Decimal(74896)),
    "8c": (Decimal(76965), Decimal(88682)),
}
# Employer (secondary Class 1) National Insurance from 6 April 2025: 15% of pay above £5,000 a
# year, the threshold held until 6 April 2028 (so also 2026/27). The Employment Allowance is an
# employer's, not a post's, and is left out.
EMPLOYER_NI_RATE = Decimal("0.15")
EMPLOYER_NI_THRESHOLD = Decimal(5000)
EMPLOYER_NI_SOURCE = (
    "https://lewisbrownlee-co-uk.rc.clientzone.com/news/spring-statement/article/2025/March/"
    "national-insurance-contributions"
)
# NHS Pension Scheme: the employer rate is 23.7%, of which "all employers will pay 14.38%" and
# HM Treasury the rest; the employer's 14.38% is the on-cost a PCN or practice pays and claims.
EMPLOYER_PENSION_RATE = Decimal("0.1438")
EMPLOYER_PENSION_SOURCE = "https://faq.nhsbsa.nhs.uk/knowledgebase/article/KA-04392/en-us"
# The ARRS GP salary element (FACTS §1.3 [S4][S8][G2]); with the on-costs above it comes to
# £105,882.41, the published 2025/26 GP maximum of £105,882: a check on the on-cost method.
GP_SALARY = Decimal(82418)
GP_SALARY_SOURCE = "FACTS §1.3 [S4][S8][G2]"

# The band assumed where the catalogue gives a range (the higher one) or, for mental health
# practitioners, any of 4–8a (band 7, stated in the report).
MHP_BAND = "7"

# --- Published national figures (FACTS.md) -------------------------------------------------

ENTITLEMENT_RATE_YEAR = "2025/26"  # the latest published ARRS rate per weighted patient
PUBLISHED_POT = {
    "2026/27": (Decimal(1_754_000_000), "provisional [S28]"),
    "2025/26": (Decimal(1_711_000_000), "[S28]"),
}
PUBLISHED_UNDERSPEND = {
    "2023/24": (Decimal("0.062"), "£88m of £1,412m [S33]"),
    "2024/25": (Decimal("0.016"), "≈ £18m across 33 ICBs [S48]"),
}


def expected_pay(band: str, point: str = "mid") -> Decimal | None:
    """Annual cost per WTE at the band's mid-point (or, `point="entry"`, its entry point) plus
    employer NI and pension; None if the band's pay is not held. `band` "gp": the ARRS GP salary
    element plus on-costs."""
    if band == "gp":
        salary = GP_SALARY
    elif band in AFC_PAY:
        entry, top = AFC_PAY[band]
        salary = entry if point == "entry" else (entry + top) / 2
    else:
        return None
    return (
        salary
        + EMPLOYER_NI_RATE * max(salary - EMPLOYER_NI_THRESHOLD, ZERO)
        + EMPLOYER_PENSION_RATE * salary
    )


def pay_band(role_code: str, catalogue_band: str, mental_health: bool) -> str:
    """The band expected pay is costed at: the higher of a range ("7–8a" → "8a", "up to 5" →
    "5"), band 7 for mental health practitioners, "gp" for GPs."""
    if mental_health:
        return MHP_BAND
    if role_code == "gp":
        return "gp"
    text = catalogue_band.lower().replace("up to", "").replace("band", "")
    return text.replace("-", "–").split("–")[-1].strip()


@dataclass
class Costed:
    """One person, in a form both costings and the baseline use."""

    role_code: str
    band: str  # the band of the maximum looked up ("" unless the maximum depends on it)
    wte: Decimal
    share: Decimal
    pay: Decimal | None  # expected annual cost per WTE; None: costed at the maximum
    entry_pay: Decimal | None  # the same at the band's entry point (the low-cost bound)


@dataclass
class Inputs:
    census_date: object
    year: str = ""
    people: dict = field(default_factory=dict)  # pcn code -> [Costed]
    members: dict = field(default_factory=dict)  # pcn code -> [practice code]
    list_sizes: dict = field(default_factory=dict)
    estimates: dict = field(default_factory=dict)
    maxima: dict = field(default_factory=dict)  # (role, band) -> [per WTE for each month]
    maxima_notes: dict = field(default_factory=dict)  # (role, band) -> note of first month
    records: int = 0
    costed_fte: Decimal = ZERO
    left_out: dict = field(default_factory=dict)  # reason -> [count, fte]
    not_arrs: dict = field(default_factory=dict)  # note -> [count, fte]
    pay_fallback: dict = field(default_factory=dict)  # role -> [count, fte]
    mental_health: list = field(default_factory=lambda: [0, ZERO])  # count, fte
    by_role: dict = field(default_factory=dict)  # role -> [count, fte]
    pay_by_role: dict = field(default_factory=dict)  # (role, band) -> (mid, entry, pay band)


def _add(tally, key, fte):
    entry = tally.setdefault(key, [0, ZERO])
    entry[0] += 1
    entry[1] += fte


def gather(pcn_codes=None) -> Inputs:
    census_date = latest_census_date()
    inputs = Inputs(census_date=census_date)
    if census_date is None:
        return inputs
    year = inputs.year = year_of(census_date)
    records = WorkforceRecord.objects.filter(census_date=census_date)
    if pcn_codes:
        records = records.filter(pcn_code__in=[c.strip().upper() for c in pcn_codes])
    mapping = role_map()
    catalogue = {
        code: (band, reimbursement == ArrsRole.Reimbursement.MENTAL_HEALTH)
        for code, band, reimbursement in ArrsRole.objects.filter(year=year).values_list(
            "code", "band", "reimbursement"
        )
    }
    maxima = Maxima()
    the_months = months(year)
    pay_by_band = {}
    people = defaultdict(list)
    for pcn_code, staff_role, detailed_role, fte in records.values_list(
        "pcn_code", "staff_role", "detailed_role", "fte"
    ).iterator():
        inputs.records += 1
        people.setdefault(pcn_code, [])
        fte = Decimal(fte)
        if (staff_role, detailed_role) not in mapping:
            _add(inputs.left_out, "role not in the NHS role map", fte)
            continue
        role_code, note = mapping[(staff_role, detailed_role)]
        if not role_code:
            key = "the map is unsure; possibly an ARRS role" if map_is_unsure(note) else "not ARRS"
            _add(inputs.not_arrs, (key, f"{staff_role} / {detailed_role}"), fte)
            continue
        if role_code not in catalogue:
            _add(inputs.left_out, f"{role_code}: not in the {year} catalogue", fte)
            continue
        catalogue_band, mental_health = catalogue[role_code]
        band = MHP_BAND if role_code in maxima.banded else ""
        key = (role_code, band)
        if key not in inputs.maxima:
            found = [maxima.on(role_code, month, band=band) for month in the_months]
            inputs.maxima[key] = [m.value for m in found]
            inputs.maxima_notes[key] = (found[0].note, found[0].estimated, found[0].value)
        if any(value is None for value in inputs.maxima[key]):
            _add(inputs.left_out, f"{role_code}: no maximum for part of {year}", fte)
            continue
        pay_key = pay_band(role_code, catalogue_band, mental_health)
        if pay_key not in pay_by_band:
            pay_by_band[pay_key] = (expected_pay(pay_key), expected_pay(pay_key, "entry"))
        pay, entry_pay = pay_by_band[pay_key]
        inputs.pay_by_role[key] = (pay, entry_pay, pay_key)
        if pay is None:
            _add(inputs.pay_fallback, role_code, fte)
        if mental_health:
            inputs.mental_health[0] += 1
            inputs.mental_health[1] += fte
        _add(inputs.by_role, role_code, fte)
        inputs.costed_fte += fte
        people[pcn_code].append(
            Costed(role_code, band, fte, HALF if mental_health else WHOLE, pay, entry_pay)
        )
    inputs.people = dict(people)
    for pcn_code, code in PracticeRecord.objects.filter(pcn_code__in=list(people)).values_list(
        "pcn_code", "code"
    ):
        inputs.members.setdefault(pcn_code, []).append(code)
    codes = [c for practices in inputs.members.values() for c in practices]
    inputs.list_sizes = latest_list_sizes(codes)
    inputs.estimates = dated_population_estimates(codes)
    return inputs


# The costings, dearest first: the maximum, expected pay (band mid-point), the entry point.
COSTINGS = ("at_maximum", "at_expected_pay", "at_entry_pay")


@dataclass
class Result:
    pcn_code: str
    entitlement: Decimal | None
    costs: dict  # costing -> cost for the year
    people: int

    @property
    def at_maximum(self):
        return self.costs["at_maximum"]

    @property
    def at_expected_pay(self):
        return self.costs["at_expected_pay"]


def entitlement_rate():
    return published_rates(ENTITLEMENT_RATE_YEAR)["arrs"]


def entitlement_of(inputs, pcn_code, rate):
    weighted = populations_from_files(
        inputs.members.get(pcn_code, []),
        inputs.list_sizes,
        inputs.estimates,
        as_at=population_date(inputs.year),
    )["weighted"]
    return None if weighted.value is None else pennies(rate * Decimal(weighted.value))


def person_costs(person, the_months, maxima):
    """(at the maximum, at expected pay, at entry pay) for a year in post, month by month
    through the claim line's rule: the lesser of the cost and the maximum × WTE, × the share."""
    role_code, _band, wte, share, pays = person
    costs = []
    for pay in (None, *pays):
        # No pay held: the maximum itself (estimate_month's rule without a salary line).
        monthly = None if pay is None else pay * wte / 12
        someone = Person(None, role_code, wte, None, None, share, monthly)
        costs.append(
            sum(
                (estimate_month(someone, m, x) for m, x in zip(the_months, maxima, strict=True)),
                ZERO,
            )
        )
    return costs


def cost_all(inputs):
    """Every costing for every PCN, and its entitlement."""
    rate = entitlement_rate().value
    the_months = months(inputs.year)
    memo = {}
    results = []
    for pcn_code, people in inputs.people.items():
        totals = [ZERO] * len(COSTINGS)
        alike = Counter((p.role_code, p.band, p.wte, p.share, (p.pay, p.entry_pay)) for p in people)
        for person, count in alike.items():
            if person not in memo:
                memo[person] = person_costs(
                    person, the_months, inputs.maxima[(person[0], person[1])]
                )
            for index, cost in enumerate(memo[person]):
                totals[index] += cost * count
        results.append(
            Result(
                pcn_code,
                entitlement_of(inputs, pcn_code, rate),
                dict(zip(COSTINGS, totals, strict=True)),
                len(people),
            )
        )
    return results


def spreadsheet_all(inputs):
    """The baseline: ARRS sum less Σ maximum × FTE, once a year per PCN (the maximum in force
    on the year's first day)."""
    rate = entitlement_rate().value
    results = []
    for pcn_code, people in inputs.people.items():
        cost = ZERO
        for person in people:
            maximum = inputs.maxima[(person.role_code, person.band)][0]
            cost += pennies(maximum * person.wte * person.share)
        results.append(
            Result(
                pcn_code,
                entitlement_of(inputs, pcn_code, rate),
                {"at_maximum": cost},
                len(people),
            )
        )
    return results


@dataclass
class Measured:
    inputs: Inputs
    results: list
    baseline: list
    gather_seconds: list = field(default_factory=list)
    cost_seconds: list = field(default_factory=list)
    baseline_seconds: list = field(default_factory=list)

    @property
    def total_median(self):
        return statistics.median(self.gather_seconds) + statistics.median(self.cost_seconds)


def run(repeat=5, pcn_codes=None) -> Measured:
    measured = None
    for _ in range(repeat):
        started = time.perf_counter()
        inputs = gather(pcn_codes=pcn_codes)
        gathered = time.perf_counter()
        results = cost_all(inputs) if inputs.census_date else []
        costed = time.perf_counter()
        baseline = spreadsheet_all(inputs) if inputs.census_date else []
        done = time.perf_counter()
        if measured is None:
            measured = Measured(inputs, results, baseline)
        measured.gather_seconds.append(gathered - started)
        measured.cost_seconds.append(costed - gathered)
        measured.baseline_seconds.append(done - costed)
    return measured


def agreement(measured):
    """The largest gap between the month-by-month cost at the maximum and the yearly sum, per
    person."""
    gaps = []
    for ours, theirs in zip(measured.results, measured.baseline, strict=True):
        people = ours.people or 1
        gaps.append(abs(ours.at_maximum - theirs.at_maximum) / people)
    return max(gaps, default=ZERO)


def _share(part, whole):
    return None if not whole else part / whole


def _money(value):
    return None if value is None else float(pennies(value))


def _fte(value):
    return float(Decimal(value).quantize(Decimal("0.01")))


def national(measured):
    """The national figures: what --json prints and the docs section is written from."""
    inputs = measured.inputs
    known = [r for r in measured.results if r.entitlement is not None]
    total_entitlement = sum((r.entitlement for r in known), ZERO)
    costings = {}
    for name in COSTINGS:
        cost = sum((r.costs[name] for r in known), ZERO)
        unspent = sum((max(r.entitlement - r.costs[name], ZERO) for r in known), ZERO)
        costings[name] = {
            "cost": cost,
            "unspent": unspent,
            "share": _share(unspent, total_entitlement),
            "net_share": _share(total_entitlement - cost, total_entitlement),
            "pcns_unspent": sum(1 for r in known if r.entitlement > r.costs[name]),
            "pcns_over": sum(1 for r in known if r.entitlement < r.costs[name]),
        }
    # Where the unspent money sits: PCNs whose staff cost (at the maximum) is under half their
    # entitlement look more like incomplete workforce returns or population mismatches.
    thin = [r for r in known if r.at_maximum < r.entitlement / 2]
    thin_unspent = sum((r.entitlement - r.at_maximum for r in thin), ZERO)
    pot, pot_source = PUBLISHED_POT.get(inputs.year, (None, "not in FACTS.md"))
    left_out = {reason: {"count": c, "fte": _fte(f)} for reason, (c, f) in inputs.left_out.items()}
    not_arrs = {}
    for (kind, role), (count, fte) in sorted(inputs.not_arrs.items()):
        group = not_arrs.setdefault(kind, {"count": 0, "fte": 0.0, "roles": {}})
        group["count"] += count
        group["fte"] = round(group["fte"] + _fte(fte), 2)
        group["roles"][role] = {"count": count, "fte": _fte(fte)}
    maxima_notes = {
        f"{role}{' band ' + band if band else ''}": {
            "value": _money(value),
            "estimated": estimated,
            "note": note,
        }
        for (role, band), (note, estimated, value) in sorted(inputs.maxima_notes.items())
    }
    pay_vs_maximum = {
        f"{role}{' band ' + band if band else ''}": {
            "pay_band": pay_key,
            "maximum": _money(inputs.maxima[(role, band)][0]),
            "expected_pay": _money(mid),
            "entry_pay": _money(entry),
            "maximum_binds_at_expected_pay": mid is None or mid >= inputs.maxima[(role, band)][0],
        }
        for (role, band), (mid, entry, pay_key) in sorted(inputs.pay_by_role.items())
    }
    rate = entitlement_rate()
    return {
        "year": inputs.year,
        "census_date": inputs.census_date.isoformat() if inputs.census_date else None,
        "pcns": len(measured.results),
        "pcns_with_entitlement": len(known),
        "workforce_records": inputs.records,
        "people_costed": {
            "count": sum(r.people for r in measured.results),
            "fte": _fte(inputs.costed_fte),
            "by_role": {
                role: {"count": c, "fte": _fte(f)}
                for role, (c, f) in sorted(inputs.by_role.items())
            },
        },
        "people_left_out": {
            "count": sum(c for c, _ in inputs.left_out.values()),
            "fte": _fte(sum((f for _, f in inputs.left_out.values()), ZERO)),
            "reasons": left_out,
        },
        "not_arrs_roles": {
            "count": sum(g["count"] for g in not_arrs.values()),
            "fte": round(sum(g["fte"] for g in not_arrs.values()), 2),
            "groups": not_arrs,
        },
        "expected_pay_fell_back_to_maximum": {
            "count": sum(c for c, _ in inputs.pay_fallback.values()),
            "fte": _fte(sum((f for _, f in inputs.pay_fallback.values()), ZERO)),
            "roles": {r: {"count": c, "fte": _fte(f)} for r, (c, f) in inputs.pay_fallback.items()},
        },
        "mental_health_practitioners": {
            "count": inputs.mental_health[0],
            "fte": _fte(inputs.mental_health[1]),
            "assumption": f"band {MHP_BAND} maximum and pay, reimbursed at 50% (first per band)",
        },
        "entitlement_rate": {
            "value": float(rate.value),
            "year": ENTITLEMENT_RATE_YEAR,
            "source": rate.source,
            "assumed_for": inputs.year,
        },
        "total_entitlement": _money(total_entitlement),
        "published_pot": {
            "year": inputs.year,
            "value": _money(pot),
            "source": pot_source,
            "others": {y: {"value": _money(v), "source": s} for y, (v, s) in PUBLISHED_POT.items()},
        },
        "cost": {name: _money(c["cost"]) for name, c in costings.items()},
        "unspent": {name: _money(c["unspent"]) for name, c in costings.items()},
        "unspent_share_of_entitlement": {
            name: None if c["share"] is None else round(float(c["share"]), 4)
            for name, c in costings.items()
        },
        "net_headroom_share_of_entitlement": {
            name: None if c["net_share"] is None else round(float(c["net_share"]), 4)
            for name, c in costings.items()
        },
        "pcns_under_half_their_entitlement_at_maximum": {
            "count": len(thin),
            "without_arrs_staff": sum(1 for r in thin if not r.people),
            "unspent": _money(thin_unspent),
            "share_of_entitlement": None
            if not total_entitlement
            else round(float(thin_unspent / total_entitlement), 4),
        },
        "pcns_leaving_money_unspent": {name: c["pcns_unspent"] for name, c in costings.items()},
        "pcns_costing_more_than_entitlement": {
            name: c["pcns_over"] for name, c in costings.items()
        },
        "published_underspend_shares": {
            y: {"share": float(s), "source": src} for y, (s, src) in PUBLISHED_UNDERSPEND.items()
        },
        "maxima_used": maxima_notes,
        "expected_pay_per_wte": pay_vs_maximum,
        "expected_pay_sources": {
            "agenda_for_change": f"{AFC_YEAR} England pay scales (NHS Employers), as "
            f"reproduced at {AFC_SOURCE}",
            "pay_point": "expected pay: the band's mid-point, (entry + top) / 2, ARRS posts "
            "having been filled since 2019; entry pay: the band's entry point",
            "band": "the catalogue band, the higher where it is a range (7–8a → 8a, up to 5 → 5); "
            f"mental health practitioners band {MHP_BAND}",
            "employer_ni": f"15% above £5,000 a year: {EMPLOYER_NI_SOURCE}",
            "employer_pension": f"14.38% (NHS Pension Scheme employer share): "
            f"{EMPLOYER_PENSION_SOURCE}",
            "gp": f"salary element £82,418 + on-costs: {GP_SALARY_SOURCE}",
        },
        "agreement_per_person": float(agreement(measured)),
        "timing_seconds_median": {
            "read": statistics.median(measured.gather_seconds),
            "cost": statistics.median(measured.cost_seconds),
            "baseline": statistics.median(measured.baseline_seconds),
            "total": measured.total_median,
        },
        "runs": len(measured.cost_seconds),
    }


def _m(value):
    return "unknown" if value is None else f"£{value / 1_000_000:,.1f}m"


def _pct(value):
    return "unknown" if value is None else f"{value * 100:.1f}%"


def report(measured):
    figures = national(measured)
    inputs = measured.inputs
    year = figures["year"]
    left = figures["people_left_out"]
    not_arrs = figures["not_arrs_roles"]
    unsure = not_arrs["groups"].get("the map is unsure; possibly an ARRS role", {})
    fallback = figures["expected_pay_fell_back_to_maximum"]
    mhp = figures["mental_health_practitioners"]
    pot = figures["published_pot"]
    share = figures["unspent_share_of_entitlement"]
    thin = figures["pcns_under_half_their_entitlement_at_maximum"]
    net = figures["net_headroom_share_of_entitlement"]
    pay_table = figures["expected_pay_per_wte"]
    binding = [role for role, v in pay_table.items() if v["maximum_binds_at_expected_pay"]]
    unspent = figures["unspent"]
    carried = sorted({n for n, _, _ in inputs.maxima_notes.values() if n.startswith("the latest")})
    estimated = sorted(
        f"{role}{' band ' + band if band else ''}"
        for (role, band), (_, is_estimate, _) in inputs.maxima_notes.items()
        if is_estimate
    )
    reasons = "; ".join(
        f"{reason}: {v['count']:,} ({v['fte']:,.1f} FTE)" for reason, v in left["reasons"].items()
    )
    other_pot = pot["others"].get(ENTITLEMENT_RATE_YEAR, {})
    lines = [
        f"Census {inputs.census_date:%B %Y}, so the year costed is {year}. PCNs: "
        f"{figures['pcns']:,}; workforce records {figures['workforce_records']:,}.",
        f"Costed: {figures['people_costed']['count']:,} people in ARRS roles "
        f"({figures['people_costed']['fte']:,.1f} FTE), every mapped ARRS role included "
        "(care co-ordinators, general practice assistants and nursing associates at their "
        "estimated maximum).",
        f"People left out (not costed): {left['count']:,} ({left['fte']:,.1f} FTE)"
        + (f": {reasons}." if reasons else "."),
        f"Not ARRS roles (clinical and other directors, GP locums, managers, admin and other "
        "non-catalogue "
        f"roles), not ARRS claims: {not_arrs['count']:,} records ({not_arrs['fte']:,.1f} FTE), "
        f"of which the role map is unsure of {unsure.get('count', 0):,} "
        f"({unsure.get('fte', 0):,.1f} FTE: healthcare assistants and unspecified 'Other' roles "
        "that may be ARRS posts; not costed).",
        f"Mental health practitioners: {mhp['count']:,} ({mhp['fte']:,.1f} FTE), the band is "
        f"not in the file: each is costed as band {MHP_BAND} (maximum and pay) at 50%, the "
        "first-per-band rate; later MHPs with a written agreement can be reimbursed up to "
        "100%, so this may undercount them.",
        "Maxima: the figure in force on each month's first day; "
        + (
            f"{year}'s are not published, so each role's latest held figure is carried "
            f"forward ({carried[0].removeprefix('the latest held, ').split(' (')[0]})"
            if carried
            else f"all from {year}'s own figures"
        )
        + f". Estimated maxima used: {', '.join(estimated) or 'none'}.",
        f"Expected pay: the {AFC_YEAR} Agenda for Change band mid-point (between the entry "
        "and top pay points: ARRS posts have been filled since 2019, so staff are spread "
        f"across their band; no {year} England scales are in our sources; the higher band "
        "where a role's band is a range) + employer NI "
        "15% above £5,000 + employer pension 14.38%; GPs the £82,418 salary element + the "
        f"same on-costs. Pay not sourced, costed at the maximum instead: {fallback['count']:,} "
        f"({fallback['fte']:,.1f} FTE).",
        f"Entitlement: {year}'s ARRS rate is unknown, so £{figures['entitlement_rate']['value']} "
        f"per weighted patient ({ENTITLEMENT_RATE_YEAR}) × each PCN's weighted population "
        f"estimate (1 Jan 2024, unofficial), known for {figures['pcns_with_entitlement']:,} "
        f"PCNs: {_m(figures['total_entitlement'])} in all, against the published national pot "
        f"{_m(pot['value'])} for {year} ({pot['source']}; {ENTITLEMENT_RATE_YEAR}: "
        f"{_m(other_pot.get('value'))} {other_pot.get('source', '')}).",
        "Indicative unspent share of entitlement (money left in PCNs whose cost falls short "
        "of their entitlement), as a range: "
        f"{_pct(share['at_maximum'])} at the maximum ({_m(unspent['at_maximum'])}, "
        f"{figures['pcns_leaving_money_unspent']['at_maximum']:,} PCNs) and "
        f"{_pct(share['at_expected_pay'])} at expected pay ({_m(unspent['at_expected_pay'])})"
        + (
            f", the same: at band mid-point pay with {AFC_YEAR} on-costs every role "
            "costs at least its carried-forward maximum, so the maximum binds"
            if all(v["maximum_binds_at_expected_pay"] for v in pay_table.values())
            else f"; the maximum binds at expected pay for {', '.join(binding) or 'no role'}"
        )
        + f"; {_pct(share['at_entry_pay'])} ({_m(unspent['at_entry_pay'])}) if everyone were "
        "at their band's entry point, the low-cost end. Published underspend: "
        + "; ".join(
            f"{y} {v['share'] * 100:.1f}% ({v['source']})"
            for y, v in figures["published_underspend_shares"].items()
        )
        + ".",
        f"At the maximum {figures['pcns_costing_more_than_entitlement']['at_maximum']:,} PCNs "
        "cost more than their entitlement; their excess is theirs to fund and cannot fill "
        "another PCN's shortfall. Netting it off, national entitlement less cost is "
        f"{_pct(net['at_maximum'])} of entitlement at the maximum, "
        f"{_pct(net['at_entry_pay'])} at entry pay.",
        f"Where it sits: {thin['count']:,} PCNs ({thin['without_arrs_staff']:,} with no ARRS "
        "staff in the file at all) cost under half their entitlement at the maximum and hold "
        f"{_m(thin['unspent'])} of the unspent money ({_pct(thin['share_of_entitlement'])} "
        "of entitlement): more likely incomplete workforce returns or a population estimate "
        "that does not match today's membership than money left unclaimed.",
        "Why this reads higher than the published underspend: the census is costed as a whole "
        "year (no recruitment after June) and may miss posts (sub-contracted staff, returns not "
        "made); maxima are the March 2025 table (not the raised "
        f"August 2025 or the {year} figures) at national rates (no London weighting); MHPs "
        "count at 50%; records the role map is unsure of are not costed. Each makes cost "
        "lower, so the unspent share leans high and is not news; against that, the estimated "
        f"entitlement ({_m(figures['total_entitlement'])}, from unofficial weighted "
        f"populations) is itself {_m(pot['value'] - figures['total_entitlement']) if pot['value'] else 'an unknown amount'} "
        "below the published pot.",
        f"Pay and on-cost sources (read 2 Dec 2026): Agenda for Change {AFC_YEAR} scales "
        f"published by NHS Employers, as reproduced at {AFC_SOURCE}; employer NI "
        f"{EMPLOYER_NI_SOURCE}; employer pension {EMPLOYER_PENSION_SOURCE}; GP salary element "
        f"{GP_SALARY_SOURCE}.",
        f"Month-by-month cost at the maximum and the yearly spreadsheet sum differ by at most "
        f"£{agreement(measured):.2f} per person.",
    ]
    median = statistics.median
    rows = [
        ("Read the inputs (reference tables)", median(measured.gather_seconds)),
        ("Both costings and entitlements, month by month, all PCNs", median(measured.cost_seconds)),
        ("Baseline: yearly spreadsheet sum, all PCNs", median(measured.baseline_seconds)),
        ("Total: read + costings and entitlements", measured.total_median),
    ]
    return lines, rows


def markdown(measured):
    lines, rows = report(measured)
    runs = len(measured.cost_seconds)
    table = "\n".join(f"| {name} | {seconds:.3f} s |" for name, seconds in rows)
    verdict = "within" if measured.total_median <= TARGET_SECONDS else "over"
    return (
        "`manage.py benchmark_money` (`--json` prints the national figures). "
        + "\n\n".join(part.strip().replace("\n", " ") for part in __doc__.split("\n\n")[1:3])
        + "\n\n"
        + "\n".join(f"- {line}" for line in lines)
        + f"\n\nMedian of {runs} runs:\n\n| Step | Median |\n|---|---|\n{table}\n\n"
        + f"Target ≤ {TARGET_SECONDS} s for the total: **{verdict}** "
        + f"({measured.total_median:.2f} s).\n"
    )
