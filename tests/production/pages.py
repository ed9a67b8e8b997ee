"""Run inside the production server's settings and database (`manage.py shell -c`): prints, as
JSON, every page of the demo network to visit and the demo sign-ins by role.

Every URL pattern is walked, as the tenancy test does (tests/test_tenancy.py): those with no
arguments, and those whose arguments name the demo network's own objects. The API's routes
have their own tests (tests/api); only its documentation is a page here."""

import json

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pcn.core.models import ApiToken, Role
from pcn.demo.network import DEFAULT_PCN
from pcn.networks.models import Network
from pcn.rota.models import HolidayWorked
from pcn.workforce.models import Leave
from tests import clock

# URL names whose arguments are secrets (the link is the permission): nothing to walk with.
SECRET_LINKS = {
    "core:accept_invitation",
    "core:password_reset_confirm",
    "rota:feed",
    "coordination:unsubscribe",
}


def _queries(network):
    """Pages that answer only for a query naming what they show (without it, a 404)."""
    from django.utils.http import urlencode

    from pcn.money.streams import PAID, STREAMS
    from pcn.workforce.census_match import reconcile

    paid = next(stream for stream in STREAMS if stream.kind == PAID)
    queries = {"money:rule": f"?stream={paid.key}", "money:salary_lines_csv": "?month=2026-10"}
    to_explain = reconcile(network, clock.TODAY).to_explain
    if to_explain:
        queries["workforce:census_explain"] = "?" + urlencode({"item": to_explain[0].item})
    return queries


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace and pattern.namespace.startswith("api"):
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def _first(queryset):
    found = queryset.order_by("pk").first()
    return found.pk if found else None


def _objects(network):
    practice = network.practices.order_by("pk").first()
    plan = network.rota_plans.order_by("pk").first()
    objects = {
        "pcn_code": network.pcn_code,
        "ods_code": practice.ods_code,
        "membership_id": _first(network.memberships),
        "invitation_id": _first(network.invitations),
        "token_id": _first(ApiToken.objects.filter(user__memberships__network=network)),
        "target_type": "networks.practice",
        "target_id": practice.pk,
        "basis": "weighted",
        "pk": _first(network.staff),
        "leave_id": _first(Leave.objects.filter(staff__network=network)),
        "service_id": _first(network.services),
        "scenario_id": _first(network.scenarios),
        "plan_id": plan.pk if plan else None,
        "assignment_id": _first(plan.assignments) if plan else None,
        "worked_id": _first(HolidayWorked.objects.filter(network=network)),
        "claim_id": _first(network.claims),
        "version_id": _first(network.matrix_versions),
        "request_id": _first(network.practice_requests),
        "meeting_id": _first(network.meetings),
        "action_id": _first(network.action_items),
        "concern_id": _first(network.concerns),
    }
    return {name: value for name, value in objects.items() if value is not None}


def main():
    network = Network.objects.get(pcn_code=DEFAULT_PCN)
    objects = _objects(network)
    pages, skipped, queries = [], [], _queries(network)
    for name, pattern in _walk(get_resolver().url_patterns):
        arguments = list(pattern.pattern.converters)
        if name in SECRET_LINKS or any(arg not in objects for arg in arguments):
            skipped.append(name)
            continue
        path = reverse(name, kwargs={arg: objects[arg] for arg in arguments} or None)
        pages.append(path + queries.get(name, ""))
    pages.append(reverse("api-1:openapi-view"))
    sign_ins = {}
    for role in (
        Role.PCN_MANAGER,
        Role.CLINICAL_DIRECTOR,
        Role.PRACTICE_MANAGER,
        Role.STAFF,
        Role.OBSERVER,
    ):
        membership = (
            network.memberships.filter(role=role).select_related("user").order_by("pk").first()
        )
        sign_ins[role.label] = membership.user.email
    print(json.dumps({"pages": sorted(set(pages)), "skipped": skipped, "sign_ins": sign_ins}))
