"""The read API the rest of the product uses."""

import datetime as dt

import pytest

from pcn.reference import queries
from pcn.reference.models import PcnRecord, PopulationEstimate, PracticeRecord, RegisteredPatients

pytestmark = pytest.mark.django_db

JAN = dt.date(2030, 1, 1)
JUL = dt.date(2030, 7, 1)


@pytest.fixture
def network():
    PcnRecord.objects.create(code="UX0001", name="QUOKKA HARBOUR PCN", extract_date=JUL)
    PcnRecord.objects.create(code="UX0002", name="ZYZZYVA VALLEY PCN", extract_date=JUL)
    for code, name, pcn in [
        ("X90002", "YARROW SIDE SURGERY", "UX0001"),
        ("X90001", "XYLOPHONE TEST PRACTICE", "UX0001"),
        ("X90003", "ZYZZYVA TEST PRACTICE", "UX0002"),
        ("X90004", "XYLOPHONE LONE PRACTICE", "U"),
    ]:
        PracticeRecord.objects.create(code=code, name=name, pcn_code=pcn, extract_date=JUL)


def registered(code, patients, extract, sex="ALL", band="ALL", org_type="GP"):
    return RegisteredPatients(
        org_type=org_type, org_code=code, extract_date=extract, sex=sex, age_band=band,
        patients=patients,
    )  # fmt: skip


def test_find_pcn_ignores_case_and_spaces(network):
    assert queries.find_pcn("  ux0001 ").name == "QUOKKA HARBOUR PCN"
    assert queries.find_pcn("UX9999") is None
    assert queries.find_pcn("") is None


def test_nearest_pcns_forgive_typos_in_code_or_name(network):
    assert queries.nearest_pcns("quoka harbor")[0].code == "UX0001"
    assert queries.nearest_pcns("UX0002", limit=1)[0].name == "ZYZZYVA VALLEY PCN"
    assert len(queries.nearest_pcns("zyzzyva", limit=3)) <= 3
    assert queries.nearest_pcns("   ") == []


def test_search_finds_pcns_by_name_and_by_member_practice(network):
    by_name = queries.search_pcns("quokka")
    assert [(r.pcn.code, r.matched_practices) for r in by_name] == [("UX0001", [])]

    by_practice = queries.search_pcns("xylophone")
    # The practice in no PCN has nowhere to lead, so it is left out.
    assert [(r.pcn.code, r.matched_practices) for r in by_practice] == [
        ("UX0001", ["XYLOPHONE TEST PRACTICE"])
    ]

    both = queries.search_pcns("zyzzyva")
    pcn, practices = both[0]  # results unpack as (pcn_record, matched_practice_names)
    assert (pcn.code, practices) == ("UX0002", ["ZYZZYVA TEST PRACTICE"])
    assert queries.search_pcns("x90002")[0].matched_practices == ["YARROW SIDE SURGERY"]
    assert queries.search_pcns("") == []


def test_member_practices_are_ordered_by_name(network):
    names = [p.name for p in queries.member_practices(" ux0001")]
    assert names == ["XYLOPHONE TEST PRACTICE", "YARROW SIDE SURGERY"]


def test_latest_list_sizes_use_each_codes_latest_extract_in_few_queries(
    network, django_assert_max_num_queries
):
    RegisteredPatients.objects.bulk_create(
        [
            registered("X90001", 5000, JAN),
            registered("X90001", 5100, JUL),
            registered("X90001", 2600, JUL, sex="MALE"),
            registered("X90002", 7000, JAN),  # its latest extract is older than the other's
            registered("UX0001", 12100, JUL, org_type="PCN"),
        ]
    )
    with django_assert_max_num_queries(2):
        sizes = queries.latest_list_sizes(["X90001", "x90002 ", "X90003"])
    assert sizes == {"X90001": (5100, JUL), "X90002": (7000, JAN)}
    assert queries.latest_list_sizes(["UX0001"], org_type="PCN") == {"UX0001": (12100, JUL)}


def test_population_estimates_give_the_latest_per_basis(network, django_assert_max_num_queries):
    def estimate(basis, as_at, value):
        return PopulationEstimate(
            practice_code="X90001", basis=basis, as_at=as_at, value=value, source="test"
        )

    PopulationEstimate.objects.bulk_create(
        [
            estimate("registered", dt.date(2024, 1, 1), 4000),
            estimate("registered", dt.date(2025, 1, 1), 4200),
            estimate("weighted", dt.date(2024, 1, 1), 3900),
        ]
    )
    with django_assert_max_num_queries(1):
        estimates = queries.population_estimates(["X90001", "X90002"])
    assert set(estimates) == {"X90001"}
    assert {basis: e.value for basis, e in estimates["X90001"].items()} == {
        "registered": 4200,
        "weighted": 3900,
    }


def test_age_profile_is_in_natural_band_order_for_the_latest_extract(network):
    RegisteredPatients.objects.bulk_create(
        [
            registered("X90001", 1, JAN, sex="MALE", band="0_4"),
            registered("X90001", 9, JUL, sex="MALE", band="10_14"),
            registered("X90001", 8, JUL, sex="FEMALE", band="10_14"),
            registered("X90001", 3, JUL, sex="MALE", band="95+"),
            registered("X90001", 5, JUL, sex="FEMALE", band="5_9"),
            registered("X90001", 4, JUL, sex="MALE", band="5_9"),
            registered("X90001", 7, JUL, sex="MALE", band="0_4"),
            registered("X90001", 6, JUL, sex="FEMALE", band="0_4"),
            registered("X90001", 40, JUL, sex="MALE", band="ALL"),
            registered("X90001", 80, JUL),
        ]
    )
    assert queries.age_profile("x90001") == [
        ("0_4", 7, 6),
        ("5_9", 4, 5),
        ("10_14", 9, 8),
        ("95+", 3, None),
    ]
    assert queries.age_profile("X99999") == []
