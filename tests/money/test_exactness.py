"""Money is exact: the FACTS worked examples, the one rounding step, and shares that always add
up to what was shared, to the penny."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcn.money.entitlements import Population, compute
from pcn.money.exact import distribute, parse_amount, pennies, pounds
from pcn.money.rates import published_rates, show_rate
from pcn.money.reimbursement import (
    HALF,
    WHOLE,
    days_in_post,
    mental_health_share,
    reimburse,
)


def populations(weighted=None, registered=None, adjusted=None, beds=None):
    def pop(basis, value):
        return Population(basis, value, "official" if value is not None else "unknown", "")

    return {
        "weighted": pop("weighted", weighted),
        "registered": pop("registered", registered),
        "adjusted": pop("adjusted", adjusted),
        "beds": pop("beds", beds),
    }


def line(lines, stream):
    return next(entry for entry in lines if entry.stream == stream)


def test_thirty_thousand_weighted_patients_get_the_published_arrs_sum():
    # FACTS §1.1: 30,000 weighted patients × £26.631 = £798,930 [S11]
    lines = compute(published_rates("2025/26"), populations(weighted=30_000))
    assert line(lines, "arrs").amount == Decimal("798930.00")


def test_an_entitlement_shows_its_working_rounded_once_to_the_penny():
    lines = compute(published_rates("2025/26"), populations(weighted=45_778))
    arrs = line(lines, "arrs")
    # 26.631 × 45,778 = 1,219,113.918: rounded once, half up.
    assert arrs.amount == Decimal("1219113.92")
    assert arrs.formula == "£26.631 × 45,778 weighted patients = £1,219,113.92"


def test_core_funding_is_its_two_parts_on_their_own_populations():
    # FACTS §1.1, 2025/26: £2.266 × registered list + £0.733 × adjusted population.
    lines = compute(published_rates("2025/26"), populations(registered=62_822, adjusted=68_935))
    assert line(lines, "core_registered").amount == Decimal("142354.65")  # 142,354.652
    assert line(lines, "core_adjusted").amount == Decimal("50529.36")  # 50,529.355 half up


def test_stockton_enhanced_access_and_casp_match_the_facts_table():
    # FACTS §4, Stockton PCN: adjusted 68,935 → EA ≈ £580,915, CASP ≈ £221,143.
    lines = compute(published_rates("2025/26"), populations(adjusted=68_935))
    assert line(lines, "enhanced_access").amount == Decimal("580915.25")
    assert line(lines, "casp").amount == Decimal("221143.48")


def test_care_home_premium_is_per_bed():
    lines = compute(published_rates("2025/26"), populations(beds=100))
    assert line(lines, "care_home").amount == Decimal("13025.30")


def test_an_unknown_rate_is_shown_as_unknown_never_a_guess():
    lines = compute(published_rates("2026/27"), populations(weighted=30_000))
    arrs = line(lines, "arrs")
    assert arrs.amount is None and arrs.formula.startswith("Unknown")


def test_capacity_and_access_payments_end_in_2026_27():
    lines = compute(published_rates("2026/27"), populations(adjusted=50_000))
    assert line(lines, "casp").rate.ended and line(lines, "casp").amount is None
    assert line(lines, "caip").formula == "Not part of the DES this year"


def test_a_missing_population_makes_the_stream_unknown():
    lines = compute(published_rates("2025/26"), populations())
    assert line(lines, "arrs").amount is None


def test_the_rounding_step_is_half_up_to_the_penny():
    assert pennies(Decimal("0.005")) == Decimal("0.01")
    assert pennies(Decimal("0.0049")) == Decimal("0.00")
    assert pennies(Decimal("2.675")) == Decimal("2.68")  # a float would give 2.67


def test_amounts_are_shown_in_pounds_and_rates_as_written():
    assert pounds(Decimal("1219113.918")) == "£1,219,113.92"
    assert pounds(None) == "Unknown"
    assert show_rate(Decimal("26.631")) == "£26.631"
    assert show_rate(Decimal("120")) == "£120.00"


def test_amounts_typed_by_people_are_read_exactly():
    assert parse_amount("£3,250.50") == Decimal("3250.50")
    for bad in ("", "three", "1.005", "NaN"):
        with pytest.raises(ValueError):
            parse_amount(bad)


def test_a_distribution_gives_leftover_pennies_to_the_largest_remainders():
    shares = distribute(Decimal("100.00"), {"a": 1, "b": 1, "c": 1})
    assert shares == {"a": Decimal("33.34"), "b": Decimal("33.33"), "c": Decimal("33.33")}


def test_nothing_is_shared_by_zero_weights():
    with pytest.raises(ValueError):
        distribute(Decimal("10.00"), {"a": 0, "b": 0})


@given(
    pence=st.integers(min_value=0, max_value=10**11),
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12).filter(
        lambda w: sum(w) > 0
    ),
)
def test_a_distribution_always_sums_to_the_amount_to_the_penny(pence, weights):
    amount = Decimal(pence) / 100
    shares = distribute(amount, dict(enumerate(weights)))
    assert sum(shares.values()) == amount
    total = sum(weights)
    for key, weight in enumerate(weights):
        exact = amount * weight / total
        assert abs(shares[key] - exact) < Decimal("0.01")
        assert shares[key] == shares[key].quantize(Decimal("0.01"))


@given(
    percentages=st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=2, max_size=8),
    pence=st.integers(min_value=1, max_value=10**9),
)
def test_agreed_percentage_shares_add_up_too(percentages, pence):
    if sum(percentages) == 0:
        return
    amount = Decimal(pence) / 100
    assert sum(distribute(amount, dict(enumerate(percentages))).values()) == amount


# Claim rules ------------------------------------------------------------------------------

NOVEMBER = date(2026, 11, 1)


def test_the_reimbursement_is_the_actual_cost_when_below_the_maximum():
    result = reimburse(Decimal("4000.00"), Decimal("66972"), Decimal("1.0"), NOVEMBER, None, None)
    assert result.amount == Decimal("4000.00") and result.rule == "actual cost"


def test_the_reimbursement_is_capped_at_the_maximum_times_wte():
    # £66,972 × 0.8 / 12 = £4,464.80
    result = reimburse(Decimal("5000.00"), Decimal("66972"), Decimal("0.8"), NOVEMBER, None, None)
    assert result.amount == Decimal("4464.80") and result.rule == "role maximum × WTE"


def test_a_part_month_is_pro_rata_by_days_in_post():
    # Started 16 November: 15 of 30 days; cap £5,581 × 15/30 = £2,790.50.
    start = date(2026, 11, 16)
    assert days_in_post(NOVEMBER, start, None) == 15
    result = reimburse(Decimal("9000.00"), Decimal("66972"), Decimal("1.0"), NOVEMBER, start, None)
    assert result.amount == Decimal("2790.50")
    assert "15 of 30 days in post" in result.rule


def test_nobody_is_reimbursed_for_a_month_they_were_not_in_post():
    assert days_in_post(NOVEMBER, date(2026, 12, 1), None) == 0
    assert days_in_post(NOVEMBER, None, date(2026, 10, 31)) == 0


def test_the_first_mental_health_practitioner_in_a_band_is_half_reimbursed():
    assert mental_health_share(True, first_in_band=True, agreement=True) == HALF
    result = reimburse(
        Decimal("4000.00"), Decimal("60000"), Decimal("1.0"), NOVEMBER, None, None, HALF
    )
    assert result.amount == Decimal("2000.00")


def test_later_mental_health_practitioners_are_reimbursed_up_to_full_cost():
    assert mental_health_share(True, first_in_band=False, agreement=True) == WHOLE
    assert mental_health_share(False, first_in_band=True, agreement=False) == WHOLE


def test_no_mental_health_practitioner_is_reimbursed_without_the_providers_agreement():
    assert mental_health_share(True, first_in_band=True, agreement=False) == 0
    assert mental_health_share(True, first_in_band=False, agreement=False) == 0
    result = reimburse(
        Decimal("4000.00"), Decimal("60000"), Decimal("1.0"), NOVEMBER, None, None, Decimal(0)
    )
    assert result.amount == Decimal("0.00")
    assert "none until the network records its written agreement" in result.rule


def test_an_unknown_maximum_leaves_the_line_unknown():
    result = reimburse(Decimal("4000.00"), None, Decimal("1.0"), NOVEMBER, None, None)
    assert result.amount is None
