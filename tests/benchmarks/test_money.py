"""The money benchmark's batch gives the same answers as the pages' rules."""

from decimal import Decimal
from io import StringIO

from django.core.management import call_command

from pcn.benchmarks import money as benchmark


def test_the_batch_forecast_agrees_with_the_yearly_sum_for_people_in_post_all_year(db):
    measured = benchmark.run(repeat=1, pcn_codes=["U89141", "U07032"])
    assert {r.pcn_code for r in measured.results} == {"U89141", "U07032"}
    assert benchmark.agreement(measured) <= Decimal("0.12")  # at most a penny a month
    stockton = next(r for r in measured.results if r.pcn_code == "U89141")
    assert stockton.entitlement is not None and stockton.forecast > 0


def test_the_command_for_chosen_pcns_prints_figures_and_leaves_the_docs_alone(db):
    before = benchmark_doc()
    out = StringIO()
    call_command("benchmark_money", "--repeat", "1", "--pcn", "U89141", stdout=out)
    assert (
        "PCNs: 1 " in out.getvalue()
        and "Total: read + entitlements and forecasts" in out.getvalue()
    )
    assert benchmark_doc() == before


def benchmark_doc():
    from pcn.benchmarks.report import BENCHMARKS_FILE

    return BENCHMARKS_FILE.read_text() if BENCHMARKS_FILE.exists() else ""
