"""The whole-session rule: the fast version hands out exactly what the plain rule does."""

import heapq

from hypothesis import example, given
from hypothesis import strategies as st

from engine.allocation.apportion import webster


def plain_rule(values, lower, upper, sessions, ties):
    """One session at a time to the highest value / (sessions + 0.5), first code on a tie."""
    seats = list(lower)
    spare = sessions - sum(seats)
    while spare > 0:
        open_ = [i for i in range(len(values)) if upper[i] is None or seats[i] < upper[i]]
        if not open_:
            break
        best = min(open_, key=lambda i: (-values[i] / (seats[i] + 0.5), ties[i]))
        seats[best] += 1
        spare -= 1
    return seats, spare


@st.composite
def apportionments(draw):
    n = draw(st.integers(1, 12))
    ties = [f"P{i:02d}" for i in draw(st.permutations(range(n)))]
    values = draw(
        st.lists(
            st.one_of(st.integers(0, 60_000), st.floats(0, 1, allow_nan=False)),
            min_size=n,
            max_size=n,
        )
    )
    upper = draw(st.lists(st.one_of(st.none(), st.integers(0, 40)), min_size=n, max_size=n))
    floor = draw(st.integers(0, 3))
    lower = [floor if u is None else min(floor, u) for u in upper]
    sessions = draw(st.integers(sum(lower), sum(lower) + 300))
    return values, lower, upper, sessions, ties


@given(apportionments())
@example(([5e-324], [0], [None], 10, ["P00"]))  # a need so small the warm start's step is zero
def test_the_warm_start_gives_what_one_session_at_a_time_gives(case):
    assert webster(*case) == plain_rule(*case)


def test_a_thousand_sessions_need_only_about_one_heap_step_per_practice(monkeypatch):
    pops = []
    real_pop = heapq.heappop

    def counting_pop(heap):
        pops.append(1)
        return real_pop(heap)

    monkeypatch.setattr(heapq, "heappop", counting_pop)
    values = [4_100, 9_800, 12_000, 7_300, 15_500, 6_600]
    seats, unplaced = webster(values, [0] * 6, [None] * 6, 1000, list("ABCDEF"))
    assert sum(seats) == 1000 and unplaced == 0
    assert len(pops) <= 2 * len(values)
