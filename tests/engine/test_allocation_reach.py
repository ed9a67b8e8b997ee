"""A service whose staff cannot reach every opted-in practice in a week (decision 14): the
sessions go to as many practices as the staff can reach, and the allocation says who gets none."""

from hypothesis import given
from hypothesis import strategies as st

from engine.allocation import Policy, Practice, ServiceProblem, allocate_service, to_json
from engine.allocation.apportion import webster


def practice(code, weighted):
    return Practice(ods_code=code, opted_in=True, populations={"weighted": weighted})


def enhanced_access(sessions, *practices, reach, floor=None):
    return allocate_service(
        ServiceProblem(
            service="Enhanced access",
            sessions_available=sessions,
            practices=practices,
            policy=Policy(floor=floor),
            needs_rooms=False,
            reach=reach,
        )
    )


FOUR = (
    practice("A81001", 4000),
    practice("A81002", 3000),
    practice("A81003", 2000),
    practice("A81004", 1000),
)


def test_one_person_at_two_practices_a_week_serves_the_two_ranked_first():
    # By hand, one session at a time to the highest population / (sessions + 0.5): A 8000,
    # B 6000 (two practices now: C and D are closed), A 2667, B 2000, A 1600, B 1200, A 1143,
    # A 889 (B 857): A 5, B 3 — Webster's 8 between A and B alone (4.57 and 3.43).
    result = enhanced_access(8, *FOUR, reach=2)
    got = {row.ods_code: (row.allocated, row.cause) for row in result.practices}
    assert got == {
        "A81001": (5, "redistribution"),
        "A81002": (3, "redistribution"),
        "A81003": (0, "reach"),
        "A81004": (0, "reach"),
    }
    assert result.sessions_allocated == 8 and result.unplaced == 0
    assert result.reach == 2


def test_a_practice_left_out_is_told_why_and_what_it_is_owed():
    rows = {row.ods_code: row for row in enhanced_access(8, *FOUR, reach=2).practices}
    assert rows["A81003"].reason == (
        "Weighted population 2,000 is 20.0% of the opted-in practices' total; 20.0% of 8 "
        "sessions is 1.60, but it gets none: the staff who deliver this service can work at no "
        "more than 2 practices a week between them, and the sessions go to the 2 practices the "
        "same rule ranks first. The fair-share ledger counts its 1.60 as owed."
    )
    assert "the practices the staff can reach in a week" in rows["A81001"].reason


def test_the_service_warns_up_front_which_practices_get_none_and_how_much_share():
    (warning,) = enhanced_access(8, *FOUR, reach=2).warnings
    assert "no more than 2 practices a week" in warning
    assert "4 practices take part" in warning
    assert "A81003, A81004 get none: 2.40 sessions a week of fair share" in warning


def test_a_reach_of_every_practice_changes_nothing():
    limited = enhanced_access(8, *FOUR, reach=4)
    plain = enhanced_access(8, *FOUR, reach=None)
    assert [r.allocated for r in limited.practices] == [r.allocated for r in plain.practices]
    assert limited.reach is None and not limited.warnings


def test_floors_on_more_practices_than_the_staff_reach_are_not_applied():
    result = enhanced_access(8, *FOUR, reach=2, floor=1)
    assert [r.allocated for r in result.practices] == [5, 3, 0, 0]
    assert any("floor of 1 session" in w and "cannot be held" in w for w in result.warnings)


def test_the_reach_is_in_the_json():
    assert to_json(enhanced_access(8, *FOUR, reach=2))["reach"] == 2
    assert to_json(enhanced_access(8, *FOUR, reach=9))["reach"] is None


@given(
    st.lists(st.integers(1, 50_000), min_size=1, max_size=10),
    st.integers(1, 60),
    st.integers(1, 10),
)
def test_no_more_practices_than_the_reach_get_sessions_and_none_are_lost(values, sessions, reach):
    codes = [f"P{i:02d}" for i in range(len(values))]
    n = len(values)
    seats, unplaced = webster(values, [0] * n, [None] * n, sessions, codes, reach)
    assert sum(1 for s in seats if s > 0) <= reach
    assert sum(seats) == sessions and unplaced == 0
    # Among the practices served, the same shares as the rule gives them alone.
    served = [i for i in range(n) if seats[i] > 0]
    alone, _ = webster(
        [values[i] for i in served], [0] * len(served), [None] * len(served), sessions,
        [codes[i] for i in served],
    )  # fmt: skip
    assert alone == [seats[i] for i in served]
