"""The benchmark against England for every PCN in the workforce census, in one batch: each PCN's
figures (FTE by ARRS role per 10,000 registered and weighted patients), its similar PCNs and
its percentiles among England and among them, for every role and all ARRS roles together.

The baseline, run on the same figures in the same command, is the straightforward way: each
PCN's similar PCNs by sorting every other PCN by distance, and each percentile by counting the
lower and tied figures of every other PCN (`england.percentile`, the definition the tests check
by hand), where the batch picks the nearest with a heap and counts with a binary search in each
role's sorted figures. The run checks that both give the same similar PCNs and percentiles for
every PCN and role.
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pcn.benchmarking import england as bench

SECTION = "Benchmark against England: every PCN's figures, similar PCNs and percentiles"
TARGET_SECONDS = 10
CHECKED = "U35980"  # the PCN whose figures a test adds up by hand from the NHS files


@dataclass
class Measured:
    england: bench.England
    benchmarks: dict  # code -> Benchmark, from the batch
    queries: int  # to read every PCN's figures
    read_seconds: list[float] = field(default_factory=list)
    compare_seconds: list[float] = field(default_factory=list)
    baseline_seconds: list[float] = field(default_factory=list)
    disagreements: int = 0
    load: float | None = None  # the machine's load average over the last minute, at the end

    @property
    def total(self):
        return [r + c for r, c in zip(self.read_seconds, self.compare_seconds, strict=True)]

    @property
    def total_median(self):
        return statistics.median(self.total)


def read():
    """Every PCN's figures, built afresh (not from the process's cache)."""
    return bench.build()


def compare_all(england):
    return {code: bench.benchmark(code, england=england) for code in england.codes()}


def straightforward(england, code):
    """One PCN's similar PCNs and percentiles the straightforward way: (similar codes,
    {role: (percentile in England, percentile among similar)})."""
    me = england.figures(code)
    others = [c for c in england.codes() if c != code]
    in_icb = {c for c in others if me.icb_code and england.figures(c).icb_code == me.icb_code}
    same = sorted((england.distance(code, c), c) for c in in_icb)[: bench.SIMILAR_IN_ICB]
    elsewhere = sorted((england.distance(code, c), c) for c in others if c not in in_icb)
    elsewhere = elsewhere[: bench.SIMILAR - len(same)]
    similar = [c for _, c in same] + [c for _, c in elsewhere]
    percentiles = {}
    for role in england.role_codes():
        rates = england.rates(role)  # the same figures as the batch's: only the method differs
        value = rates[code]
        percentiles[role] = (
            bench.percentile(value, [rates[c] for c in others]),
            bench.percentile(value, [rates[c] for c in similar]),
        )
    return similar, percentiles


def baseline_all(england):
    return {code: straightforward(england, code) for code in england.codes()}


def disagreements(benchmarks, baseline):
    count = 0
    for code, found in benchmarks.items():
        similar, percentiles = baseline[code]
        if similar != found.similar:
            count += 1
        for row in found.roles:
            if (row.percentile_england, row.percentile_similar) != percentiles[row.role]:
                count += 1
    return count


def run(repeat=3) -> Measured:
    with CaptureQueriesContext(connection) as queries:
        england = read()
    measured = Measured(england=england, benchmarks={}, queries=len(queries.captured_queries))
    for _ in range(repeat):
        started = time.perf_counter()
        england = read()
        built = time.perf_counter()
        benchmarks = compare_all(england)
        compared = time.perf_counter()
        baseline = baseline_all(england)
        done = time.perf_counter()
        measured.england, measured.benchmarks = england, benchmarks
        measured.read_seconds.append(built - started)
        measured.compare_seconds.append(compared - built)
        measured.baseline_seconds.append(done - compared)
        measured.disagreements = disagreements(benchmarks, baseline)
    measured.load = os.getloadavg()[0]
    return measured


def figures(measured) -> dict:
    england = measured.england
    every = [england.figures(code) for code in england.codes()]
    icb_short = sum(1 for found in measured.benchmarks.values() if len(found.similar_in_icb) < 15)
    checked = measured.benchmarks.get(CHECKED)
    pharmacist = checked.role("clinical-pharmacist") if checked else None
    median = statistics.median
    return {
        "census_date": england.census_date.isoformat() if england.census_date else None,
        "patients_date": england.patients_date.isoformat() if england.patients_date else None,
        "pcns_compared": len(england),
        "pcns_not_in_census": len(england.not_in_census),
        "census_pcns_without_patients": len(england.no_patients),
        "records": sum(f.records for f in every),
        "fte_arrs": round(float(sum(f.fte_arrs for f in every)), 2),
        "fte_other": round(float(sum(f.fte_other for f in every)), 2),
        "other_by_reason": {
            reason: {"records": t.records, "fte": round(float(t.fte), 2)}
            for reason, t in sorted(england.other.items())
        },
        "weighted_known": sum(1 for f in every if f.weighted),
        "pcns_with_fewer_than_15_of_their_icb": icb_short,
        "all_arrs_per_10k_median": round(
            float(median(england.values(bench.ALL_ARRS))) if every else 0, 3
        ),
        "queries_to_read": measured.queries,
        "disagreements_with_baseline": measured.disagreements,
        "checked_by_hand": None
        if pharmacist is None
        else {
            "pcn": CHECKED,
            "patients": checked.pcn.patients,
            "clinical_pharmacist_fte": float(pharmacist.fte),
            "clinical_pharmacist_per_10k": round(float(pharmacist.per_10k), 3),
            "all_arrs_per_10k": round(float(checked.all_arrs.per_10k), 3),
            "all_arrs_percentile_england": float(checked.all_arrs.percentile_england),
            "all_arrs_percentile_similar": float(checked.all_arrs.percentile_similar),
        },
        "timing_seconds_median": {
            "read": statistics.median(measured.read_seconds),
            "similar_and_percentiles": statistics.median(measured.compare_seconds),
            "total": measured.total_median,
            "baseline_similar_and_percentiles": statistics.median(measured.baseline_seconds),
        },
        "runs": len(measured.read_seconds),
    }


def report(measured):
    f = figures(measured)
    england = measured.england
    other = "; ".join(
        f"{reason}: {v['records']:,} records, {v['fte']:,.1f} FTE"
        for reason, v in f["other_by_reason"].items()
    )
    hand = f["checked_by_hand"]
    lines = [
        f"Workforce census {england.census_date:%-d %B %Y}, registered patients "
        f"{england.patients_date:%-d %B %Y}: {f['pcns_compared']:,} PCNs compared (every PCN "
        f"in the census with registered patients); {f['pcns_not_in_census']} PCNs of the "
        f"patients file have no census record and are not compared; "
        f"{f['census_pcns_without_patients']} census PCNs have no registered patients.",
        f"Census records counted: {f['records']:,}: {f['fte_arrs']:,.1f} FTE in ARRS roles of "
        f"the {england.year} catalogue and {f['fte_other']:,.1f} FTE under other roles "
        f"({other}); none dropped.",
        f"Weighted patients (unofficial estimates) known for {f['weighted_known']:,} PCNs. "
        f"England's median, all ARRS roles: {f['all_arrs_per_10k_median']:.2f} FTE per 10,000 "
        "registered patients.",
        f"Similar PCNs: {bench.SIMILAR_WORDS}; {f['pcns_with_fewer_than_15_of_their_icb']} "
        "PCNs have fewer than 15 others in their ICB and take more from elsewhere.",
        f"Read every PCN's figures in {f['queries_to_read']} queries. The batch and the "
        f"baseline disagree on {f['disagreements_with_baseline']} similar sets or "
        "percentiles.",
    ]
    if hand:
        lines.append(
            f"Checked by hand against the NHS files (tests/benchmarking/test_england.py): "
            f"{CHECKED} has {hand['patients']:,} registered patients and "
            f"{hand['clinical_pharmacist_fte']:.4f} FTE of clinical pharmacists, "
            f"{hand['clinical_pharmacist_per_10k']:.3f} per 10,000; all ARRS roles "
            f"{hand['all_arrs_per_10k']:.2f} per 10,000, percentile "
            f"{hand['all_arrs_percentile_england']:.1f} in England and "
            f"{hand['all_arrs_percentile_similar']:.1f} among similar PCNs."
        )
    median = statistics.median
    rows = [
        ("Read every PCN's figures (reference tables)", median(measured.read_seconds)),
        ("Similar PCNs and percentiles, every PCN and role", median(measured.compare_seconds)),
        ("Total: all-England benchmark", measured.total_median),
        (
            "Baseline: similar PCNs by full sort, percentiles by counting",
            median(measured.baseline_seconds),
        ),
    ]
    return lines, rows


def markdown(measured):
    lines, rows = report(measured)
    runs = len(measured.read_seconds)
    table = "\n".join(f"| {name} | {seconds:.3f} s |" for name, seconds in rows)
    verdict = "within" if measured.total_median <= TARGET_SECONDS else "over"
    speedup = statistics.median(measured.baseline_seconds) / statistics.median(
        measured.compare_seconds
    )
    return (
        "`manage.py benchmark_england` (`--json` prints the figures). "
        + "\n\n".join(part.strip().replace("\n", " ") for part in __doc__.split("\n\n")[:2])
        + "\n\n"
        + "\n".join(f"- {line}" for line in lines)
        + f"\n\nMedian of {runs} runs:\n\n| Step | Median |\n|---|---|\n{table}\n\n"
        + f"Target ≤ {TARGET_SECONDS} s for the total: **{verdict}** "
        + f"({measured.total_median:.2f} s). Similar PCNs and percentiles take "
        + f"{speedup:.1f}× less time than the baseline's."
        + (
            ""
            if measured.load is None
            else f" The machine's load average was {measured.load:.1f} on "
            f"{os.cpu_count()} cores at the end of the run (other people's work shares it)."
        )
        + "\n"
    )
