"""Nobody is left out of the forecast silently: the command, the API and the warning name every
person not counted, with why, and which maxima are estimates."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from pcn.core import actions as core_actions
from pcn.money.queries import forecast_for
from pcn.workforce.actions import staff
from tests.api.test_practices_api import bearer

TODAY = date(2026, 11, 18)


def _inner_london_coordinator(demo):
    """A care co-ordinator whose employer is in inner London: no inner London figure is held."""
    return staff.add(
        network=demo.network,
        by=demo.user("PCN manager"),
        full_name="Ines Inner",
        wte=Decimal("0.8"),
        role_code="care-coordinator",
        band="4",
        start_date=date(2025, 1, 6),
        pay_area="inner_london",
        additionality_confirmed=True,
    )


def test_a_person_with_no_maximum_is_named_in_the_forecast_and_its_warning(demo):
    person = _inner_london_coordinator(demo)
    forecast, _, _ = forecast_for(demo.network, today=TODAY)
    left = [p for p in forecast.left_out if p.key == person.pk]
    assert len(left) == 1 and left[0].wte == Decimal("0.8")
    assert "no inner london figure" in left[0].why
    warning = forecast.warning()
    assert "(0.8 WTE)" in warning or "WTE) are not in the forecast" in warning
    assert "no inner london figure from 1 Apr 2025" in warning


def test_the_forecast_command_prints_json_with_everyone_left_out(demo):
    person = _inner_london_coordinator(demo)
    out = StringIO()
    call_command("forecast", "u35980", "--year", "2026/27", "--json", stdout=out)
    found = json.loads(out.getvalue())
    assert found["year"] == "2026/27" and found["pcn_code"] == "U35980"
    assert len(found["months"]) == 12 and found["months"][0]["month"] == "2026-04"
    assert Decimal(found["forecast_cost"]) == sum(Decimal(m["amount"]) for m in found["months"])
    assert Decimal(found["entitlement"]) - Decimal(found["forecast_cost"]) == Decimal(
        found["unspent"]
    )
    assert {"id": person.pk, "role": "care-coordinator", "wte": "0.80"} == {
        k: v for k, v in found["people_left_out"][-1].items() if k != "why"
    }
    # 2026/27's maxima are not published: every role is costed at the latest held.
    assert "clinical-pharmacist" not in found["estimated_maxima"]  # the ICB's own figure
    assert "care-coordinator" in found["estimated_maxima"]


def test_the_forecast_command_refuses_a_pcn_not_set_up_or_a_bad_year(demo):
    with pytest.raises(CommandError, match="not set up"):
        call_command("forecast", "U89141")
    with pytest.raises(CommandError):
        call_command("forecast", "U35980", "--year", "2040/41")


def _api(user, query=""):
    _, raw = core_actions.create_api_token(user=user, name="test", by=user)
    return Client().get(f"/api/networks/U35980/forecast{query}", **bearer(raw))


def test_the_forecast_api_matches_the_command_and_refuses_staff(demo, other_demo):
    body = _api(demo.user("Observer"), "?year=2026/27").json()
    out = StringIO()
    call_command("forecast", "U35980", "--year", "2026/27", "--json", stdout=out)
    command = json.loads(out.getvalue())
    assert body["forecast_cost"] == command["forecast_cost"]
    assert body["people_left_out"] == command["people_left_out"]
    assert _api(demo.user("Staff member")).status_code == 403
    assert _api(demo.user("PCN manager"), "?year=2040/41").status_code == 400
    assert _api(other_demo.user("PCN manager")).status_code == 404


def test_a_person_whose_post_is_not_claimable_is_left_out_with_why(demo):
    person = staff.add(
        network=demo.network,
        by=demo.user("PCN manager"),
        full_name="Una Unconfirmed",
        wte=Decimal("1.0"),
        role_code="clinical-pharmacist",
        band="7",
        start_date=date(2025, 1, 6),
        additionality_confirmed=False,
    )
    forecast, _, _ = forecast_for(demo.network, today=TODAY)
    left = next(p for p in forecast.left_out if p.key == person.pk)
    assert left.why == "not claimable: Additionality not confirmed"
