"""FACTS §1.1's worked figures and corrected rates, as a PCN manager would check them by hand."""

from decimal import Decimal

import pytest

from pcn.money.entitlements import Population, compute, totals_by_kind
from pcn.money.rates import rates_for
from pcn.money.streams import STREAM_BY_KEY


def published(year):
    return rates_for(None, year, entered=[])


def populations(registered, adjusted, weighted, beds=None):
    return {
        "registered": Population("registered", registered, "official", "official"),
        "adjusted": Population("adjusted", adjusted, "official", "official"),
        "weighted": Population("weighted", weighted, "official", "official"),
        "beds": Population("beds", beds, "entered" if beds else "unknown", "beds"),
    }


def amounts(year, **given):
    return {line.stream: line.amount for line in compute(published(year), populations(**given))}


def test_the_published_arrs_example_30000_weighted_patients_is_798930():
    found = amounts("2025/26", registered=30000, adjusted=30000, weighted=30000)
    assert found["arrs"] == Decimal("798930.00")


def test_2024_25_core_funding_is_2_967_after_the_backdated_september_update():
    rates = published("2024/25")
    core = rates["core_registered"].value + rates["core_adjusted"].value
    assert core == Decimal("2.967")
    assert rates["core_registered"].estimated and rates["core_adjusted"].estimated
    assert "2.967/2.916" in rates["core_registered"].source
    found = amounts("2024/25", registered=10000, adjusted=10000, weighted=10000)
    assert found["core_registered"] + found["core_adjusted"] == Decimal("29670.00")


@pytest.mark.parametrize("year", ["2023/24", "2024/25", "2025/26"])
def test_the_participation_payment_is_1_761_per_weighted_patient(year):
    assert published(year)["participation"].value == Decimal("1.761")
    assert amounts(year, registered=1, adjusted=1, weighted=10000)["participation"] == Decimal(
        "17610.00"
    )


def test_what_the_network_is_paid_is_three_totals_never_one():
    lines = compute(published("2025/26"), populations(40000, 42000, 41000, beds=100))
    totals = {t.kind: t for t in totals_by_kind(lines)}
    by_stream = {line.stream: line.amount for line in lines}
    assert totals["claimable"].amount == by_stream["arrs"] == Decimal("1091871.00")
    assert totals["conditional"].amount == by_stream["caip"]
    assert totals["paid"].amount == sum(
        by_stream[key]
        for key in ("core_registered", "core_adjusted", "enhanced_access", "casp", "care_home")
    )
    assert "participation" not in {STREAM_BY_KEY[s].kind for s in ("arrs", "caip")}
    assert not any(t.incomplete for t in totals.values())
