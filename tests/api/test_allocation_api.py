"""GET /api/networks/{pcn_code}/allocation: the agreed allocation, a row per service and
practice, with the same figures as its scenario page, and how it was agreed."""

import pytest

from pcn.allocation import queries
from pcn.allocation.models import Scenario
from tests.test_permissions import ROLES

from .calls import api_get, every_item

URL = "networks/U35980/allocation"


def test_the_rows_are_the_agreed_scenarios_as_its_page_shows_them(demo):
    scenario = queries.agreed_scenario(demo.network)
    rows = every_item(demo.user("Observer"), URL)
    on_page = [
        (service["service"], row["ods_code"], row["allocated"], row["fair_share"], row["reason"])
        for service in scenario.result["services"]
        for row in service["practices"]
    ]
    assert [
        (r["service"], r["ods_code"], r["sessions"], r["fair_share"], r["why"]) for r in rows
    ] == on_page
    assert all(r["difference"] == round(r["sessions"] - r["fair_share"], 2) for r in rows)
    # Per practice, the totals of the scenario page's table.
    totals = queries.practice_totals(scenario.result)
    for ods, total in totals.items():
        mine = [r for r in rows if r["ods_code"] == ods]
        assert sum(r["sessions"] for r in mine) == total["allocated"]
        assert sum(r["fair_share"] for r in mine) == pytest.approx(total["fair_share"])


def test_each_row_says_when_by_whom_and_how_it_was_agreed(demo):
    scenario = queries.agreed_scenario(demo.network)
    row = every_item(demo.user("Staff member"), URL)[0]
    assert row["scenario_id"] == scenario.pk and row["scenario"] == scenario.name
    assert row["agreed_by"] == scenario.agreed_by.full_name
    assert row["week"] == scenario.week.isoformat()
    # The demo's director agreed without two practices: both named, with the reason.
    assert {h["ods_code"] for h in row["agreed_without"]} == {"N82054", "N82115"}
    objection = next(h for h in row["agreed_without"] if h["objected"])
    assert "over-75s" in objection["comment"]
    assert row["agreed_reason"] == scenario.agreed_reason
    assert row["how_agreed"].startswith(f"Agreed on Wed 28 Oct 2026 by {row['agreed_by']} ")
    assert scenario.agreed_without_phrase in row["how_agreed"]
    assert f"because: “{scenario.agreed_reason}" in row["how_agreed"]


@pytest.mark.parametrize("role", ROLES)
def test_every_member_of_the_network_reads_it_as_they_see_it_on_the_page(demo, role):
    assert api_get(demo.user(role), URL).status_code == 200


def test_no_agreed_allocation_is_a_404_that_says_so(demo):
    demo.network.scenarios.update(status=Scenario.Status.DRAFT)
    response = api_get(demo.user("PCN manager"), URL)
    assert response.status_code == 404
    assert response.json()["detail"] == f"{demo.network.name} has not agreed an allocation yet."


def test_another_network_and_no_token(demo, other_demo):
    assert api_get(demo.user("PCN manager"), "networks/U07032/allocation").status_code == 404
    assert api_get(None, URL).status_code == 401
    assert api_get(demo.user("PCN manager"), URL, page_size=501).status_code == 422
