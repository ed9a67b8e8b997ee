"""From the database to the allocation engine and back: the network's services, answers,
populations, rooms and staff time as an engine problem, and its answer as plain data."""

from dataclasses import dataclass, replace

from django.db.models import Sum

from engine import allocation as engine
from pcn.networks.models import RoomAvailability
from pcn.networks.populations import network_populations

from .capacity import reach, service_capacity, sites_a_week
from .models import Basis, FairnessPolicy, Participation, Service


@dataclass
class Inputs:
    """Everything one allocation was made from, for the pages that explain it."""

    network: object
    week: object
    services: list
    practices: list
    answers: dict  # (service id, practice id) -> Participation
    populations: object  # NetworkPopulations
    rooms: dict  # practice id -> room-sessions a week
    capacity: dict  # service id -> ServiceCapacity
    policies: dict  # service id -> FairnessPolicy in force (its own or the network default)
    sites_a_week: int  # the most practices one person works at in a week (the rota's rule)

    def opted_in(self, service, practice):
        # A practice that has not answered yet is counted in, as it would be today.
        answer = self.answers.get((service.pk, practice.pk))
        return True if answer is None else answer.opted_in


def default_policy(network):
    policy = network.policies.filter(service__isnull=True).first()
    return policy or FairnessPolicy(network=network, basis=Basis.WEIGHTED)


def policies_in_force(network, services):
    default = default_policy(network)
    own = {p.service_id: p for p in network.policies.filter(service__isnull=False)}
    return {service.pk: own.get(service.pk, default) for service in services}


def gather(network, week):
    # Enhanced access is not shared out by practice: each rota plans the network's minutes a
    # week on evenings and Saturdays (pcn/rota/enhanced_access.py).
    services = [s for s in network.services.all() if s.hours != Service.Hours.ENHANCED_ACCESS]
    practices = list(network.practices.all())
    answers = {
        (a.service_id, a.practice_id): a
        for a in Participation.objects.filter(service__in=[s.pk for s in services]).select_related(
            "answered_by"
        )
    }
    rooms = dict(
        RoomAvailability.objects.filter(practice__network=network)
        .values_list("practice")
        .annotate(total=Sum("rooms"))
    )
    inputs = Inputs(
        network=network,
        week=week,
        services=services,
        practices=practices,
        answers=answers,
        populations=network_populations(network),
        rooms=rooms,
        capacity={},
        policies=policies_in_force(network, services),
        sites_a_week=sites_a_week(network),
    )
    active = {s.pk for s in services if any(inputs.opted_in(s, p) for p in practices)}
    inputs.capacity = service_capacity(network, services, active, week)
    return inputs


def with_policy(inputs, policy):
    """The same inputs with `policy` (an unsaved FairnessPolicy: a scenario's own settings)
    in force for every service in place of the live settings."""
    return replace(inputs, policies={service.pk: policy for service in inputs.services})


def engine_policy(policy, *, equal=False):
    if equal:
        return engine.Policy(basis="equal")
    return engine.Policy(
        basis=policy.basis,
        weights={k: float(v) for k, v in (policy.weights or {}).items()},
        floor=policy.floor,
        cap=policy.cap,
    )


def to_problem(inputs, *, equal=False):
    """The engine's problem. `equal` swaps every policy for the plain equal split, the
    comparison every practice is shown beside its own allocation."""
    figures = {row.practice.pk: row.figures for row in inputs.populations.rows}
    services = []
    for service in inputs.services:
        practices = []
        for practice in inputs.practices:
            answer = inputs.answers.get((service.pk, practice.pk))
            practices.append(
                engine.Practice(
                    ods_code=practice.ods_code,
                    opted_in=inputs.opted_in(service, practice),
                    populations={
                        basis: (figure.value if figure else None)
                        for basis, figure in figures[practice.pk].items()
                    },
                    demand=float(answer.demand) if answer and answer.demand is not None else None,
                )
            )
        services.append(
            engine.ServiceProblem(
                service=service.name,
                sessions_available=inputs.capacity[service.pk].whole_sessions,
                practices=tuple(practices),
                policy=engine_policy(inputs.policies[service.pk], equal=equal),
                needs_rooms=service.needs_rooms,
                reach=reach(inputs.capacity[service.pk], inputs.sites_a_week),
            )
        )
    return engine.NetworkProblem(
        network=inputs.network.pcn_code,
        services=tuple(services),
        rooms={p.ods_code: inputs.rooms.get(p.pk, 0) for p in inputs.practices},
    )


def policy_snapshot(inputs):
    return {
        service.name: {
            "basis": policy.basis,
            "weights": policy.weights or {},
            "floor": policy.floor,
            "cap": policy.cap,
            "own": policy.service_id is not None,
        }
        for service in inputs.services
        for policy in [inputs.policies[service.pk]]
    }


def allocate(inputs, *, equal=False):
    """The allocation as plain JSON-ready data (the `allocate --json` shape), practice names
    added so a saved scenario reads the same after a practice is renamed or leaves."""
    result = engine.to_json(engine.allocate_network(to_problem(inputs, equal=equal)))
    names = {p.ods_code: p.name for p in inputs.practices}
    service_names = {s.pk: s.name for s in inputs.services}
    codes = {p.pk: p.ods_code for p in inputs.practices}
    demand = {
        (service_names[service_id], codes[practice_id]): float(answer.demand)
        for (service_id, practice_id), answer in inputs.answers.items()
        if answer.demand is not None
    }
    for service in result["services"]:
        for row in service.get("practices", []):
            row["name"] = names.get(row["ods_code"], row["ods_code"])
            row["demand"] = demand.get((service["service"], row["ods_code"]))
    result["week"] = inputs.week.isoformat()
    return result
