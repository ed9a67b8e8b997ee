"""GET /api/networks/{pcn_code}/staff: one object per person, isolation reasons, unmapped NHS
records; refusals for everyone who may not read the register."""

import pytest
from django.test import Client

from pcn.core import actions
from pcn.workforce import belonging
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
    assert row["wte"] == str(person.wte)
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
