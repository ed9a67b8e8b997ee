"""The money benchmark: every mapped ARRS person costed, at the maximum and at expected pay, and
the figures it prints and writes say what was done."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from pcn.benchmarks import money as benchmark
from pcn.reference.models import NhsRoleMapping, WorkforceRecord

# Stockton, North Stockton, and one with care co-ordinators, GP assistants, a nursing associate
# and mental health practitioners.
PCNS = ["U89141", "U07032", "U02961"]


@pytest.fixture
def measured(db):
    return benchmark.run(repeat=1, pcn_codes=PCNS)


def mapped_arrs_records():
    mapped = {
        (m.staff_role, m.detailed_role): m.role_code
        for m in NhsRoleMapping.objects.exclude(role_code="")
    }
    latest = WorkforceRecord.objects.order_by("-census_date").first().census_date
    return [
        (r.pcn_code, mapped[(r.staff_role, r.detailed_role)], r.fte)
        for r in WorkforceRecord.objects.filter(census_date=latest, pcn_code__in=PCNS)
        if (r.staff_role, r.detailed_role) in mapped
    ]


def test_every_mapped_arrs_person_is_costed_band_4_care_coordinators_included(measured):
    records = mapped_arrs_records()
    costed = [p for people in measured.inputs.people.values() for p in people]
    assert len(costed) == len(records)
    assert sorted((p.role_code, p.wte) for p in costed) == sorted(
        (role, Decimal(fte)) for _, role, fte in records
    )
    roles = {p.role_code for p in costed}
    assert {"care-coordinator", "general-practice-assistant", "nursing-associate"} <= roles
    figures = benchmark.national(measured)
    assert figures["people_left_out"] == {"count": 0, "fte": 0.0, "reasons": {}}
    care = figures["people_costed"]["by_role"]["care-coordinator"]
    assert care["count"] == sum(1 for _, role, _ in records if role == "care-coordinator")


def test_expected_pay_never_costs_more_than_the_maximum(measured):
    the_months = benchmark.months(measured.inputs.year)
    for people in measured.inputs.people.values():
        for p in people:
            maxima = measured.inputs.maxima[(p.role_code, p.band)]
            at_max, at_pay, at_entry = benchmark.person_costs(
                (p.role_code, p.band, p.wte, p.share, (p.pay, p.entry_pay)), the_months, maxima
            )
            assert at_entry <= at_pay <= at_max
            assert at_max > 0
    for result in measured.results:
        assert result.at_expected_pay <= result.at_maximum
        assert result.costs["at_entry_pay"] <= result.at_expected_pay


def test_mental_health_practitioners_are_costed_as_band_7_at_half(measured):
    mhps = [
        p
        for people in measured.inputs.people.values()
        for p in people
        if p.role_code.startswith("mental-health-practitioner")
    ]
    assert mhps
    band_7 = measured.inputs.maxima[(mhps[0].role_code, "7")][0]
    for p in mhps:
        assert p.band == "7" and p.share == Decimal("0.5")
    one = mhps[0]
    the_months = benchmark.months(measured.inputs.year)
    at_max = benchmark.person_costs(
        (one.role_code, one.band, one.wte, one.share, (one.pay, one.entry_pay)),
        the_months,
        measured.inputs.maxima[(one.role_code, "7")],
    )[0]
    assert abs(at_max - band_7 * one.wte / 2) <= Decimal("0.12")
    lines, _ = benchmark.report(measured)
    text = " ".join(lines)
    assert "each is costed as band 7 (maximum and pay) at 50%" in text


def test_expected_pay_on_costs_give_the_published_gp_maximum():
    assert abs(benchmark.expected_pay("gp") - Decimal(105882)) < 1
    band_5 = benchmark.expected_pay("5")
    assert benchmark.expected_pay("5", "entry") < band_5
    assert benchmark.expected_pay("9") is None
    assert benchmark.pay_band("clinical-pharmacist", "7–8a", False) == "8a"
    assert benchmark.pay_band("social-prescribing-link-worker", "up to 5", False) == "5"
    assert benchmark.pay_band("mental-health-practitioner-adult", "4–8a", True) == "7"


def test_the_month_by_month_cost_agrees_with_the_yearly_sum(measured):
    assert {r.pcn_code for r in measured.results} == set(PCNS)
    assert benchmark.agreement(measured) <= Decimal("0.12")  # at most a penny a month
    stockton = next(r for r in measured.results if r.pcn_code == "U89141")
    assert stockton.entitlement is not None and stockton.at_maximum > 0


def test_the_json_has_the_national_figures(db):
    before = benchmark_doc()
    out = StringIO()
    call_command("benchmark_money", "--repeat", "1", "--json", *pcn_args(), stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["year"] == "2026/27" and figures["census_date"].startswith("2026-06")
    assert {"count", "fte", "reasons"} <= set(figures["people_left_out"])
    assert set(figures["unspent_share_of_entitlement"]) >= {"at_maximum", "at_expected_pay"}
    shares = figures["unspent_share_of_entitlement"]
    assert 0 <= shares["at_maximum"] <= shares["at_expected_pay"] <= 1
    assert figures["total_entitlement"] > 0
    assert figures["published_pot"]["value"] == 1_754_000_000
    assert set(figures["published_underspend_shares"]) == {"2023/24", "2024/25"}
    assert figures["entitlement_rate"]["value"] == 26.631
    assert figures["not_arrs_roles"]["count"] > 0
    assert benchmark_doc() == before


def test_the_report_says_indicative_and_gives_the_range(measured):
    text = benchmark.markdown(measured)
    assert "indicative" in text.lower() and "as a range" in text
    assert "at the maximum" in text and "at expected pay" in text
    assert "counted at 50%" not in text  # no old claim
    assert "2026/27's are not published" in text


def test_the_command_for_chosen_pcns_prints_figures_and_leaves_the_docs_alone(db):
    before = benchmark_doc()
    out = StringIO()
    call_command("benchmark_money", "--repeat", "1", "--pcn", "U89141", stdout=out)
    assert "PCNs: 1;" in out.getvalue()
    assert "Total: read + costings and entitlements" in out.getvalue()
    assert benchmark_doc() == before


def pcn_args():
    return [arg for code in PCNS for arg in ("--pcn", code)]


def benchmark_doc():
    from pcn.benchmarks.report import BENCHMARKS_FILE

    return BENCHMARKS_FILE.read_text() if BENCHMARKS_FILE.exists() else ""
