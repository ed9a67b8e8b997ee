"""The recruitment planner on problems small enough to check by hand, and its properties."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from engine.recruitment import (
    Candidate,
    Pin,
    Post,
    Problem,
    Service,
    Weights,
    explain,
    greedy,
    solve,
)
from engine.recruitment.problem import cost_full_year, cost_this_year

JAN, FEB, MAR = date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)
MONTHS = (JAN, FEB, MAR)


def pharmacist(**changes):
    fields = dict(
        role="pharmacist",
        name="Clinical pharmacist",
        band="7",
        month_cost=(400_000, 400_000, 400_000),  # £4,000 a month per WTE
        full_year_cost=4_800_000,  # £48,000 a year per WTE
        max_wte=200,
        shortfall=100,  # 1 WTE below the median of similar PCNs
    )
    return Candidate(**(fields | changes))


def physio(**changes):
    fields = dict(
        role="physio",
        name="First contact physiotherapist",
        band="8a",
        month_cost=(500_000, 500_000, 500_000),
        full_year_cost=6_000_000,
        max_wte=200,
    )
    return Candidate(**(fields | changes))


def quick(problem):
    return solve(problem, seconds=5, workers=1, seed=0)


def test_costs_are_each_months_cost_times_wte_from_the_start_month():
    c = pharmacist(month_cost=(333_333, 333_333, 333_333))
    # Half a WTE: £1,666.665 a month, rounded to £1,666.67, for February and March.
    assert cost_this_year(c, MONTHS, FEB, 50) == 166_667 * 2
    assert cost_full_year(c, 50) == 2_400_000


def test_tiny_plan_checked_by_hand():
    """Room next year for £72,000: one WTE of pharmacist (£48,000, the role below the median)
    and half a WTE of physiotherapist (£30,000) is too much; the pharmacist and nothing else
    leaves £24,000, too little for any physio post (half a WTE is £30,000) but enough for half
    a pharmacist (£24,000), so the plan is 1.5 WTE of pharmacist from January: the first WTE
    earns the shortfall weight, and every post uses this year's headroom from the first month."""
    problem = Problem(
        months=MONTHS,
        candidates=(pharmacist(), physio()),
        headroom=10_000_000,
        next_year_room=7_200_000,
    )
    solution = quick(problem)
    assert solution.status == "optimal"
    assert sorted((p.role, p.wte, p.start) for p in solution.posts) == [
        ("pharmacist", 50, JAN),
        ("pharmacist", 100, JAN),
    ]
    e = solution.explanation
    assert e.cost_this_year == 1_200_000 + 600_000  # three months of 1.5 WTE at £4,000
    assert e.cost_full_year == 7_200_000
    terms = {t.name: t.points for t in e.terms}
    assert terms == {
        "headroom": 1_800_000,
        "shortfall": 2_000_000,  # 1 WTE towards the median, at £20,000
        "unmet": 0,
        "posts": -400_000,
    }
    assert e.total == 3_400_000 and e.ok


def test_the_explanation_adds_up_to_the_solvers_objective():
    problem = Problem(
        months=MONTHS,
        candidates=(pharmacist(), physio(shortfall=150)),
        services=(Service("Medication reviews", 500, ("pharmacist",)),),
        headroom=3_000_000,
        next_year_room=20_000_000,
    )
    solution = quick(problem)
    assert solution.status == "optimal"
    assert solution.explanation.total == solution.bound


def test_this_years_headroom_limits_the_plan_when_it_is_smaller():
    problem = Problem(
        months=MONTHS,
        candidates=(pharmacist(),),
        headroom=600_000,  # £6,000: half a WTE for three months, or a WTE for February-March...
        next_year_room=20_000_000,
    )
    solution = quick(problem)
    assert solution.explanation.cost_this_year <= 600_000
    assert solution.explanation.ok


def test_a_forbidden_role_is_never_proposed_and_a_pinned_one_always_is():
    problem = Problem(
        months=MONTHS,
        candidates=(pharmacist(), physio()),
        headroom=10_000_000,
        next_year_room=7_200_000,
        forbidden=frozenset({"pharmacist"}),
        pins=(Pin("physio", 50),),
    )
    solution = quick(problem)
    assert {p.role for p in solution.posts} == {"physio"}
    assert sum(p.wte for p in solution.posts) == 50


def test_pins_that_cannot_fit_are_refused_with_a_reason():
    problem = Problem(
        months=MONTHS,
        candidates=(physio(),),
        headroom=10_000_000,
        next_year_room=1_000_000,
        pins=(Pin("physio", 100),),
    )
    solution = quick(problem)
    assert solution.status == "infeasible" and not solution.posts
    assert "next year's entitlement" in solution.message


