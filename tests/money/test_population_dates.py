"""A year's entitlement uses the populations at 1 January before it, and says so."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from pcn.core.years import population_date
from pcn.money.entitlements import for_network
from pcn.networks.models import PopulationKind, PracticePopulation
from tests.conftest import text

DINGLE = "N82033"
ESTIMATE = "estimate (third-party compilation, not an NHS publication)"
ADJUSTED_STREAMS = ("core_adjusted", "enhanced_access", "casp", "caip")


def _streams(code, year):
    out = StringIO()
    call_command("entitlements", code, "--year", year, "--json", stdout=out)
    return {s["stream"]: s for s in json.loads(out.getvalue())["streams"]}


def test_a_years_population_date_is_1_january_before_it():
    assert population_date("2025/26") == date(2025, 1, 1)
    assert population_date("2026/27") == date(2026, 1, 1)


def test_the_json_gives_each_streams_population_date_basis_and_source(demo):
    streams = _streams("U35980", "2025/26")
    # The shipped estimates hold the adjusted population at 1 Jan 2025...
    for key in ADJUSTED_STREAMS:
        line = streams[key]
        assert line["population_as_at"] == "2025-01-01"
        assert line["population_basis"] == "adjusted"
        assert line["population_basis_label"] == "adjusted population"
        assert line["population_source"] == ESTIMATE
        assert line["population"] == 56_932
        assert line["population_note"] is None
    # ...and the registered list at 1 Jan 2025, not the NHS list of 1 Jul 2026 (45,778).
    registered = streams["core_registered"]
    assert registered["population_as_at"] == "2025-01-01" and registered["population"] == 45_266
    # The weighted population only at 1 Jan 2024: the latest held before 1 Jan 2025.
    for key in ("arrs", "participation"):
        line = streams[key]
        assert line["population_as_at"] == "2024-01-01"
        assert line["population_basis"] == "weighted"
        assert line["population"] == 55_312
        assert line["population_note"] == "from 1 Jan 2024, the latest held"
    assert streams["care_home"]["population_as_at"] is None
    assert streams["care_home"]["population_source"] == "entered by the PCN manager"


def test_the_year_before_uses_the_figures_at_1_january_2024(demo):
    streams = _streams("U35980", "2024/25")
    assert {streams[k]["population_as_at"] for k in ("arrs", "core_registered", "casp")} == {
        "2024-01-01"
    }
    assert streams["core_adjusted"]["population"] == 56_258
    assert streams["core_adjusted"]["population_note"] is None


def test_a_pcn_not_set_up_uses_the_reference_tables_by_the_same_rule(db):
    streams = _streams("U89141", "2025/26")
    assert streams["core_registered"]["population_as_at"] == "2025-01-01"
    assert streams["core_adjusted"]["population_as_at"] == "2025-01-01"
    assert streams["core_adjusted"]["population_source"] == ESTIMATE
    assert streams["arrs"]["population_as_at"] == "2024-01-01"
    assert streams["arrs"]["population_note"] == "from 1 Jan 2024, the latest held"


def test_a_figure_only_after_the_date_is_not_used_and_the_line_says_which_practice(demo):
    dingle = demo.network.practices.get(ods_code=DINGLE)
    dingle.populations.filter(basis="registered").exclude(kind=PopulationKind.NHS).delete()
    line = next(x for x in for_network(demo.network, "2026/27") if x.stream == "core_registered")
    assert line.amount is None and line.population.as_at is None
    assert "Dingle Park Practice" in line.formula
    assert "1 Jul 2026, after 1 Jan 2026: not used" in line.formula


def test_a_practice_that_joined_after_the_date_is_not_counted_that_year(demo):
    dingle = demo.network.practices.get(ods_code=DINGLE)
    adjusted = dingle.populations.get(basis="adjusted", as_at=date(2025, 1, 1)).value
    dingle.joined_on = date(2025, 6, 1)
    dingle.save()
    line = next(x for x in for_network(demo.network, "2025/26") if x.stream == "core_adjusted")
    assert line.population.value == 56_932 - adjusted
    assert line.population.note == (
        "Dingle Park Practice joined on 1 Jun 2025, after 1 Jan 2025: not counted this year"
    )
    later = next(x for x in for_network(demo.network, "2026/27") if x.stream == "core_adjusted")
    assert later.population.value == 56_932


def test_an_official_figure_of_the_date_beats_the_estimate_of_that_date(demo):
    for practice in demo.network.practices.all():
        PracticePopulation.objects.create(
            practice=practice,
            basis="adjusted",
            kind=PopulationKind.OFFICIAL,
            value=10_000,
            as_at=date(2025, 1, 1),
            source="ICB",
        )
    line = next(x for x in for_network(demo.network, "2025/26") if x.stream == "casp")
    assert line.population.value == 60_000
    assert line.population.source == "official figure entered by the PCN manager"
    assert line.population.label == (
        "adjusted population at 1 Jan 2025 (official figure entered by the PCN manager)"
    )


def test_the_money_page_shows_each_lines_population_date_and_source(demo, as_role):
    page = text(as_role("PCN manager").get(reverse("money:overview") + "?year=2025/26"))
    assert "Adjusted population at 1 Jan 2025 (estimate)" in page
    assert "Registered list at 1 Jan 2025 (estimate)" in page
    assert "Weighted population from 1 Jan 2024, the latest held (estimate)" in page
    assert "for 2025/26, at 1 January 2025" in page
    page = text(as_role("PCN manager").get(reverse("money:overview") + "?year=2026/27"))
    assert "Adjusted population from 1 Jan 2025, the latest held (estimate)" in page
    assert "for 2026/27, at 1 January 2026" in page


def test_the_statements_participation_payment_uses_the_weighted_list_at_the_date(demo, as_role):
    dingle = demo.network.practices.get(ods_code=DINGLE)
    weighted = dingle.populations.get(basis="weighted", as_at=date(2024, 1, 1)).value
    # A later official figure is not used for 2025/26.
    PracticePopulation.objects.create(
        practice=dingle,
        basis="weighted",
        kind=PopulationKind.OFFICIAL,
        value=9_999,
        as_at=date(2026, 1, 1),
        source="ICB",
    )
    url = reverse("money:statement", args=[DINGLE]) + "?year=2025/26&quarter=Q1"
    page = text(as_role("PCN manager").get(url))
    expected = (Decimal("1.761") * weighted / 4).quantize(Decimal("0.01"))
    assert f"£{expected:,}" in page
    assert f"£1.761 × {weighted:,} weighted patients × 3/12" in page
    assert "from 1 Jan 2024, the latest held" in page


def test_income_is_shared_on_the_population_at_the_years_date(demo):
    from pcn.money import actions
    from pcn.money.distribution import weights_for

    dingle = demo.network.practices.get(ods_code=DINGLE)
    dingle.joined_on = date(2025, 6, 1)
    dingle.save()
    weights, _ = weights_for(demo.network, "adjusted", as_at=date(2025, 1, 1))
    assert weights[dingle] == 0
    adjusted = dingle.populations.get(basis="adjusted", as_at=date(2025, 1, 1)).value
    assert sum(weights.values()) == 56_932 - adjusted
    receipt = actions.record_income(
        network=demo.network,
        stream="enhanced_access",
        month=date(2025, 10, 1),
        amount="1000.00",
        received_on=date(2025, 10, 20),
        by=demo.user("PCN manager"),
    )
    shares = {s.practice.ods_code: s.amount for s in receipt.shares.all()}
    assert shares.get(DINGLE, Decimal(0)) == 0
    assert sum(shares.values()) == Decimal("1000.00")


def test_a_practice_not_yet_a_member_at_the_date_earns_no_participation_that_year(demo, as_role):
    dingle = demo.network.practices.get(ods_code=DINGLE)
    dingle.joined_on = date(2025, 6, 1)
    dingle.save()
    url = reverse("money:statement", args=[DINGLE]) + "?year=2025/26&quarter=Q1"
    page = text(as_role("PCN manager").get(url))
    assert "joined on 1 Jun 2025, after 1 Jan 2025: not counted this year" in page
