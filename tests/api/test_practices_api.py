from django.core.management import call_command
from django.test import Client

from pcn.core import actions
from tests.conftest import signed_in


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_the_practices_endpoint_lists_member_practices_with_populations(demo, capsys):
    call_command("create_api_token", demo.user("Clinical director").email)
    token = capsys.readouterr().out.strip()
    response = Client().get("/api/networks/U35980/practices", **bearer(token))
    assert response.status_code == 200
    practices = {p["ods_code"]: p for p in response.json()}
    assert set(practices) == {"N82033", "N82054", "N82070", "N82082", "N82095", "N82115"}
    dingle = practices["N82033"]
    assert dingle["name"] == "Dingle Park Practice"
    assert dingle["registered_patients"] > 1000
    assert (
        dingle["weighted_population"] > 1000 and dingle["weighted_population_is_estimate"] is True
    )
    # Each figure with its date: the latest held.
    assert dingle["registered_patients_as_at"] == "2026-07-01"
    assert dingle["adjusted_population_as_at"] == "2025-01-01"
    assert dingle["weighted_population_as_at"] == "2024-01-01"


def test_the_api_refuses_a_missing_wrong_or_revoked_token(demo):
    assert Client().get("/api/networks/U35980/practices").status_code == 401
    assert (
        Client().get("/api/networks/U35980/practices", **bearer("pcn_not-a-token")).status_code
        == 401
    )
    user = demo.user("PCN manager")
    record, raw = actions.create_api_token(user=user, name="sheet", by=user)
    assert Client().get("/api/networks/U35980/practices", **bearer(raw)).status_code == 200
    actions.revoke_api_token(token=record, by=user)
    assert Client().get("/api/networks/U35980/practices", **bearer(raw)).status_code == 401


def test_another_networks_practices_are_a_404(demo, other_demo):
    user = demo.user("PCN manager")
    _, raw = actions.create_api_token(user=user, name="sheet", by=user)
    assert (
        Client()
        .get(f"/api/networks/{other_demo.network.pcn_code}/practices", **bearer(raw))
        .status_code
        == 404
    )
    assert Client().get("/api/networks/U99999/practices", **bearer(raw)).status_code == 404


def test_the_api_documents_itself_to_people_signed_in(demo):
    assert Client().get("/api/docs").status_code == 302  # to sign in
    client = signed_in(demo.user("PCN manager"))
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/networks/{pcn_code}/practices" in response.json()["paths"]
    assert client.get("/api/docs").status_code == 200
