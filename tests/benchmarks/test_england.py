"""The all-England benchmark: the straightforward baseline gives the batch's answers, and the
report says what was compared, what was left out and how the total stands against its target."""

import pytest

from pcn.benchmarking import england as bench
from pcn.benchmarks import england as benchmark

LIVERPOOL = "U35980"


@pytest.fixture
def england(db):
    return bench.england()


def test_the_straightforward_way_gives_the_batchs_similar_pcns_and_percentiles(england):
    small_icb = england.in_icb("QOC")[0].code  # fewer than 15 others in its ICB
    for code in (LIVERPOOL, small_icb, england.codes()[0]):
        found = bench.benchmark(code, england=england)
        similar, percentiles = benchmark.straightforward(england, code)
        assert similar == found.similar
        for row in found.roles:
            assert percentiles[row.role] == (row.percentile_england, row.percentile_similar)


def test_the_report_states_the_figures_the_check_by_hand_and_the_target(england):
    codes = [LIVERPOOL, "U07032"]
    measured = benchmark.Measured(
        england=england,
        benchmarks={code: bench.benchmark(code, england=england) for code in codes},
        queries=9,
        read_seconds=[0.5, 0.4, 0.6],
        compare_seconds=[3.0, 2.0, 4.0],
        baseline_seconds=[20.0, 18.0, 22.0],
    )
    text = benchmark.markdown(measured)
    assert "1,271 PCNs compared" in text
    assert "27 PCNs of the patients file have no census record" in text
    assert "none dropped" in text
    assert "U35980 has 45,778 registered patients and 6.3601 FTE of clinical pharmacists" in text
    assert "| Total: all-England benchmark | 3.500 s |" in text
    assert "Target ≤ 10 s for the total: **within** (3.50 s)" in text
    assert "6.7× less time than the baseline's" in text
    assert "Read every PCN's figures in 9 queries" in text
