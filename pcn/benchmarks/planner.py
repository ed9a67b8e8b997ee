"""The recruitment planner for the demo network: how long it takes to answer (gathering the
figures, the CP-SAT solve, the page), against the baseline of the one-post-at-a-time what-if
repeated greedily, measured in the same run, and how good each plan is (decision 30)."""

import statistics
import time

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from engine.recruitment import greedy, solve
from pcn.core.middleware import SESSION_KEY
from pcn.core.models import Role
from pcn.money.exact import pounds
from pcn.planning.problems import gather, to_problem
from pcn.planning.queries import SECONDS

SECTION = "Recruitment planner: the demo network"
TARGET_SECONDS = 5.0


def _timed(do, repeat):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = do()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times, result


def run(network, *, repeat):
    today = timezone.localdate()
    gathered, _, inputs = _timed(lambda: gather(network, today=today), repeat)
    problem = to_problem(inputs)
    solved, _, solution = _timed(lambda: solve(problem, seconds=SECONDS, workers=1, seed=0), repeat)
    baseline, _, greedy_plan = _timed(lambda: greedy(problem), repeat)
    manager = network.memberships.filter(role=Role.PCN_MANAGER).first().user
    client = Client()
    client.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[SESSION_KEY] = network.pk
    session.save()
    url = reverse("planning:plan")

    def page():
        response = client.get(url, HTTP_HOST="localhost")
        assert response.status_code == 200, response.status_code
        return response

    page_median, page_times, _ = _timed(page, repeat)
    return {
        "network": f"{network.name} ({network.pcn_code})",
        "today": today,
        "repeat": repeat,
        "roles": len(problem.candidates),
        "months": len(problem.months),
        "services": len(problem.services),
        "variables": len(problem.candidates) * len(problem.months) * len(problem.steps),
        "gather": gathered,
        "solve": solved,
        "greedy": baseline,
        "page": page_median,
        "page_max": max(page_times),
        "status": solution.status,
        "score": solution.explanation.total,
        "bound": solution.bound,
        "greedy_score": greedy_plan.explanation.total,
        "posts": len(solution.posts),
        "greedy_posts": len(greedy_plan.posts),
        "cost_this_year": solution.explanation.cost_this_year,
        "greedy_cost_this_year": greedy_plan.explanation.cost_this_year,
        "cost_full_year": solution.explanation.cost_full_year,
        "room": problem.next_year_room,
        "headroom": problem.headroom,
    }


def markdown(m):
    p = lambda pennies: pounds(pennies / 100)  # noqa: E731
    verdict = "within" if m["page"] <= TARGET_SECONDS else "over"
    return f"""
`manage.py benchmark_planner`: the demo network, {m["network"]}, planned on {m["today"]:%d %B %Y}
({m["roles"]} roles that can be costed, {m["months"]} start months, posts of 0.5 or 1 WTE:
{m["variables"]} post counts, and {m["services"]} services with unmet demand). Median of
{m["repeat"]} runs each; the baseline is the forecast's one-post-at-a-time what-if repeated
greedily (add whichever single post raises the score most, until none fits), on the same
Problem in the same run.

| Step | Median |
|---|---|
| Gathering the figures (forecast, next year, maxima, agreed allocation) | {m["gather"]:.2f} s |
| CP-SAT solve (1 worker, seed 0, limit {SECONDS:.0f} s) | {m["solve"]:.2f} s |
| Greedy baseline solve | {m["greedy"]:.2f} s |
| **The planner page, end to end** (`GET /money/plan/`) | **{m["page"]:.2f} s** (slowest {m["page_max"]:.2f} s) |

Target: the planner answers in 5 s or less for the demo network: **{verdict}**.

| Plan | Posts | This year | Score |
|---|---|---|---|
| CP-SAT ({m["status"]}) | {m["posts"]} | {p(m["cost_this_year"])} | {p(m["score"])} |
| Greedy baseline | {m["greedy_posts"]} | {p(m["greedy_cost_this_year"])} | {p(m["greedy_score"])} |

The solver's proven bound is {p(m["bound"]) if m["bound"] is not None else "unknown"}; a full
year of its posts is {p(m["cost_full_year"])} against {p(m["room"])} of next year's entitlement
left after everyone now in post; the headroom to use was {p(m["headroom"])} (the default).
"""
