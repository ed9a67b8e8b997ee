"""The batch benchmark's problems, built from the shipped reference data for two real PCNs."""

from decimal import Decimal

from engine.allocation import NetworkProblem, Policy, Practice, ServiceProblem, allocate_network
from pcn.allocation.starter_services import STARTER_SERVICES
from pcn.benchmarks import allocation as benchmark
from pcn.reference.models import PracticeRecord, WorkforceRecord
from pcn.workforce.actions.nhs_import import role_map

PCNS = ["U35980", "U07032"]  # Central Liverpool, North Stockton


def test_each_pcn_becomes_a_problem_of_its_practices_and_its_staff_time(db):
    built = benchmark.build_problems(PCNS)
    assert sorted(p.network for p in built.problems) == sorted(PCNS)
    records = WorkforceRecord.objects.filter(census_date=built.census_date, pcn_code__in=PCNS)
    assert built.records == records.count()
    for problem in built.problems:
        members = set(
            PracticeRecord.objects.filter(pcn_code=problem.network).values_list("code", flat=True)
        )
        assert set(problem.rooms) == members
        assert all(10 <= rooms <= 30 for rooms in problem.rooms.values())
        assert any(service.sessions_available > 0 for service in problem.services)
        in_order = [s.service for s in problem.services]
        assert in_order == sorted(in_order, key=[s.name for s in STARTER_SERVICES].index)
        for service in problem.services:
            assert {p.ods_code for p in service.practices} == members
            assert any(p.opted_in for p in service.practices)
            assert service.policy == Policy()  # both have weighted populations
            assert all(p.populations["registered"] > 0 for p in service.practices)
    assert built.practices == sum(len(p.rooms) for p in built.problems)


def test_a_pcns_staff_time_is_ten_sessions_per_fte_of_the_records_a_service_can_use(db):
    built = benchmark.build_problems(["U35980"])
    (problem,) = built.problems
    roles = role_map()
    usable = {code for service in STARTER_SERVICES for code in service.role_codes}
    records = WorkforceRecord.objects.filter(census_date=built.census_date, pcn_code="U35980")
    fte = sum(
        (r.fte for r in records if roles.get((r.staff_role, r.detailed_role)) in usable),
        Decimal(0),
    )
    # Each service's total is rounded to whole sessions (those rounded to 0 left out): half a
    # session either way at most.
    total = sum(s.sessions_available for s in problem.services)
    assert abs(total - fte * 10) <= Decimal(len(STARTER_SERVICES)) / 2
    assert built.unmapped_records > 0  # U35980's file has clinical directors and managers


def test_the_same_pcns_get_the_same_rooms_and_opt_ins_every_run(db):
    assert benchmark.build_problems(PCNS).problems == benchmark.build_problems(PCNS).problems


def test_the_problems_allocate_without_errors_and_place_sessions(db):
    for problem in benchmark.build_problems(PCNS).problems:
        result = allocate_network(problem)
        assert [getattr(s, "message", None) for s in result.services] == [None] * len(
            problem.services
        )
        assert sum(s.sessions_allocated for s in result.services) > 0


def test_the_baseline_splits_equally_with_the_remainder_to_the_first_practices():
    practices = tuple(Practice(code, code != "B2") for code in ("A1", "B2", "C3", "D4"))
    problem = NetworkProblem("U1", (ServiceProblem("Social prescribing", 11, practices),))
    assert benchmark.equal_split(problem) == [[4, 4, 3]]


def test_errors_are_counted_by_kind_without_names():
    assert (
        benchmark.error_kind(
            "Practice A81001 has no weighted population for Social prescribing: enter it"
        )
        == "a practice has no weighted population"
    )
