"""A user of one network meets a 404 on every URL that names another network's objects."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp_webauthn.models import WebAuthnCredential

from pcn.core import actions
from pcn.core.models import NhsIdentity, Role, SignedInSession
from pcn.money.models import PlannedPost
from pcn.rota import actions as rota
from pcn.rota.models import HolidayWorked
from pcn.workforce.actions import staff
from tests.conftest import signed_in

# URL names whose arguments are not objects of a network, and why.
NOT_NETWORK_OBJECTS = {
    "networks:create": "its argument is a PCN code from the NHS files; an existing one is refused",
    "core:accept_invitation": "the link's secret token is the permission, by design",
    "core:finish_sign_up": "a signed link to make an account, for no network (tests/core)",
    "networks:application": "a request for a network not yet made, seen by site administrators "
    "and the ICB's users only (tested in tests/networks/test_approval.py)",
    "networks:approve_application": "the same request, approved by the same people",
    "core:password_reset_confirm": "a signed, single-use token for one user, not a network object",
    "rota:feed": "the private calendar token is the permission, by design (tested in tests/rota)",
    "coordination:unsubscribe": "the signed token is the permission, so the link in an email "
    "works without signing in (tested in tests/coordination)",
    "core:nhs_start": "an NHS identity provider's name (nhsmail, cis2), for no network",
    "core:nhs_return": "the same: where the provider sends the person back (tests/core)",
    "core:nhs_link": "the same, to link the signed-in person's own identity",
    "workforce:enter_figure": "an ARRS role is national reference data; the figure is saved for "
    "the current network only (tested in tests/workforce)",
}


def walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace and pattern.namespace.startswith("api"):
                continue  # the API has its own token-based tenancy test
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


@pytest.fixture
def second_network_objects(other_demo):
    network = other_demo.network
    manager = other_demo.user("PCN manager")
    practice = network.practices.first()
    invitation = actions.invite(
        network=network,
        email="someone@example.nhs.uk",
        role=Role.STAFF,
        by=manager,
        accept_url_for=lambda token: f"http://testserver/{token}",
    )
    token, _ = actions.create_api_token(user=manager, name="theirs", by=manager)
    person = staff.add(
        network=network, by=manager, full_name="Their Pharmacist", wte=Decimal("0.8")
    )
    leave = staff.request_leave(
        person=person, kind="annual", start=date(2026, 12, 1), end=date(2026, 12, 2), by=manager
    )
    plan = rota.create_plan(network=network, start=date(2026, 11, 30), weeks=1, by=manager)
    assignment = plan.assignments.create(
        staff=person, day=date(2026, 11, 30), session="AM", practice=practice, service="network"
    )
    # Their own calendar address: owned by a person, so another person's is a 404 wherever.
    feed, _ = rota.renew_feed(staff=person, by=manager)
    # Their NHS identity: a person's own, so another person's is a 404 wherever.
    identity = NhsIdentity.objects.create(
        user=manager, provider="nhsmail", issuer="https://login.example", subject="theirs"
    )
    session = SignedInSession.objects.create(user=manager, session_key="theirs" * 5)
    key = WebAuthnCredential.objects.create(
        user=manager, name="Their key", credential_id=b"theirs", public_key=b"-", sign_count=0
    )
    planned = PlannedPost.objects.create(
        network=network,
        year="2026/27",
        role_code="paramedic",
        wte=Decimal("1"),
        start=date(2027, 1, 1),
        cost_this_year=Decimal("16000"),
        cost_full_year=Decimal("64000"),
        why="Paramedic",
    )
    worked = HolidayWorked.objects.create(
        network=network, day=date(2026, 12, 25), service=network.services.first(), reason="Flu"
    )
    return {
        "pcn_code": network.pcn_code,
        "icb_code": network.icb_code,
        "ods_code": practice.ods_code,
        "membership_id": network.memberships.first().pk,
        "invitation_id": invitation.pk,
        "token_id": token.pk,
        "identity_id": identity.pk,
        "session_id": session.pk,
        "key_id": key.pk,
        "target_type": "networks.practice",
        "target_id": practice.pk,
        "basis": "weighted",
        "pk": person.pk,
        "leave_id": leave.pk,
        "service_id": network.services.first().pk,
        "scenario_id": network.scenarios.first().pk,
        "plan_id": plan.pk,
        "assignment_id": assignment.pk,
        "worked_id": worked.pk,
        "feed_id": feed.pk,
        "claim_id": network.claims.first().pk,
        "version_id": network.matrix_versions.first().pk,
        "request_id": network.practice_requests.first().pk,
        "meeting_id": network.meetings.first().pk,
        "action_id": network.action_items.first().pk,
        "concern_id": network.concerns.first().pk,
        "team_id": network.teams.first().pk,
        "purpose_version_id": network.purpose_versions.first().pk,
        "priority_id": network.priorities.first().pk,
        "planned_post_id": planned.pk,
    }


def test_every_url_with_another_networks_objects_is_a_404(demo, second_network_objects):
    client = signed_in(demo.user("PCN manager"))
    checked = []
    for name, pattern in walk(get_resolver().url_patterns):
        arguments = list(pattern.pattern.converters)
        if not arguments or name in NOT_NETWORK_OBJECTS:
            continue
        url = reverse(name, kwargs={arg: second_network_objects[arg] for arg in arguments})
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            assert status in (404, 405), f"{method.upper()} {url} ({name}) gave {status}"
            checked.append(name)
    # The walk really covered the pages that show network objects.
    assert {
        "networks:practice",
        "networks:edit_rooms",
        "core:remove_member",
        "core:record_history",
        "allocation:edit_service",
        "allocation:scenario",
        "allocation:agree_scenario",
        "allocation:practice_answers",
        "rota:plan",
        "rota:move",
        "rota:publish",
        "workforce:team",
        "workforce:remove_team_member",
        "rota:work_holiday",
        "rota:stop_working_holiday",
        "rota:replace_feed",
        "rota:stop_feed",
        "money:claim",
        "money:statement",
        "coordination:matrix_version",
        "coordination:answer_matrix",
        "coordination:request",
        "home:icb",
        "home:icb_networks_csv",
        "home:icb_network",
        "coordination:meeting",
        "coordination:record_decision",
        "coordination:add_agenda_item",
        "coordination:add_action",
        "coordination:update_action",
        "coordination:concern",
        "purpose:version",
        "purpose:answer",
        "purpose:agree",
        "purpose:add_progress",
        "money:remove_planned_post",
        "core:security_key_remove",
    } <= set(checked)


def test_whole_network_staff_pages_and_the_staff_api_show_only_the_chosen_network(demo, other_demo):
    """Belonging, overdue supervision and the staff API take no object in the URL: someone in two
    networks sees each network's people only under that network, and its role there decides."""
    from django.test import Client

    from pcn.core.models import Membership

    user = demo.user("PCN manager")
    Membership.objects.create(user=user, network=other_demo.network, role=Role.OBSERVER)
    ours = set(demo.network.staff.values_list("pk", flat=True))
    client = signed_in(user)
    client.post(reverse("home:choose_network", args=[demo.network.pcn_code]))
    belonging = client.get(reverse("workforce:belonging")).context["at_risk"]
    assert belonging and {p.person.pk for p in belonging} <= ours
    lists = client.get(reverse("workforce:overdue_supervision")).context["lists"]
    assert {d.person.pk for d in lists.overdue + lists.unknown} <= ours

    client.post(reverse("home:choose_network", args=[other_demo.network.pcn_code]))
    assert client.get(reverse("workforce:belonging")).status_code == 403  # an observer there
    assert client.get(reverse("workforce:overdue_supervision")).status_code == 403

    _, raw = actions.create_api_token(user=user, name="two networks", by=user)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    staff = Client().get(f"/api/networks/{demo.network.pcn_code}/staff", **auth).json()["staff"]
    assert staff and {p["id"] for p in staff} <= ours
    theirs = Client().get(f"/api/networks/{other_demo.network.pcn_code}/staff", **auth)
    assert theirs.status_code == 403
