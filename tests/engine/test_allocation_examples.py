"""Small allocations worked by hand: the numbers a practice manager would check."""

from engine.allocation import Policy, Practice, ServiceProblem, allocate_service


def practice(code, weighted=1, **kwargs):
    return Practice(
        ods_code=code,
        opted_in=kwargs.pop("opted_in", True),
        populations={"registered": weighted, "adjusted": weighted, "weighted": weighted},
        **kwargs,
    )


def allocate(sessions, *practices, needs_rooms=True, **policy):
    return allocate_service(
        ServiceProblem(
            service="Structured medication reviews",
            sessions_available=sessions,
            practices=practices,
            policy=Policy(**policy),
            needs_rooms=needs_rooms,
        )
    )


def by_code(result):
    return {row.ods_code: row for row in result.practices}


def sessions(result):
    return {row.ods_code: row.allocated for row in result.practices}


def test_weighted_three_two_one_gives_five_three_two_of_ten():
    # Priorities v/(a+0.5) by hand: A6 B4 A2=C2 (A first) B1.33 A1.2 A0.86 B0.8 A0.67=C0.67
    # (A first) and the tenth to C at 0.67: A 5, B 3, C 2.
    result = allocate(10, practice("A81001", 3), practice("A81002", 2), practice("A81003", 1))
    assert sessions(result) == {"A81001": 5, "A81002": 3, "A81003": 2}
    rows = by_code(result)
    assert round(rows["A81002"].share, 4) == 0.3333
    assert round(rows["A81002"].fair_share, 2) == 3.33
    assert all(row.cause is None for row in result.practices)
    assert rows["A81001"].reason == (
        "Weighted population 3 is 50.0% of the opted-in practices' total; 50.0% of 10 sessions "
        "is 5.00, rounded fairly to 5."
    )
    assert result.sessions_allocated == 10 and result.unplaced == 0 and result.warnings == ()


def test_equal_split_of_ten_over_three_gives_the_extra_session_to_the_first_ods_code():
    result = allocate(10, practice("C3"), practice("A1"), practice("B2"), basis="equal")
    assert sessions(result) == {"C3": 3, "A1": 4, "B2": 3}
    rows = by_code(result)
    assert rows["A1"].cause == "rounding"
    assert "which alone would round to 3" in rows["A1"].reason
    assert rows["B2"].cause is None and rows["C3"].cause is None
    assert rows["A1"].basis_value == 1


def test_four_equal_halves_round_to_a_total_that_adds_up():
    # Each fair share is 2.50: rounding each half up would hand out 12 of 10 sessions. The
    # rule gives the two extra halves to the first two codes.
    result = allocate(10, *(practice(code) for code in ("D4", "C3", "B2", "A1")))
    assert sessions(result) == {"D4": 2, "C3": 2, "B2": 3, "A1": 3}
    rows = by_code(result)
    assert rows["A1"].cause is None
    assert rows["D4"].cause == "rounding"
    assert rows["D4"].reason == (
        "Weighted population 1 is 25.0% of the opted-in practices' total; 25.0% of 10 sessions "
        "is 2.50, which alone would round to 3; rounding every practice's share fairly so they "
        "add up to 10 gives 2."
    )


def test_a_practice_short_of_rooms_is_held_and_the_rest_go_to_practices_with_room():
    # Unbounded: 15, 6, 3 of 24. A is held at its 3 rooms; the 21 left go 2:1 to B and C.
    result = allocate(24, practice("A1", 5, rooms=3), practice("B2", 2), practice("C3", 1))
    assert sessions(result) == {"A1": 3, "B2": 14, "C3": 7}
    rows = by_code(result)
    assert rows["A1"].cause == "rooms" and rows["A1"].upper == 3
    assert rows["A1"].reason == (
        "Held at 3 because the practice has 3 free room-sessions a week left for this service; its fair share is "
        "15.00 and the other 12.0 went to practices with room."
    )
    assert rows["B2"].cause == "redistribution"
    assert "could not take because of their free rooms" in rows["B2"].reason
    assert result.unplaced == 0


def test_rooms_do_not_limit_a_service_delivered_away_from_practices():
    result = allocate(
        24, practice("A1", 5, rooms=3), practice("B2", 2), practice("C3", 1), needs_rooms=False
    )
    assert sessions(result) == {"A1": 15, "B2": 6, "C3": 3}
    assert by_code(result)["A1"].upper is None


def test_a_small_practice_is_raised_to_the_floor_and_the_others_give_way():
    # Unbounded: 5, 5, 0 of 10 (fair 4.76, 4.76, 0.48). The floor of 2 takes 2 for C.
    result = allocate(10, practice("A1", 10), practice("B2", 10), practice("C3", 1), floor=2)
    assert sessions(result) == {"A1": 4, "B2": 4, "C3": 2}
    rows = by_code(result)
    assert rows["C3"].cause == "floor" and rows["C3"].lower == 2
    assert rows["C3"].reason == (
        "Raised to 2 by the floor of 2 sessions every opted-in practice gets; its fair share "
        "alone is 0.48."
    )
    assert rows["A1"].cause == "redistribution"
    assert "bring other practices up to the floor of 2 sessions" in rows["A1"].reason


def test_the_cap_holds_big_practices_and_passes_sessions_to_small_ones():
    # Unbounded: 5, 5, 0 of 10; a cap of 4 passes one from each of A and B to C.
    result = allocate(10, practice("A1", 10), practice("B2", 10), practice("C3", 1), cap=4)
    assert sessions(result) == {"A1": 4, "B2": 4, "C3": 2}
    rows = by_code(result)
    assert rows["A1"].cause == "cap" and rows["A1"].upper == 4
    assert rows["A1"].reason.startswith("Held at 4 by the cap of 4 sessions a practice")
    assert rows["C3"].cause == "redistribution"
    assert "because of the cap" in rows["C3"].reason


