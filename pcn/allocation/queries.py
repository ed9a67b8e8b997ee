"""Reads for the allocation pages: the allocation beside the equal split, comparisons of two
scenarios, and the fair-share ledger. Each reads the database in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from engine.rota.horizon import holidays_phrase
from engine.rota.problem import WEEKDAYS as WORKING_DAYS
from engine.rota.problem import scaled_to_working_days
from pcn.core.bank_holidays import bank_holidays

from . import problems
from .capacity import week_start
from .models import BLENDABLE, Basis, Scenario

CAUSES = {
    None: "",
    "rounding": "Rounding",
    "rooms": "Rooms",
    "cap": "Cap",
    "floor": "Floor",
    "redistribution": "Others' rooms, caps or staff reach",
    "reach": "Beyond the staff's reach",
}
CURRENT, EQUAL = "current", "equal"


def next_week(today=None):
    """The week an allocation is for: this week until Friday, then the next one."""
    today = today or timezone.localdate()
    monday = week_start(today)
    return monday if today.weekday() < 5 else monday + timedelta(days=7)


def basis_label(basis):
    return Basis(basis).label if basis in Basis.values else basis


@dataclass
class ServiceView:
    service: object  # the Service
    result: dict  # the engine's JSON for it (with "error" when it could not be allocated)
    equal: dict  # the equal split's JSON for it
    capacity: object  # ServiceCapacity
    policy: object  # FairnessPolicy in force
    answers: dict  # practice id -> Participation
    rows: list = field(default_factory=list)

    @property
    def error(self):
        return self.result.get("error")


def _rows(view, practices):
    equal = {r["ods_code"]: r for r in view.equal.get("practices", [])}
    ours = {r["ods_code"]: r for r in view.result.get("practices", [])}
    rows = []
    for practice in practices:
        row = ours.get(practice.ods_code)
        if row is None:
            continue
        rows.append(
            {
                **row,
                "practice": practice,
                "answer": view.answers.get(practice.pk),
                "equal_allocated": equal.get(practice.ods_code, {}).get("allocated"),
                "difference": round(row["allocated"] - row["fair_share"], 2),
                "cause_label": CAUSES.get(row["cause"], row["cause"]),
            }
        )
    return rows


@dataclass
class AllocationPage:
    inputs: object
    services: list  # [ServiceView]
    totals: list  # [(practice, fair share, allocated, equal split)] across services
    result: dict  # the whole allocation, as saved in a scenario


def allocation_page(network, week=None):
    inputs = problems.gather(network, week or next_week())
    result = problems.allocate(inputs)
    equal = problems.allocate(inputs, equal=True)
    views = []
    for service, ours, theirs in zip(
        inputs.services, result["services"], equal["services"], strict=True
    ):
        view = ServiceView(
            service=service,
            result=ours,
            equal=theirs,
            capacity=inputs.capacity[service.pk],
            policy=inputs.policies[service.pk],
            answers={
                practice.pk: inputs.answers.get((service.pk, practice.pk))
                for practice in inputs.practices
            },
        )
        view.rows = _rows(view, inputs.practices)
        views.append(view)
    totals = []
    for practice in inputs.practices:
        mine = [r for v in views for r in v.rows if r["practice"] == practice]
        totals.append(
            (
                practice,
                round(sum(r["fair_share"] for r in mine), 2),
                sum(r["allocated"] for r in mine),
                sum(r["equal_allocated"] or 0 for r in mine),
            )
        )
    return AllocationPage(inputs=inputs, services=views, totals=totals, result=result)


# Comparing two allocations ---------------------------------------------------------------


def choices(network):
    """What can be compared: the current settings, the equal split, and saved scenarios."""
    options = [(CURRENT, "Current settings"), (EQUAL, "Equal split")]
    options += [
        (str(s.pk), f"{s.name} ({s.get_status_display().lower()})") for s in network.scenarios.all()
    ]
    return options


def resolve(network, key, inputs):
    """(label, allocation JSON) for a choice key; None if it names nothing of this network."""
    if key == CURRENT:
        return "Current settings", problems.allocate(inputs)
    if key == EQUAL:
        return "Equal split", problems.allocate(inputs, equal=True)
    if not str(key).isdigit():
        return None
    scenario = network.scenarios.filter(pk=key).first()
    return (scenario.name, scenario.result) if scenario else None


def practice_totals(result):
    """{ods: {"name", "allocated", "fair_share", "demand", "unmet", "by_service": {...}}}"""
    totals = {}
    for service in result["services"]:
        for row in service.get("practices", []):
            entry = totals.setdefault(
                row["ods_code"],
                {
                    "name": row.get("name", row["ods_code"]),
                    "allocated": 0,
                    "fair_share": 0.0,
                    "demand": 0.0,
                    "unmet": 0.0,
                    "by_service": {},
                },
            )
            entry["allocated"] += row["allocated"]
            entry["fair_share"] += row["fair_share"]
            entry["by_service"][service["service"]] = row["allocated"]
            if row.get("demand") is not None and row["opted_in"]:
                entry["demand"] += row["demand"]
                entry["unmet"] += max(0.0, row["demand"] - row["allocated"])
    return totals


@dataclass
class Comparison:
    a_label: str
    b_label: str
    rows: list  # dicts: name, ods, a, b, difference, a_unmet, b_unmet, by_service
    services: list  # service names in either
    unmet: tuple  # (a, b) network totals of unmet declared demand
    largest: int  # the largest session count, for the chart's scale


def compare(network, a_key, b_key, week=None):
    inputs = problems.gather(network, week or next_week())
    a, b = resolve(network, a_key, inputs), resolve(network, b_key, inputs)
    if a is None or b is None:
        return None
    a_totals, b_totals = practice_totals(a[1]), practice_totals(b[1])
    services = []
    for result in (a[1], b[1]):
        services += [s["service"] for s in result["services"] if s["service"] not in services]
    rows = []
    for ods in sorted(
        set(a_totals) | set(b_totals), key=lambda o: (a_totals | b_totals)[o]["name"]
    ):
        left, right = a_totals.get(ods), b_totals.get(ods)
        rows.append(
            {
                "ods": ods,
                "name": (left or right)["name"],
                "a": left["allocated"] if left else 0,
                "b": right["allocated"] if right else 0,
                "a_unmet": left["unmet"] if left else 0.0,
                "b_unmet": right["unmet"] if right else 0.0,
                "by_service": [
                    (
                        service,
                        (left or {}).get("by_service", {}).get(service, 0),
                        (right or {}).get("by_service", {}).get(service, 0),
                    )
                    for service in services
                ],
            }
        )
        rows[-1]["difference"] = rows[-1]["b"] - rows[-1]["a"]
    return Comparison(
        a_label=a[0],
        b_label=b[0],
        rows=rows,
        services=services,
        unmet=(sum(r["a_unmet"] for r in rows), sum(r["b_unmet"] for r in rows)),
        largest=max([r["a"] for r in rows] + [r["b"] for r in rows] + [1]),
    )


# The fair-share ledger -------------------------------------------------------------------

LEDGER_WEEKS = 26  # half a year: long enough to see a shortfall made up


@dataclass
class Ledger:
    weeks: list  # [(monday, scenario, {ods: (entitled, received, balance to date)})]
    holidays: dict  # monday -> "Friday 25 December is a bank holiday" for weeks with one
    practices: list  # [(ods, name)]
    totals: dict  # ods -> (entitled, received, balance) to date
    source: str


def ledger(network, today=None):
    """Each week since the network first agreed an allocation: what each practice was entitled
    to (its fair share under the allocation agreed that week) against what it received. Until
    a rota is published, what it received is the agreed allocation's whole sessions, so the
    balance is the rounding that a later week can make up."""
    today = today or timezone.localdate()
    agreed = list(network.scenarios.filter(agreed_at__isnull=False).order_by("agreed_at", "pk"))
    practices = [(p.ods_code, p.name) for p in network.practices.all()]
    source = "the agreed allocation (no rota published yet)"
    if not agreed:
        return Ledger(weeks=[], practices=practices, totals={}, source=source, holidays={})
    first = week_start(timezone.localtime(agreed[0].agreed_at).date())
    this_week = week_start(today)
    mondays = []
    monday = max(first, this_week - timedelta(weeks=LEDGER_WEEKS - 1))
    while monday <= this_week:
        mondays.append(monday)
        monday += timedelta(weeks=1)
    running = {ods: [0.0, 0] for ods, _ in practices}
    weeks = []
    # A week with a bank holiday is entitled to, and receives, its working days' share.
    holidays = bank_holidays(mondays[0], mondays[-1] + timedelta(days=4)) if mondays else {}
    notes = {}
    per_scenario = {}
    for monday in mondays:
        in_force = [
            s
            for s in agreed
            if timezone.localtime(s.agreed_at).date() <= monday + timedelta(days=6)
        ]
        scenario = in_force[-1] if in_force else None
        if scenario is None:
            continue
        if scenario.pk not in per_scenario:
            per_scenario[scenario.pk] = practice_totals(scenario.result)
        totals = per_scenario[scenario.pk]
        off = [day for day in holidays if 0 <= (day - monday).days < WORKING_DAYS]
        days = WORKING_DAYS - len(off)
        if off:
            notes[monday] = holidays_phrase(off)
        week = {}
        for ods, _ in practices:
            entitled = totals.get(ods, {}).get("fair_share", 0.0) * days / WORKING_DAYS
            received = scaled_to_working_days(totals.get(ods, {}).get("allocated", 0), days)
            running[ods][0] += entitled
            running[ods][1] += received
            week[ods] = (entitled, received, round(running[ods][1] - running[ods][0], 2))
        weeks.append((monday, scenario, week))
    return Ledger(
        weeks=weeks,
        practices=practices,
        totals={ods: (round(e, 2), r, round(r - e, 2)) for ods, (e, r) in running.items()},
        source=source,
        holidays=notes,
    )


def policy_label(basis, weights=None, floor=None, cap=None):
    """ "A blend, with weights (weighted population × 3, declared demand × 1), floor 1"."""
    label = basis_label(basis)
    if basis == Basis.BLEND and weights:
        label += (
            " ("
            # In the form's order: PostgreSQL keeps a JSON object's keys in its own order.
            + ", ".join(
                f"{basis_label(b).lower()} × {float(weights[b]):g}"
                for b in BLENDABLE
                if b in weights
            )
            + ")"
        )
    if floor is not None:
        label += f", floor {floor}"
    if cap is not None:
        label += f", cap {cap}"
    return label


def _label(policy):
    if isinstance(policy, dict):
        return policy_label(
            policy["basis"], policy.get("weights"), policy.get("floor"), policy.get("cap")
        )
    return policy_label(policy.basis, policy.weights, policy.floor, policy.cap)


@dataclass
class ScenarioSettings:
    own: str | None  # the scenario's own settings, in words; None: it used the live ones
    rows: list  # [(service name, in the scenario, live now, differs)]
    equal: bool = False  # the equal split for every service

    @property
    def differing(self):
        return [row for row in self.rows if row[3]]


def scenario_settings(scenario):
    """The fairness settings a scenario was made with, service by service, beside the live
    settings now, and which differ."""
    services = [s for s in scenario.network.services.all() if s.name in scenario.policies]
    in_force = problems.policies_in_force(scenario.network, services)
    live = {s.name: in_force[s.pk] for s in services}
    rows = []
    for name, used in scenario.policies.items():
        now = live.get(name)
        used_label = _label(used)
        now_label = _label(now) if now is not None else "No longer a service"
        rows.append((name, used_label, now_label, used_label != now_label))
    own = _label(scenario.own_settings) if scenario.own_settings else None
    equal = own is None and all(p["basis"] == Basis.EQUAL for p in scenario.policies.values())
    return ScenarioSettings(own=own, rows=rows, equal=equal)


def scenarios(network):
    return list(network.scenarios.select_related("created_by", "agreed_by"))


def scenario_responses(scenario):
    return {r.practice_id: r for r in scenario.responses.select_related("by")}


def agreed_scenario(network):
    return (
        network.scenarios.filter(status=Scenario.Status.AGREED).select_related("agreed_by").first()
    )
