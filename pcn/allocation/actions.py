"""Every write to services, practices' answers, fairness settings and scenarios."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from pcn.core import agreement, audit, limits
from pcn.core.actions import ActionRefused

from . import problems
from .models import (
    BLENDABLE,
    Basis,
    FairnessPolicy,
    Participation,
    Scenario,
    ScenarioResponse,
    Service,
)
from .starter_services import STARTER_SERVICES

SERVICE_FIELDS = ["name", "description", "role_codes", "needs_rooms", "hours"]
ANSWER_FIELDS = ["opted_in", "demand", "constraints"]
POLICY_FIELDS = ["basis", "weights", "floor", "cap"]
MAX_DEMAND = Decimal(100)  # sessions a week: more than any practice's rooms could hold


def _check_service(network, name, role_codes, service=None):
    if not name.strip():
        raise ActionRefused("Enter the service's name.", field="name")
    clash = network.services.filter(name__iexact=name.strip())
    if service is not None:
        clash = clash.exclude(pk=service.pk)
    if clash.exists():
        raise ActionRefused(f"The network already has a service called {name}.", field="name")
    if not role_codes:
        raise ActionRefused("Choose at least one role that can deliver it.", field="role_codes")


@transaction.atomic
def add_service(
    *, network, name, role_codes, by, description="", needs_rooms=True, hours=Service.Hours.CORE
):
    _check_service(network, name, role_codes)
    position = network.services.count()
    service = Service.objects.create(
        network=network,
        name=name.strip(),
        description=description,
        role_codes=list(role_codes),
        needs_rooms=needs_rooms,
        hours=hours,
        position=position,
    )
    audit.record(
        by=by,
        action="allocation.add_service",
        target=service,
        network=network,
        after=audit.snapshot(service, SERVICE_FIELDS),
    )
    return service


@transaction.atomic
def add_starter_services(*, network, by, role_codes_present=None):
    """The usual services, for a network starting out. With `role_codes_present`, only those
    someone in the register could deliver."""
    added = []
    for starter in STARTER_SERVICES:
        if network.services.filter(name__iexact=starter.name).exists():
            continue
        if role_codes_present is not None and not set(starter.role_codes) & role_codes_present:
            continue
        added.append(
            add_service(
                network=network,
                name=starter.name,
                description=starter.description,
                role_codes=starter.role_codes,
                needs_rooms=starter.needs_rooms,
                hours=starter.hours,
                by=by,
            )
        )
    return added


@transaction.atomic
def update_service(
    *, service, version, by, name, role_codes, description="", needs_rooms=True, hours=None
):
    _check_service(service.network, name, role_codes, service=service)
    before = audit.snapshot(service, SERVICE_FIELDS)
    service.bump_version(version)
    service.name, service.description = name.strip(), description
    service.role_codes, service.needs_rooms = list(role_codes), needs_rooms
    service.hours = hours or service.hours
    service.save()
    audit.record(
        by=by,
        action="allocation.update_service",
        target=service,
        network=service.network,
        before=before,
        after=audit.snapshot(service, SERVICE_FIELDS),
    )
    return service


@transaction.atomic
def remove_service(*, service, by):
    audit.record(
        by=by,
        action="allocation.remove_service",
        target=service,
        network=service.network,
        before=audit.snapshot(service, SERVICE_FIELDS),
    )
    service.delete()


def _check_answer(service, opted_in, demand):
    if demand is not None and demand < 0:
        raise ActionRefused(
            f"{service}: demand can't be negative; enter the sessions a week you need, or leave it blank.",
            field=f"demand_{service.pk}",
        )
    if demand is not None and demand > MAX_DEMAND:
        raise ActionRefused(
            f"{service}: demand of {demand} sessions a week is more than {MAX_DEMAND}; check the figure.",
            field=f"demand_{service.pk}",
        )
    if not opted_in and demand:
        raise ActionRefused(
            f"{service}: you opted out, so leave the demand blank (or opt in).",
            field=f"demand_{service.pk}",
        )


@transaction.atomic
def answer(*, practice, answers, by):
    """A practice's answers for any of the network's services, all saved or none.
    `answers`: [(service, opted_in, demand or None, constraints)]."""
    saved = []
    for service, opted_in, demand, constraints in answers:
        if service.network_id != practice.network_id:
            raise ActionRefused(f"{service} is not a service of this network.")
        _check_answer(service, opted_in, demand)
        existing = Participation.objects.filter(service=service, practice=practice).first()
        before = audit.snapshot(existing, ANSWER_FIELDS) if existing else None
        if existing is None:
            existing = Participation(service=service, practice=practice, opted_in=opted_in)
        elif (existing.opted_in, existing.demand, existing.constraints) == (
            opted_in,
            demand,
            constraints,
        ):
            continue  # unchanged: no new answer, no audit entry
        existing.opted_in, existing.demand, existing.constraints = opted_in, demand, constraints
        existing.answered_by, existing.answered_at = by, timezone.now()
        existing.save()
        audit.record(
            by=by,
            action="allocation.answer",
            target=existing,
            network=practice.network,
            before=before,
            after=audit.snapshot(existing, ANSWER_FIELDS),
        )
        saved.append(existing)
    return saved


def check_policy(basis, weights, floor, cap):
    if basis not in Basis.values:
        raise ActionRefused("Choose a basis for sharing.", field="basis")
    if basis == Basis.BLEND:
        if any(w < 0 for w in weights.values()):
            raise ActionRefused("Weights can't be negative.", field="weights")
        if sum(weights.values()) <= 0:
            raise ActionRefused(
                "A blend needs at least one weight above zero: the weights sum to zero.",
                field="weights",
            )
        unknown = set(weights) - set(BLENDABLE)
        if unknown:
            raise ActionRefused(f"Unknown basis in the blend: {', '.join(sorted(unknown))}.")
    if floor is not None and cap is not None and floor > cap:
        raise ActionRefused(
            f"The floor ({floor}) is above the cap ({cap}): no practice could meet both.",
            field="floor",
        )


@transaction.atomic
def set_policy(
    *, network, service=None, basis, by, weights=None, floor=None, cap=None, version=None
):
    """The network's default (service None) or one service's own way of sharing."""
    weights = {k: float(v) for k, v in (weights or {}).items() if float(v) != 0}
    check_policy(basis, weights, floor, cap)
    policy = FairnessPolicy.objects.filter(network=network, service=service).first()
    before = audit.snapshot(policy, POLICY_FIELDS) if policy else None
    if policy is None:
        policy = FairnessPolicy(network=network, service=service)
    elif version is not None:
        policy.bump_version(version)
    policy.basis = basis
    policy.weights = weights if basis == Basis.BLEND else {}
    policy.floor, policy.cap = floor, cap
    policy.save()
    audit.record(
        by=by,
        action="allocation.set_policy",
        target=policy,
        network=network,
        before=before,
        after=audit.snapshot(policy, POLICY_FIELDS),
    )
    return policy


@transaction.atomic
def use_network_default(*, service, by):
    """A service goes back to the network's default way of sharing."""
    policy = FairnessPolicy.objects.filter(service=service).first()
    if policy is None:
        return
    audit.record(
        by=by,
        action="allocation.use_network_default",
        target=policy,
        network=service.network,
        before=audit.snapshot(policy, POLICY_FIELDS),
    )
    policy.delete()


