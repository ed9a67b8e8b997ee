"""GET /api/networks/{pcn_code}/entitlements: every stream with its working; refused to staff."""

from django.test import Client

from pcn.core import actions

from .test_practices_api import bearer


def _get(user, query=""):
    _, raw = actions.create_api_token(user=user, name="test", by=user)
    return Client().get(f"/api/networks/U35980/entitlements{query}", **bearer(raw))


def test_entitlements_with_the_working_and_the_warning(demo):
    body = _get(demo.user("Practice manager of Dingle Park Practice"), "?year=2025/26").json()
    arrs = next(s for s in body["streams"] if s["stream"] == "arrs")
    assert arrs["rate"] == "26.631" and arrs["formula"].startswith("£26.631 × ")
    assert body["unspent_money_warning"] is None  # only for this year
    this_year = _get(demo.user("PCN manager")).json()
    assert "forecast to go unclaimed" in this_year["unspent_money_warning"]


def test_staff_and_unknown_years_are_refused(demo):
    assert _get(demo.user("Staff member")).status_code == 403
    assert _get(demo.user("PCN manager"), "?year=2040/41").status_code == 400
