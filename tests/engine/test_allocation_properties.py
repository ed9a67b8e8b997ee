"""What must hold for every allocation, checked on many generated networks."""

from dataclasses import replace

from hypothesis import assume, given
from hypothesis import strategies as st

from engine.allocation import (
    NetworkProblem,
    Policy,
    Practice,
    ServiceAllocation,
    ServiceProblem,
    allocate_network,
    allocate_service,
)
from engine.allocation.apportion import round_half_up

codes = st.lists(
    st.from_regex(r"[A-Z][0-9]{5}", fullmatch=True), min_size=1, max_size=9, unique=True
)


@st.composite
def practices(draw, *, rooms=True, basis="weighted"):
    found = []
    for code in draw(codes):
        found.append(
            Practice(
                ods_code=code,
                opted_in=draw(st.booleans() | st.just(True)),
                populations={basis: draw(st.integers(1, 60_000))},
                demand=draw(st.none() | st.integers(0, 20)),
                rooms=draw(st.none() | st.integers(0, 15)) if rooms else None,
            )
        )
    assume(any(p.opted_in for p in found))
    return tuple(found)


@st.composite
def policies(draw):
    floor = draw(st.none() | st.integers(0, 5))
    cap = draw(st.none() | st.integers(floor or 0, 25))
    return Policy(basis="weighted", floor=floor, cap=cap)


@st.composite
def services(draw, *, name="Structured medication reviews", bounded=True):
    return ServiceProblem(
        service=name,
        sessions_available=draw(st.integers(1, 150)),
        practices=draw(practices(rooms=bounded)),
        policy=draw(policies()) if bounded else Policy(),
        needs_rooms=draw(st.booleans()),
    )


def opted_in(result: ServiceAllocation):
    return [row for row in result.practices if row.opted_in]


@given(services())
def test_every_session_is_allocated_or_reported_unplaced(problem):
    result = allocate_service(problem)
    assert sum(row.allocated for row in result.practices) == result.sessions_allocated
    assert result.sessions_allocated + result.unplaced == problem.sessions_available
    assert result.unplaced >= 0


@given(services())
def test_sessions_are_unplaced_only_when_every_opted_in_practice_is_at_its_limit(problem):
    result = allocate_service(problem)
    if result.unplaced:
        assert all(row.allocated == row.upper for row in opted_in(result))
        assert result.warnings[-1].startswith(f"{result.unplaced} of ")


@given(services())
def test_an_opted_out_practice_gets_nothing(problem):
    result = allocate_service(problem)
    for row in result.practices:
        if not row.opted_in:
            assert (row.allocated, row.share, row.fair_share, row.cause) == (0, 0, 0, None)


@given(
    st.lists(st.from_regex(r"[A-Z][0-9]{5}", fullmatch=True), min_size=1, max_size=12, unique=True),
    st.integers(1, 300),
    st.sampled_from(["equal", "weighted"]),
)
def test_equal_bases_split_within_one_session(codes, sessions, basis):
    problem = ServiceProblem(
        service="Social prescribing",
        sessions_available=sessions,
        practices=tuple(Practice(c, True, populations={"weighted": 8_000}) for c in codes),
        policy=Policy(basis=basis),
    )
    allocated = [row.allocated for row in allocate_service(problem).practices]
    assert max(allocated) - min(allocated) <= 1


@given(services(), st.data())
def test_a_practice_whose_need_rises_never_loses_sessions(problem, data):
    rows = [i for i, p in enumerate(problem.practices) if p.opted_in]
    i = data.draw(st.sampled_from(rows))
    before = problem.practices[i]
    raised = replace(
        before,
        populations={
            "weighted": before.populations["weighted"] + data.draw(st.integers(1, 50_000))
        },
    )
    grown = replace(
        problem, practices=(*problem.practices[:i], raised, *problem.practices[i + 1 :])
    )
    assert (
        allocate_service(grown).practices[i].allocated
        >= allocate_service(problem).practices[i].allocated
    )


@given(services())
def test_a_practice_never_gets_more_sessions_than_its_free_rooms_or_the_cap(problem):
    result = allocate_service(problem)
    for practice, row in zip(problem.practices, result.practices, strict=True):
        if problem.needs_rooms and practice.rooms is not None:
            assert row.allocated <= practice.rooms
        if problem.policy.cap is not None:
            assert row.allocated <= problem.policy.cap


@given(services())
def test_floors_are_met_whenever_there_are_sessions_enough(problem):
    floor = problem.policy.floor or 0
    reachable = {
        p.ods_code: floor if p.rooms is None or not problem.needs_rooms else min(floor, p.rooms)
        for p in problem.practices
        if p.opted_in
    }
    assume(floor and sum(reachable.values()) <= problem.sessions_available)
    result = allocate_service(problem)
    for row in opted_in(result):
        assert row.allocated >= reachable[row.ods_code]


@given(services(), st.randoms(use_true_random=False))
def test_the_same_problem_gets_the_same_answer_in_any_order(problem, random):
    shuffled = list(problem.practices)
    random.shuffle(shuffled)
    first = allocate_service(problem)
    again = allocate_service(problem)
    reordered = allocate_service(replace(problem, practices=tuple(shuffled)))
    assert first == again
    assert {r.ods_code: r.allocated for r in first.practices} == {
        r.ods_code: r.allocated for r in reordered.practices
    }


@given(services())
def test_each_cause_says_truly_why_the_practice_differs_from_its_fair_share(problem):
    result = allocate_service(problem)
    for row in opted_in(result):
        rounded = round_half_up(row.fair_share)
        if row.cause is None:
            assert row.allocated == rounded
        else:
            assert row.allocated != rounded
        if row.cause in ("rooms", "cap"):
            assert row.allocated == row.upper and row.allocated < row.fair_share
        if row.cause == "floor":
            assert row.allocated == row.lower > 0


@st.composite
def networks(draw):
    shared = draw(practices())
    services_ = []
    for n in range(draw(st.integers(1, 5))):
        opt_ins = draw(st.lists(st.booleans(), min_size=len(shared), max_size=len(shared)))
        if not any(opt_ins):
            opt_ins[0] = True
        services_.append(
            ServiceProblem(
                service=f"Service {n}",
                sessions_available=draw(st.integers(0, 60)),
                practices=tuple(
                    replace(p, opted_in=o) for p, o in zip(shared, opt_ins, strict=True)
                ),
                policy=draw(policies()),
                needs_rooms=draw(st.booleans()),
            )
        )
    rooms = {p.ods_code: draw(st.integers(0, 30)) for p in shared if draw(st.booleans())}
    return NetworkProblem(network="U12345", services=tuple(services_), rooms=rooms)


@given(networks())
def test_services_needing_rooms_together_never_use_more_rooms_than_the_network_has(problem):
    result = allocate_network(problem)
    used = {}
    for service, allocation in zip(problem.services, result.services, strict=True):
        if service.needs_rooms and isinstance(allocation, ServiceAllocation):
            for row in allocation.practices:
                used[row.ods_code] = used.get(row.ods_code, 0) + row.allocated
    for code, sessions in used.items():
        assert sessions <= problem.rooms.get(code, 0)


@given(networks())
def test_every_service_gets_an_answer_in_the_order_asked(problem):
    result = allocate_network(problem)
    assert [s.service for s in result.services] == [s.service for s in problem.services]
    assert result == allocate_network(problem)