def _scenario_policy(network, settings):
    """An unsaved FairnessPolicy from a scenario's own settings, checked like the live ones."""
    weights = {k: float(v) for k, v in (settings.get("weights") or {}).items() if float(v) != 0}
    basis, floor, cap = settings.get("basis"), settings.get("floor"), settings.get("cap")
    check_policy(basis, weights, floor, cap)
    return FairnessPolicy(
        network=network,
        basis=basis,
        weights=weights if basis == Basis.BLEND else {},
        floor=floor,
        cap=cap,
    )


@transaction.atomic
def save_scenario(*, network, name, by, week, equal=False, settings=None):
    """Freeze the allocation the current settings (or the equal split, or the scenario's own
    `settings`: {"basis", "weights", "floor", "cap"} for every service) give for `week`.
    Refused, with nothing saved, while any service cannot be allocated."""
    if not name.strip():
        raise ActionRefused("Give the scenario a name.", field="name")
    limits.check_length(name.strip(), 120, "The scenario's name", "name")
    inputs = problems.gather(network, week)
    if not inputs.services:
        raise ActionRefused(
            "The network has no services yet: add the services staff deliver first."
        )
    own = None
    if settings is not None and not equal:
        own = _scenario_policy(network, settings)
        inputs = problems.with_policy(inputs, own)
    result = problems.allocate(inputs, equal=equal)
    errors = [s["error"] for s in result["services"] if "error" in s]
    if errors:
        raise ActionRefused("Nothing was saved. " + " ".join(errors))
    policies = problems.policy_snapshot(inputs)
    if equal:
        policies = {
            name: {"basis": Basis.EQUAL, "weights": {}, "floor": None, "cap": None, "own": False}
            for name in policies
        }
    scenario = Scenario.objects.create(
        network=network,
        name=name.strip(),
        week=week,
        policies=policies,
        own_settings=audit.snapshot(own, POLICY_FIELDS) if own else None,
        result=result,
        created_by=by,
    )
    audit.record(
        by=by,
        action="allocation.save_scenario",
        target=scenario,
        network=network,
        after={
            "name": scenario.name,
            "week": week.isoformat(),
            "settings": scenario.own_settings or ("equal split" if equal else "the live settings"),
            "policies": policies,
        },
    )
    return scenario


