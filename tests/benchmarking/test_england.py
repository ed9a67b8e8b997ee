"""England's figures: one PCN checked by hand against the NHS files, the similar PCNs, the
percentile method on a hand-made set, and a newer file loaded changing the figures."""

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.conf import settings
from django.db.models import Sum

from pcn.benchmarking import england as bench
from pcn.reference.loader import load_file
from pcn.reference.models import RegisteredPatients, WorkforceRecord
from tests.reference.conftest import (
    QUIN_AGE_HEADER,
    WORKFORCE_HEADER,
    csv_text,
    quin_row,
    workforce_row,
)

DATA = settings.BASE_DIR / "data" / "reference"
CENSUS_FILE = DATA / "nhsd_pcn-workforce-individual-level_2026-06.zip"
AGE_FILE = DATA / "nhsd_gp-reg-pat-prac-quin-age_2026-07.zip"
LIVERPOOL = "U35980"  # Central Liverpool PCN, in NHS Cheshire and Merseyside ICB (QYG)
SMALL_ICB = "QOC"  # nine PCNs in the census: fewer than SIMILAR_IN_ICB others


def _rows(path, keep):
    with zipfile.ZipFile(path) as archive, archive.open(archive.namelist()[0]) as raw:
        return [r for r in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")) if keep(r)]


@pytest.fixture
def england(db):
    return bench.england()


def test_percentiles_on_a_hand_made_set_count_lower_figures_and_ties_half():
    d = Decimal
    others = [d(1), d(2), d(2), d(5)]
    # one lower (1), two ties (2, 2): (1 + 2/2) / 4 = 50%
    assert bench.percentile(d(2), others) == d("50.0")
    assert bench.percentile(d(0), others) == d("0.0")  # the lowest
    assert bench.percentile(d(9), others) == d("100.0")  # the highest
    assert bench.percentile(d(3), others) == d("75.0")  # three lower
    assert bench.percentile(d(1), others) == d("12.5")  # one tie: 0.5 / 4
    assert bench.percentile(d(0), [d(0), d(0)]) == d("50.0")  # all the same: the middle
    assert bench.percentile(d(1), []) is None  # nobody to compare with


def test_central_liverpool_figures_match_the_nhs_files_added_up_by_hand(england):
    """Added up with Python's csv module straight from the shipped files, not through the
    loader or the role map:

    - nhsd_pcn-workforce-individual-level_2026-06.zip, rows with PCN_CODE U35980: 33 records,
      27.773333334 FTE in all; STAFF_ROLE "Pharmacists" (the ARRS clinical pharmacist): 7
      records, 6.360000001 FTE. The loader keeps FTE to 4 places (WorkforceRecord.fte), so the
      sum agrees to within 0.00005 a record: 6.3601.
    - gp-reg-pat-prac-quin-age.csv, ORG_TYPE PCN, ORG_CODE U35980, extract 1 Jul 2026: SEX ALL,
      AGE_GROUP_5 ALL = 45,778 patients; MALE + FEMALE in 65_69 … 95+ = 6,418 of 45,778, a
      share of 0.1402.
    - So clinical pharmacists per 10,000 registered patients: 6.36 × 10,000 / 45,778 = 1.389.
    """
    census = _rows(CENSUS_FILE, lambda r: r["PCN_CODE"] == LIVERPOOL)
    pharmacists = [r for r in census if r["STAFF_ROLE"] == "Pharmacists"]
    pharmacist_fte = sum(Decimal(r["FTE"]) for r in pharmacists)
    total_fte = sum(Decimal(r["FTE"]) for r in census)
    ages = _rows(AGE_FILE, lambda r: r["ORG_TYPE"] == "PCN" and r["ORG_CODE"] == LIVERPOOL)
    patients = next(
        int(r["NUMBER_OF_PATIENTS"])
        for r in ages
        if r["SEX"] == "ALL" and r["AGE_GROUP_5"] == "ALL"
    )
    banded = [r for r in ages if r["SEX"] in ("MALE", "FEMALE") and r["AGE_GROUP_5"] != "ALL"]
    older = sum(
        int(r["NUMBER_OF_PATIENTS"])
        for r in banded
        if r["AGE_GROUP_5"] in ("65_69", "70_74", "75_79", "80_84", "85_89", "90_94", "95+")
    )
    assert (len(census), len(pharmacists), patients, older) == (33, 7, 45778, 6418)
    assert pharmacist_fte == Decimal("6.360000001")

    figures = england.figures(LIVERPOOL)
    assert figures.name == "CENTRAL LIVERPOOL PCN" and figures.icb_code == "QYG"
    assert figures.patients == patients
    assert figures.patients_date.isoformat() == "2026-07-01"
    assert figures.census_date.isoformat() == "2026-06-30"
    assert figures.share_65_plus == Decimal("0.1402") == round(Decimal(older) / patients, 4)
    assert figures.records == len(census)
    assert abs(figures.fte["clinical-pharmacist"] - pharmacist_fte) <= Decimal("0.00005") * 7
    assert abs(figures.fte_total - total_fte) <= Decimal("0.00005") * len(census)
    found = bench.benchmark(LIVERPOOL, england=england)
    pharmacist = found.role("clinical-pharmacist")
    assert round(pharmacist.per_10k, 3) == Decimal("1.389")
    assert round(pharmacist_fte * 10000 / patients, 3) == Decimal("1.389")


def test_every_census_record_is_counted_under_a_role_or_as_other(england):
    census = WorkforceRecord.objects.filter(census_date=england.census_date)
    counted = [england.figures(code) for code in england.codes()]
    assert sum(f.records for f in counted) == census.count() == 39940
    total = census.aggregate(total=Sum("fte"))["total"].quantize(
        Decimal("0.0001")
    )  # SQLite adds in floats
    assert sum(f.fte_total for f in counted) == total
    assert sum(f.fte_other for f in counted) == sum(t.fte for t in england.other.values())
    assert all(f.fte_total == f.fte_arrs + f.fte_other for f in counted)
    # The directors, managers and receptionists of Central Liverpool are "other", not dropped.
    assert england.figures(LIVERPOOL).fte_other == Decimal("5.8")


def test_every_census_pcn_is_compared_and_pcns_without_a_census_return_are_listed(england):
    assert len(england) == 1271
    assert england.no_patients == {}
    assert len(england.not_in_census) == 27  # in the patients file, no census record
    assert all(england.figures(code) is None for code in england.not_in_census)


def test_the_weighted_population_is_the_sum_of_the_member_practices_estimates(england):
    figures = england.figures(LIVERPOOL)
    # Six practices, each with a weighted estimate at 1 Jan 2024.
    assert (figures.practices, figures.weighted_missing) == (6, 0)
    assert figures.weighted == 55312
    assert figures.weighted_date.isoformat() == "2024-01-01"
    assert figures.per_10k_weighted("clinical-pharmacist") == (
        figures.fte["clinical-pharmacist"] * 10000 / 55312
    )


def test_similar_pcns_are_the_nearest_fifteen_of_the_icb_and_the_nearest_elsewhere(england):
    similar = england.similar(LIVERPOOL)
    assert len(similar.in_icb) == bench.SIMILAR_IN_ICB
    assert len(similar.codes) == bench.SIMILAR == len(set(similar.codes))
    assert LIVERPOOL not in similar.codes
    assert all(england.figures(c).icb_code == "QYG" for c in similar.in_icb)
    assert all(england.figures(c).icb_code != "QYG" for c in similar.elsewhere)
    for group in (similar.in_icb, similar.elsewhere):
        distances = [england.distance(LIVERPOOL, c) for c in group]
        assert distances == sorted(distances)
    # Nothing left in the ICB is nearer than the farthest chosen from it, and the same for the
    # rest of England.
    icb = {f.code for f in england.in_icb("QYG")} - {LIVERPOOL}
    farthest = england.distance(LIVERPOOL, similar.in_icb[-1])
    assert all(england.distance(LIVERPOOL, c) >= farthest for c in icb - set(similar.in_icb))
    farthest = england.distance(LIVERPOOL, similar.elsewhere[-1])
    rest = set(england.codes()) - icb - {LIVERPOOL} - set(similar.elsewhere)
    assert all(england.distance(LIVERPOOL, c) >= farthest for c in rest)


def test_a_pcn_in_a_small_icb_has_all_its_icb_and_more_from_elsewhere(england):
    icb = england.in_icb(SMALL_ICB)
    assert len(icb) == 9
    similar = england.similar(icb[0].code)
    assert sorted(similar.in_icb) == sorted(f.code for f in icb[1:])
    assert len(similar.elsewhere) == bench.SIMILAR - 8


def test_percentiles_against_england_and_similar_pcns_count_the_others(england):
    found = bench.benchmark(LIVERPOOL, england=england)
    role = "care-coordinator"
    mine = england.figures(LIVERPOOL).per_10k(role)
    others = [england.figures(c).per_10k(role) for c in england.codes() if c != LIVERPOOL]
    similar = [england.figures(c).per_10k(role) for c in found.similar]
    row = found.role(role)
    assert row.percentile_england == bench.percentile(mine, others)
    assert row.percentile_similar == bench.percentile(mine, similar)
    assert row.median_similar_per_10k == (sorted(similar)[14] + sorted(similar)[15]) / 2
    assert [r.role for r in found.roles][-1] == bench.ALL_ARRS
    assert found.all_arrs.fte == england.figures(LIVERPOOL).fte_arrs
    assert [r.role for r in found.roles][:-1] == [code for code, _ in england.roles]


def test_shortfalls_are_what_it_takes_to_reach_the_similar_median(england):
    found = bench.benchmark(LIVERPOOL, england=england)
    shortfalls = bench.role_shortfalls(LIVERPOOL, england=england)
    assert set(shortfalls) == {code for code, _ in england.roles}
    for row in found.roles[:-1]:
        wanted = row.median_similar_per_10k * found.pcn.patients / 10000
        expected = max(wanted - row.fte, Decimal(0))
        assert abs(shortfalls[row.role] - expected) <= Decimal("0.005")
    # Above the median in care co-ordinators; no physiotherapist, where similar PCNs have some.
    assert shortfalls["care-coordinator"] == 0
    assert shortfalls["first-contact-physiotherapist"] > 0
    # From the register's figures instead of the census, where the planner gives them.
    given = bench.role_shortfalls(
        LIVERPOOL, england=england, fte={"first-contact-physiotherapist": Decimal(5)}
    )
    assert given["first-contact-physiotherapist"] == 0
    assert given["clinical-pharmacist"] > shortfalls["clinical-pharmacist"]


def test_the_json_has_the_command_contract_shape_with_numbers(england):
    figures = bench.benchmark_json(LIVERPOOL, england=england)
    json.dumps(figures)  # nothing a JSON reader cannot take
    assert figures["pcn"] == LIVERPOOL
    assert len(figures["similar"]) == 30 and all(isinstance(c, str) for c in figures["similar"])
    for row in figures["roles"]:
        assert {"role", "fte", "per_10k", "percentile_england", "percentile_similar"} <= set(row)
        assert all(isinstance(row[k], float) for k in ("fte", "per_10k", "percentile_england"))
    pharmacist = next(r for r in figures["roles"] if r["role"] == "clinical-pharmacist")
    assert (pharmacist["fte"], pharmacist["per_10k"]) == (6.3601, 1.389)


def test_an_unknown_code_has_no_benchmark_and_says_why(england):
    assert bench.benchmark("U99999", england=england) is None
    assert bench.role_shortfalls("U99999", england=england) == {}
    with pytest.raises(bench.UnknownPcn, match="No PCN has the code U99999"):
        bench.benchmark_json("u99999", england=england)
    with pytest.raises(bench.UnknownPcn, match="no records in the workforce census of 30 June"):
        bench.benchmark_json(england.not_in_census[0], england=england)


def test_england_is_built_once_for_the_same_files(england):
    assert bench.england() is england


def test_a_newer_census_file_changes_the_figures(england, tmp_path):
    before = england.figures(LIVERPOOL)
    path = tmp_path / "census.zip"
    rows = [
        workforce_row(LIVERPOOL, "1", "800001", year="2026", month="9"),
        workforce_row(LIVERPOOL, "0.5", "800002", year="2026", month="9"),
    ]
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("census.csv", "\ufeff" + csv_text(WORKFORCE_HEADER, rows))
    assert load_file(path).status == "loaded"

    newer = bench.england()
    assert newer is not england
    figures = newer.figures(LIVERPOOL)
    assert figures.census_date.isoformat() == "2026-09-30"
    assert figures.fte["clinical-pharmacist"] == Decimal("1.5") != before.fte["clinical-pharmacist"]
    assert figures.fte["care-coordinator"] == 0
    # The June census can still be asked for by its date.
    assert bench.england(census_date=before.census_date).figures(LIVERPOOL) == before


def test_a_newer_patients_file_changes_the_figures(england, tmp_path):
    rows = [
        quin_row("PCN", LIVERPOOL, "ALL", "ALL", 50000, extract="2026-10-01"),
        quin_row("PCN", LIVERPOOL, "MALE", "70_74", 5000, extract="2026-10-01"),
        quin_row("PCN", LIVERPOOL, "FEMALE", "20_24", 45000, extract="2026-10-01"),
    ]
    path = tmp_path / "gp-reg-pat-prac-quin-age.csv"
    path.write_text(csv_text(QUIN_AGE_HEADER, rows))
    assert load_file(path).status == "loaded"
    assert RegisteredPatients.objects.filter(extract_date="2026-10-01").count() == 3

    figures = bench.england().figures(LIVERPOOL)
    assert (figures.patients, figures.share_65_plus) == (50000, Decimal("0.1000"))
    assert figures.patients_date.isoformat() == "2026-10-01"
