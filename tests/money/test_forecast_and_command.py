"""The year-end forecast, its unspent-money warning (read by other pages) and the command."""

import json
import re
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pcn.money import actions
from pcn.money.models import PaymentRate
from pcn.money.queries import forecast_for, recruitment_what_if, unspent_money_warning

TODAY = date(2026, 11, 23)


def test_the_demo_forecast_warns_of_money_going_unclaimed(demo):
    warning = unspent_money_warning(demo.network, today=TODAY)
    assert re.fullmatch(
        r"£[\d,]+\.\d\d of this year's ARRS entitlement is forecast to go unclaimed by "
        r"31 March 2027\.",
        warning,
    )
    forecast, _, _ = forecast_for(demo.network, today=TODAY)
    assert warning.startswith(f"£{forecast.unspent:,.2f}")
    assert forecast.total + forecast.unspent == forecast.entitlement


def test_no_warning_when_the_forecast_spends_the_whole_entitlement(demo):
    manager = demo.user("PCN manager")
    entered = demo.network.payment_rates.filter(year="2026/27", stream="arrs").first()
    actions.set_rate(
        network=demo.network,
        year="2026/27",
        stream="arrs",
        value="1.000",
        source="test",
        by=manager,
        version=entered.version if entered else None,
    )
    forecast, _, _ = forecast_for(demo.network, today=TODAY)
    assert forecast.overspent > 0
    assert unspent_money_warning(demo.network, today=TODAY) is None


def test_no_warning_when_this_years_entitlement_is_unknown(demo):
    PaymentRate.objects.filter(network=demo.network, year="2026/27", stream="arrs").delete()
    assert unspent_money_warning(demo.network, today=TODAY) is None


def test_months_with_salary_lines_count_what_they_reimburse_and_later_months_are_estimates(demo):
    forecast, _, _ = forecast_for(demo.network, today=TODAY)
    by_month = {m.month: m for m in forecast.months}
    assert by_month[date(2026, 10, 1)].actual and not by_month[date(2026, 11, 1)].actual
    assert all(m.amount > 0 for m in forecast.months)


def test_recruiting_uses_headroom_for_the_months_left(demo):
    forecast, result = recruitment_what_if(
        demo.network,
        role_code="clinical-pharmacist",
        wte="1.0",
        start=date(2027, 1, 1),
        today=TODAY,
    )
    # January to March at the demo ICB's £69,182.08 a year from 1 April 2026: three months.
    assert result.cost_this_year == Decimal("5765.17") * 3
    assert result.headroom_after == forecast.headroom - Decimal("17295.51")
    assert result.full_year_cost == Decimal("69182.08")
    assert result.next_entitlement_assumed  # 2027/28's rate is not known
    assert result.covered_next_year is (result.next_committed <= forecast.entitlement)


def test_the_command_prints_each_stream_as_json(db):
    out = StringIO()
    call_command("entitlements", "U89141", "--year", "2025/26", "--json", stdout=out)
    found = json.loads(out.getvalue())
    arrs = next(s for s in found["streams"] if s["stream"] == "arrs")
    assert found["populations_from"] == "nhs_files"
    assert arrs["rate"] == "26.631" and arrs["population_basis"] == "weighted"
    assert arrs["population_estimated"] and not arrs["population_official"]
    assert Decimal(arrs["amount"]) == (Decimal("26.631") * arrs["population"]).quantize(
        Decimal("0.01")
    )


def _enter_weighted(demo, value, as_at):
    from pcn.networks import actions as network_actions

    manager = demo.user("PCN manager")
    for practice in demo.network.practices.all():
        network_actions.enter_official_population(
            practice=practice,
            version=practice.version,
            basis="weighted",
            value=value,
            as_at=as_at,
            source="ICB letter",
            by=manager,
        )


def _streams(code, year):
    out = StringIO()
    call_command("entitlements", code, "--year", year, "--json", stdout=out)
    return {s["stream"]: s for s in json.loads(out.getvalue())["streams"]}


def test_the_command_uses_the_networks_official_figures_where_entered(demo):
    _enter_weighted(demo, 5000, date(2025, 1, 1))
    arrs = _streams("U35980", "2025/26")["arrs"]
    count = demo.network.practices.count()
    assert arrs["population"] == 5000 * count and arrs["population_official"]
    assert arrs["population_kind"] == "official"
    assert arrs["population_as_at"] == "2025-01-01"
    assert arrs["population_source"] == "official figure entered by the PCN manager"


def test_an_official_figure_dated_after_the_years_population_date_is_not_used(demo):
    _enter_weighted(demo, 5000, date(2026, 1, 1))
    before = _streams("U35980", "2025/26")["arrs"]
    assert before["population"] != 5000 * demo.network.practices.count()
    assert before["population_kind"] == "estimate"
    after = _streams("U35980", "2026/27")["arrs"]
    assert after["population"] == 5000 * demo.network.practices.count()
    assert after["population_as_at"] == "2026-01-01"


def test_the_command_refuses_an_unknown_year_or_pcn(db):
    with pytest.raises(CommandError, match="2040/41"):
        call_command("entitlements", "U89141", "--year", "2040/41")
    with pytest.raises(CommandError, match="X12345"):
        call_command("entitlements", "X12345", "--year", "2025/26")


def test_a_network_just_set_up_has_no_warning_until_this_years_rate_is_known(db):
    from pcn.core.models import User
    from pcn.networks import actions as network_actions

    manager = User.objects.create_user(email="new@example.nhs.uk", full_name="New", password="x")
    network = network_actions.set_up(pcn_code="U89141", by=manager)
    assert unspent_money_warning(network, today=TODAY) is None
    actions.set_rate(
        network=network,
        year="2026/27",
        stream="arrs",
        value="26.631",
        source="ICB letter",
        by=manager,
    )
    # Nobody in the register yet: the whole entitlement would go unclaimed.
    forecast, _, _ = forecast_for(network, today=TODAY)
    assert forecast.total == 0
    assert unspent_money_warning(network, today=TODAY) == (
        f"£{forecast.entitlement:,.2f} of this year's ARRS entitlement is forecast to go "
        "unclaimed by 31 March 2027."
    )