def scenario_holdouts(scenario):
    """The practices that have not agreed the scenario: not answered, or objected."""
    answers = {r.practice_id: (r.agrees, r.comment) for r in scenario.responses.all()}
    return agreement.holdouts(scenario.network.practices.all(), answers)


@transaction.atomic
def agree_scenario(*, scenario, by, confirmed=None, reason=""):
    """The clinical director agrees a scenario; the one agreed before it is superseded. While
    any practice has not answered or objects, only with `confirmed` (the ODS codes of exactly
    those practices, as the person was shown them) and a reason, kept with the agreement."""
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if scenario.status == Scenario.Status.AGREED:
        raise ActionRefused(f"{scenario} is already the agreed allocation.")
    found = scenario_holdouts(scenario)
    reason = agreement.check(found, confirmed=confirmed, reason=reason)
    now = timezone.now()
    for previous in scenario.network.scenarios.filter(status=Scenario.Status.AGREED):
        previous.status, previous.superseded_at = Scenario.Status.SUPERSEDED, now
        previous.save(update_fields=["status", "superseded_at"])
        audit.record(
            by=by,
            action="allocation.supersede_scenario",
            target=previous,
            network=scenario.network,
            before={"status": Scenario.Status.AGREED},
            after={"status": Scenario.Status.SUPERSEDED, "by": scenario.name},
        )
    before = {"status": scenario.status}
    scenario.status, scenario.agreed_by, scenario.agreed_at = Scenario.Status.AGREED, by, now
    scenario.agreed_without = [h.as_json() for h in found]
    scenario.agreed_reason = reason
    scenario.save(
        update_fields=["status", "agreed_by", "agreed_at", "agreed_without", "agreed_reason"]
    )
    after = {"status": scenario.status}
    if found:
        after |= {"agreed without": agreement.describe(found), "because": reason}
    audit.record(
        by=by,
        action="allocation.agree_scenario",
        target=scenario,
        network=scenario.network,
        before=before,
        after=after,
    )
    return scenario


@transaction.atomic
def respond(*, scenario, practice, agrees, by, comment=""):
    """A practice manager agrees with a scenario for their practice, or objects with a reason."""
    if practice.network_id != scenario.network_id:
        raise ActionRefused("That practice is not in this network.")
    if not agrees and not comment.strip():
        raise ActionRefused(
            "Say why your practice objects, so the network can respond.", field="comment"
        )
    response = ScenarioResponse.objects.filter(scenario=scenario, practice=practice).first()
    before = {"agrees": response.agrees, "comment": response.comment} if response else None
    if response is None:
        response = ScenarioResponse(scenario=scenario, practice=practice, agrees=agrees)
    response.agrees, response.comment, response.by, response.at = (
        agrees,
        comment.strip(),
        by,
        timezone.now(),
    )
    response.save()
    audit.record(
        by=by,
        action="allocation.respond",
        target=response,
        network=scenario.network,
        label=f"{practice.name} on {scenario.name}",
        before=before,
        after={"agrees": agrees, "comment": response.comment},
    )
    return response