def test_the_why_says_the_comparison_the_demand_and_the_costs():
    c = pharmacist(
        benchmark_note="your network has 0.8 FTE per 10,000 patients, similar PCNs a median of 1.6",
        demand_note="2 sessions a week of medication reviews unmet in the agreed allocation",
    )
    e = explain(
        Problem(months=MONTHS, candidates=(c,), headroom=10**8, next_year_room=10**8),
        [Post("pharmacist", "7", 100, FEB)],
    )
    assert e.posts[0].why == (
        "Clinical pharmacist (band 7): your network has 0.8 FTE per 10,000 patients, similar "
        "PCNs a median of 1.6; 2 sessions a week of medication reviews unmet in the agreed "
        "allocation; costs £8,000.00 this year from February 2027, £48,000.00 a full year"
    )


def test_a_plan_over_either_limit_is_reported_broken():
    problem = Problem(months=MONTHS, candidates=(pharmacist(),), headroom=100, next_year_room=100)
    e = explain(problem, [Post("pharmacist", "7", 100, JAN)])
    assert not e.ok and len(e.broken) == 2


def test_the_solver_does_at_least_as_well_as_the_greedy_baseline():
    problem = Problem(
        months=MONTHS,
        candidates=(pharmacist(), physio(shortfall=100)),
        services=(Service("Home visiting", 1_000, ("physio", "pharmacist")),),
        headroom=10_000_000,
        next_year_room=10_800_000,
    )
    assert quick(problem).explanation.total >= greedy(problem).explanation.total


candidates = st.builds(
    lambda i, monthly, yearly, max_wte, shortfall: Candidate(
        role=f"r{i}",
        name=f"Role {i}",
        band="",
        month_cost=(monthly, monthly + 1_000, monthly),
        full_year_cost=yearly,
        max_wte=max_wte,
        shortfall=shortfall,
    ),
    st.integers(0, 10**6),
    st.integers(50_000, 800_000),
    st.integers(600_000, 9_000_000),
    st.sampled_from([0, 50, 100, 150, 300]),
    st.integers(0, 300),
)


@given(
    st.lists(candidates, min_size=1, max_size=5, unique_by=lambda c: c.role),
    st.integers(-1_000_000, 30_000_000),
    st.integers(-1_000_000, 40_000_000),
    st.booleans(),
    st.lists(st.tuples(st.integers(0, 2_000), st.sets(st.integers(0, 4))), max_size=3),
)
def test_every_plan_keeps_within_this_years_headroom_and_next_years_entitlement(
    roles, headroom, room, forbid_first, demand
):
    problem = Problem(
        months=MONTHS,
        candidates=tuple(roles),
        services=tuple(
            Service(f"s{i}", unmet, tuple(f"r{j}" for j in sorted(who)))
            for i, (unmet, who) in enumerate(demand)
        ),
        headroom=headroom,
        next_year_room=room,
        forbidden=frozenset({roles[0].role}) if forbid_first else frozenset(),
        weights=Weights(),
    )
    solved = solve(problem, seconds=5, workers=1)
    if solved.status == "optimal":
        assert solved.explanation.total == solved.bound
    for solution in (solved, greedy(problem)):
        e = solution.explanation
        assert e.ok, e.broken
        assert e.cost_this_year <= max(headroom, 0)
        assert e.cost_full_year <= max(room, 0)
        if forbid_first:
            assert roles[0].role not in {p.role for p in solution.posts}


def test_unmet_demand_counts_each_new_session_once_across_services():
    """Half a WTE of pharmacist (5 sessions) could serve medication reviews or care home rounds,
    5 sessions short each: it covers 5 sessions in all, not 10. A physio who can only do care
    home rounds lets the pharmacist's sessions go to reviews: 10 in all."""
    services = (
        Service("Medication reviews", 500, ("pharmacist",)),
        Service("Care home rounds", 500, ("pharmacist", "physio")),
    )
    problem = Problem(
        months=MONTHS,
        candidates=(pharmacist(shortfall=0), physio()),
        services=services,
        headroom=10**9,
        next_year_room=10**9,
    )
    covered = {t.name: t for t in explain(problem, [Post("pharmacist", "7", 50, JAN)]).terms}
    assert covered["unmet"].points == 2_000 * 500  # 5 sessions at £2,000
    both = explain(
        problem,
        [Post("physio", "8a", 50, JAN), Post("pharmacist", "7", 50, JAN)],
    )
    assert {t.name: t for t in both.terms}["unmet"].amount == "10 of 10 sessions a week"


def test_the_solver_gives_up_a_dear_post_for_two_cheaper_ones_where_greedy_cannot():
    """Room next year for £96,000. One post at a time, the physio (£15,000 this year from
    January) beats the pharmacist (£12,000) and takes £60,000 of the room; half a physio more
    (£30,000) fits, and then nothing does: £22,500 this year, 2 posts, score £18,500. Two
    pharmacists use all £96,000 and £24,000 this year: score £20,000."""
    problem = Problem(
        months=MONTHS,
        candidates=(pharmacist(shortfall=0), physio()),
        headroom=10**9,
        next_year_room=9_600_000,
    )
    slow = greedy(problem)
    best = quick(problem)
    assert slow.explanation.total == 1_850_000
    assert best.explanation.total == 2_000_000 and best.status == "optimal"
    assert sorted((p.role, p.wte) for p in best.posts) == [("pharmacist", 100), ("pharmacist", 100)]
