"""Problems the engine refuses, each with a message that names the service (and the practice
or basis where there is one) and says what to change."""

import pytest

from engine.allocation import AllocationError, Policy, Practice, ServiceProblem, allocate_service

SERVICE = "First contact physiotherapy"


def practice(code="A81001", opted_in=True, **kwargs):
    kwargs.setdefault("populations", {"registered": 5000, "adjusted": 5200, "weighted": 5400})
    return Practice(ods_code=code, opted_in=opted_in, **kwargs)


def refusal(*practices, sessions=10, **policy):
    problem = ServiceProblem(
        service=SERVICE,
        sessions_available=sessions,
        practices=practices or (practice(),),
        policy=Policy(**policy),
    )
    with pytest.raises(AllocationError) as refused:
        allocate_service(problem)
    return str(refused.value)


def test_no_staff_time_is_refused_saying_nobody_can_deliver_the_service():
    assert refusal(sessions=0).startswith(
        f"No staff time is available for {SERVICE}: nobody in post can deliver it"
    )


def test_negative_sessions_are_refused():
    message = refusal(sessions=-3)
    assert SERVICE in message and "-3 sessions" in message and "0 or more" in message


def test_a_service_with_no_practices_is_refused():
    problem = ServiceProblem(service=SERVICE, sessions_available=10, practices=())
    with pytest.raises(AllocationError, match=f"{SERVICE} has no practices"):
        allocate_service(problem)


def test_a_service_every_practice_opted_out_of_is_refused():
    message = refusal(practice("A1", opted_in=False), practice("B2", opted_in=False))
    assert message.startswith(f"Every practice has opted out of {SERVICE}")
    assert "opt at least one practice in" in message


def test_a_practice_listed_twice_is_refused():
    assert "Practice A1 is listed twice" in refusal(practice("A1"), practice("A1"))


def test_an_unknown_basis_is_refused_listing_the_bases():
    message = refusal(basis="list_size")
    assert f"{SERVICE} uses an unknown basis 'list_size'" in message
    assert "equal, registered, adjusted, weighted, demand or blend" in message


def test_a_blend_without_weights_is_refused():
    assert f"{SERVICE} blends bases but gives no weights" in refusal(basis="blend")


def test_a_blend_whose_weights_add_up_to_zero_is_refused():
    message = refusal(basis="blend", weights={"weighted": 0, "demand": 0})
    assert message.startswith(f"{SERVICE}'s blend weights add up to 0")


def test_a_blend_with_a_negative_weight_is_refused():
    message = refusal(basis="blend", weights={"weighted": 2, "registered": -1})
    assert "registered list a negative weight (-1)" in message and SERVICE in message


def test_a_blend_of_an_unknown_basis_is_refused():
    assert "unknown basis 'deprivation'" in refusal(basis="blend", weights={"deprivation": 1})


def test_negative_demand_is_refused_naming_the_practice():
    message = refusal(practice("A1", demand=2), practice("B2", demand=-1), basis="demand")
    assert "Practice B2 declares negative demand (-1)" in message and SERVICE in message


def test_a_practice_without_the_population_the_basis_needs_is_refused():
    message = refusal(practice("A1"), practice("B2", populations={"registered": 4000}))
    assert message.startswith(f"Practice B2 has no weighted population for {SERVICE}")
    assert "allocate this service on another basis" in message


def test_an_opted_out_practice_without_figures_does_not_matter():
    problem = ServiceProblem(
        service=SERVICE,
        sessions_available=4,
        practices=(practice("A1"), practice("B2", opted_in=False, populations={})),
    )
    assert allocate_service(problem).sessions_allocated == 4


def test_demand_nobody_declared_is_refused():
    message = refusal(practice("A1"), practice("B2", demand=0), basis="demand")
    assert message.startswith(f"No opted-in practice has declared demand for {SERVICE}")


def test_a_population_total_of_zero_is_refused():
    zero = {"weighted": 0}
    message = refusal(practice("A1", populations=zero), practice("B2", populations=zero))
    assert message.startswith(
        f"The opted-in practices' weighted population adds up to 0 for {SERVICE}"
    )


def test_a_negative_population_is_refused():
    assert "Practice A1 has a negative weighted population (-5)" in refusal(
        practice("A1", populations={"weighted": -5})
    )


def test_a_negative_floor_or_cap_is_refused():
    assert f"{SERVICE} has a negative floor (-1)" in refusal(floor=-1)
    assert f"{SERVICE} has a negative cap (-2)" in refusal(cap=-2)


def test_a_floor_above_the_cap_is_refused():
    message = refusal(floor=4, cap=3)
    assert message.startswith(f"{SERVICE}'s floor (4) is above its cap (3)")
    assert "lower the floor or raise the cap" in message


def test_negative_rooms_are_refused():
    assert "Practice A1 has -1 free room-sessions" in refusal(practice("A1", rooms=-1))


def test_a_service_nobody_takes_part_in_is_refused_for_that_not_for_its_lack_of_staff():
    message = refusal(practice("A1", opted_in=False), sessions=0)
    assert message.startswith(f"Every practice has opted out of {SERVICE}")
