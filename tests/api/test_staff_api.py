"""GET /api/networks/{pcn_code}/staff: one object per person, isolation reasons, unmapped NHS
records; refusals for everyone who may not read the register."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pcn.core import actions
from pcn.demo import network as demo_network
from pcn.workforce import belonging
from pcn.workforce.actions import staff as staff_actions
from pcn.workforce.models import StaffMember
from tests import clock
from tests.conftest import signed_in
from tests.test_permissions import ROLES

from .test_practices_api import bearer


def _get(user, pcn="U35980"):
    _, raw = actions.create_api_token(user=user, name="test", by=user)
    return Client().get(f"/api/networks/{pcn}/staff", **bearer(raw))


def test_the_register_as_json_with_isolation_reasons(demo):
    response = _get(demo.user("PCN manager"))
    assert response.status_code == 200
    body = response.json()
    staff = {p["id"]: p for p in body["staff"]}
    in_post = belonging.active_people(demo.network)
    assert set(staff) >= {p.pk for p in in_post}
    expected = {p.person.pk: p.reasons for p in belonging.profiles(demo.network)}
    for pk, reasons in expected.items():
        assert staff[pk]["isolation_reasons"] == reasons
    assert any(p["isolation_reasons"] for p in staff.values())
    assert any(p["isolation_reasons"] == [] for p in staff.values())

    person = next(p for p in in_post if p.home_practice and p.teams.exists())
    row = staff[person.pk]
    assert row["name"] == person.full_name
    assert row["role"] == (person.role_code or None)
    assert row["nhs_role"] == person.nhs_role
    assert row["wte"] == float(person.wte)  # a JSON number, like the practices' figures
    assert row["home_base"] == f"{person.home_practice.ods_code} {person.home_practice.name}"
    assert row["teams"] == sorted(t.name for t in person.teams.all())
    assert set(row) >= {"id", "role", "nhs_role", "wte", "home_base", "supervisor", "teams"}


def test_unmapped_nhs_records_are_listed_not_dropped(demo):
    body = _get(demo.user("PCN manager")).json()
    unmapped = demo.network.staff.filter(role_code="").exclude(nhs_role="")
    assert unmapped.exists(), "the demo's NHS file has roles outside the catalogue"
    assert {u["id"] for u in body["unmapped"]} == set(unmapped.values_list("pk", flat=True))
    assert all(u["nhs_role"] for u in body["unmapped"])


@pytest.mark.parametrize("role", ROLES)
def test_only_leadership_may_read_the_register(demo, role):
    status = _get(demo.user(role)).status_code
    assert status == (200 if role in {"PCN manager", "Clinical director"} else 403)


def test_another_network_is_a_404_and_no_token_a_401(demo, other_demo):
    assert _get(demo.user("PCN manager"), "U07032").status_code == 404
    assert Client().get("/api/networks/U35980/staff").status_code == 401


def test_home_base_supervisor_and_drafts_as_plain_values(demo):
    manager = demo.user("PCN manager")
    hub = staff_actions.add(
        network=demo.network,
        by=manager,
        full_name="Hub Person",
        role_code="care-coordinator",
        wte=Decimal("0.6"),
        home_is_network_team=True,
        external_supervisor="Dr Lee, GP clinical supervisor",
    )
    nowhere = staff_actions.add(
        network=demo.network, by=manager, full_name="Nowhere Person", wte=Decimal("1")
    )
    left = staff_actions.add(
        network=demo.network,
        by=manager,
        full_name="Gone Person",
        wte=Decimal("1"),
        start_date=timezone.localdate() - timedelta(days=400),
        end_date=timezone.localdate() - timedelta(days=1),
    )
    draft = StaffMember.objects.create(
        network=demo.network, nhs_role="Physician Associate", wte=Decimal("0.4"), is_draft=True
    )
    body = _get(manager).json()
    staff = {p["id"]: p for p in body["staff"]}
    assert staff[hub.pk]["home_base"] == "network team"
    assert staff[hub.pk]["supervisor"] == "Dr Lee, GP clinical supervisor"
    assert staff[hub.pk]["wte"] == 0.6 and staff[hub.pk]["role"] == "care-coordinator"
    assert staff[hub.pk]["role_name"] == "Care Co-ordinator"
    assert staff[nowhere.pk]["home_base"] is None and staff[nowhere.pk]["supervisor"] is None
    assert staff[nowhere.pk]["role"] is None and staff[nowhere.pk]["teams"] == []
    assert "No home base" in staff[nowhere.pk]["isolation_reasons"]
    assert left.pk not in staff  # leavers are not in the current register

    assert staff[draft.pk]["is_draft"] is True and staff[draft.pk]["name"] == ""
    assert staff[draft.pk]["isolation_reasons"] == []  # not profiled until named
    assert draft.pk in {u["id"] for u in body["unmapped"]}
    assert staff[hub.pk]["is_draft"] is False


def test_a_bad_token_and_an_unknown_network(demo):
    assert (
        Client().get("/api/networks/U35980/staff", **bearer("pcn_not-a-token")).status_code == 401
    )
    assert _get(demo.user("PCN manager"), "U99999").status_code == 404
    assert _get(demo.user("PCN manager"), "u35980").status_code == 200  # codes are not fussy


def test_as_many_queries_for_336_staff_as_for_33(demo):
    big = demo_network.build("U85476", today=clock.TODAY)
    counts = []
    for world in (demo, big):
        user = world.user("PCN manager")
        _, raw = actions.create_api_token(user=user, name="count", by=user)
        url = f"/api/networks/{world.network.pcn_code}/staff"
        Client().get(url, **bearer(raw))
        with CaptureQueriesContext(connection) as captured:
            response = Client().get(url, **bearer(raw))
        assert response.status_code == 200
        counts.append(len(captured))
    assert len(response.json()["staff"]) >= 250  # hundreds of people in post
    assert counts[0] == counts[1]


def test_the_staff_endpoint_is_documented(demo):
    paths = signed_in(demo.user("PCN manager")).get("/api/openapi.json").json()["paths"]
    assert "/api/networks/{pcn_code}/staff" in paths