def test_the_lower_of_rooms_and_cap_is_the_cause_named():
    result = allocate(
        12, practice("A1", 10, rooms=2), practice("B2", 10, rooms=9), practice("C3", 1), cap=5
    )
    rows = by_code(result)
    assert (rows["A1"].allocated, rows["A1"].cause) == (2, "rooms")
    assert (rows["B2"].allocated, rows["B2"].cause) == (5, "cap")
    assert rows["C3"].allocated == 5


def test_an_opted_out_practice_gets_nothing_and_needs_no_explaining():
    result = allocate(9, practice("A1", 2), practice("B2", 1), practice("C3", 50, opted_in=False))
    rows = by_code(result)
    assert sessions(result) == {"A1": 6, "B2": 3, "C3": 0}
    assert rows["C3"].share == 0 and rows["C3"].fair_share == 0 and rows["C3"].upper == 0
    assert rows["C3"].cause is None
    assert rows["C3"].reason == "Opted out of this service."
    assert rows["C3"].basis_value == 50
    assert rows["A1"].share == 2 / 3


def test_when_every_practice_is_capped_the_rest_are_unplaced_with_a_warning():
    result = allocate(10, practice("A1", 1), practice("B2", 1), practice("C3", 1), cap=3)
    assert sessions(result) == {"A1": 3, "B2": 3, "C3": 3}
    assert (result.sessions_allocated, result.unplaced) == (9, 1)
    assert result.warnings == (
        "1 of 10 sessions could not be placed: every opted-in practice is at its limit "
        "(3 practices by the cap of 3 sessions a practice). Add rooms, raise the cap or opt "
        "more practices in.",
    )


def test_when_rooms_run_out_everywhere_the_warning_names_rooms():
    result = allocate(10, practice("A1", 1, rooms=2), practice("B2", 1, rooms=1))
    assert (result.sessions_allocated, result.unplaced) == (3, 7)
    assert "(2 practices by free rooms)" in result.warnings[0]
    assert "the rest is unplaced" in by_code(result)["A1"].reason


def test_floors_that_need_more_sessions_than_there_are_are_not_applied():
    result = allocate(5, practice("A1", 10), practice("B2", 10), practice("C3", 1), floor=2)
    assert sessions(result) == {"A1": 3, "B2": 2, "C3": 0}
    assert result.warnings == (
        "The floor of 2 sessions for each of 3 opted-in practices needs 6 sessions, but only "
        "5 are available, so no floor was applied.",
    )
    assert all(row.lower == 0 for row in result.practices)


def test_a_floor_above_a_practices_rooms_holds_it_at_its_rooms_with_a_warning():
    result = allocate(
        10, practice("A1", 10), practice("B2", 10), practice("C3", 1, rooms=1), floor=2
    )
    assert sessions(result) == {"A1": 5, "B2": 4, "C3": 1}
    assert by_code(result)["C3"].lower == 1
    assert result.warnings == (
        "C3 cannot reach the floor of 2 sessions: it has only 1 free room-session a week, so "
        "it is held at 1.",
    )


def test_demand_shares_by_declared_sessions_and_undeclared_counts_as_none():
    result = allocate(
        8,
        practice("A1", demand=3),
        practice("B2", demand=1),
        practice("C3"),
        basis="demand",
    )
    assert sessions(result) == {"A1": 6, "B2": 2, "C3": 0}
    assert by_code(result)["A1"].reason.startswith(
        "Declared demand of 3 sessions a week is 75.0% of the opted-in practices' total"
    )


def test_registered_and_adjusted_bases_read_their_own_population():
    a = Practice("A1", True, populations={"registered": 1000, "adjusted": 3000})
    b = Practice("B2", True, populations={"registered": 3000, "adjusted": 1000})
    registered = allocate(4, a, b, basis="registered")
    adjusted = allocate(4, a, b, basis="adjusted")
    assert sessions(registered) == {"A1": 1, "B2": 3}
    assert sessions(adjusted) == {"A1": 3, "B2": 1}
    assert registered.basis == "registered"
    assert by_code(registered)["A1"].reason.startswith("Registered list 1,000 is 25.0%")


def test_a_blend_averages_each_bases_shares_by_weight():
    # Weighted shares 3/4, 1/4; demand shares 1/4, 3/4. Blended 3:1 for weighted:
    # A = (3 × 0.75 + 1 × 0.25) / 4 = 0.625, B = 0.375; of 8 sessions: 5 and 3.
    a = Practice("A1", True, populations={"weighted": 300}, demand=1)
    b = Practice("B2", True, populations={"weighted": 100}, demand=3)
    result = allocate(8, a, b, basis="blend", weights={"weighted": 3, "demand": 1})
    rows = by_code(result)
    assert sessions(result) == {"A1": 5, "B2": 3}
    assert rows["A1"].share == 0.625
    assert rows["A1"].basis_value == 62.5  # the blended share as a percentage
    assert rows["A1"].fair_share == 5.0
    assert rows["A1"].reason.startswith(
        "The blended share (75% weighted population, 25% declared demand) is 62.5%"
    )
    assert result.basis == "blend"


def test_a_blend_basis_with_weight_zero_needs_no_figures():
    a = Practice("A1", True, populations={"weighted": 300})
    b = Practice("B2", True, populations={"weighted": 100})
    result = allocate(4, a, b, basis="blend", weights={"weighted": 1, "registered": 0})
    assert sessions(result) == {"A1": 3, "B2": 1}


def test_the_result_names_the_rounding_method():
    result = allocate(3, practice("A1"))
    assert "Webster" in result.method and "Sainte-Laguë" in result.method
    assert sessions(result) == {"A1": 3}
