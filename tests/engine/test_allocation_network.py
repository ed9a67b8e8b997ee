"""A network's services together: rooms shared in order, one bad service not stopping the rest."""

from engine.allocation import (
    NetworkProblem,
    Policy,
    Practice,
    ServiceAllocation,
    ServiceError,
    ServiceProblem,
    allocate_network,
)

PRACTICES = (
    Practice("A81001", True, populations={"weighted": 3000}, rooms=99),
    Practice("A81002", True, populations={"weighted": 1000}, rooms=99),
)


def service(name, sessions, *, needs_rooms=True, practices=PRACTICES, **policy):
    return ServiceProblem(name, sessions, practices, Policy(**policy), needs_rooms=needs_rooms)


def allocated(result):
    return {row.ods_code: row.allocated for row in result.practices}


def test_a_later_service_gets_only_the_rooms_earlier_services_left():
    problem = NetworkProblem(
        network="U35980",
        services=(
            service("Structured medication reviews", 8),  # 6 and 2
            service("First contact physiotherapy", 8),  # A81001 has 2 rooms left
        ),
        rooms={"A81001": 8, "A81002": 10},
    )
    first, second = allocate_network(problem).services
    assert allocated(first) == {"A81001": 6, "A81002": 2}
    assert allocated(second) == {"A81001": 2, "A81002": 6}
    assert second.practices[0].cause == "rooms"
    assert second.practices[0].upper == 2


def test_services_away_from_practices_neither_use_nor_need_rooms():
    problem = NetworkProblem(
        network="U35980",
        services=(
            service("Home visiting", 8, needs_rooms=False),
            service("Structured medication reviews", 4),
        ),
        rooms={"A81001": 3, "A81002": 1},
    )
    visiting, reviews = allocate_network(problem).services
    assert allocated(visiting) == {"A81001": 6, "A81002": 2}
    assert all(row.upper is None for row in visiting.practices)
    assert allocated(reviews) == {"A81001": 3, "A81002": 1}


def test_a_practice_the_network_lists_no_rooms_for_has_none():
    problem = NetworkProblem(
        network="U35980", services=(service("Social prescribing", 4),), rooms={"A81001": 9}
    )
    (result,) = allocate_network(problem).services
    assert allocated(result) == {"A81001": 4, "A81002": 0}
    assert result.practices[1].cause == "rooms"
    assert result.practices[1].reason.startswith(
        "Held at 0 because the practice has no free room-sessions a week"
    )


def test_a_service_that_cannot_be_allocated_does_not_stop_the_others():
    problem = NetworkProblem(
        network="U35980",
        services=(
            service("Mental health support", 0),
            service("Allied health clinics", 4, floor=3, cap=2),
            service("Care coordination", 4, needs_rooms=False),
        ),
        rooms={"A81001": 9, "A81002": 9},
    )
    staffless, badly_set, fine = allocate_network(problem).services
    assert isinstance(staffless, ServiceError) and staffless.service == "Mental health support"
    assert "nobody in post can deliver it" in staffless.message
    assert isinstance(badly_set, ServiceError)
    assert "floor (3) is above its cap (2)" in badly_set.message
    assert isinstance(fine, ServiceAllocation) and allocated(fine) == {"A81001": 3, "A81002": 1}


def test_a_refused_service_uses_no_rooms():
    problem = NetworkProblem(
        network="U35980",
        services=(
            service("Allied health clinics", 4, basis="demand"),  # nobody declared demand
            service("Structured medication reviews", 4),
        ),
        rooms={"A81001": 3, "A81002": 1},
    )
    refused, reviews = allocate_network(problem).services
    assert isinstance(refused, ServiceError)
    assert allocated(reviews) == {"A81001": 3, "A81002": 1}
