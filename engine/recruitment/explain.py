"""What a manager reads beside a plan: the objective term by term, whether the plan keeps within
both limits, and why each post is in it.

Everything here is worked out from the plan itself, never from solver internals, so any plan
(the solver's, the greedy baseline's, one typed in a test) is scored the same way, and the
solver's objective equals `Explanation.total` (tests/engine/recruitment).
"""

from collections import defaultdict
from dataclasses import dataclass

from .problem import Post, Problem, cost_full_year, cost_this_year

TERMS = {
    "headroom": (
        "Headroom used this year",
        "Money the network is entitled to but would not claim is lost on 31 March.",
    ),
    "shortfall": (
        "Towards the median of similar PCNs",
        "Roles where the network has fewer staff per patient than networks like it come first.",
    ),
    "unmet": (
        "Unmet demand covered",
        "Sessions practices asked for in the agreed allocation that nobody can deliver yet.",
    ),
    "posts": (
        "Number of posts",
        "Fewer, larger posts are easier to recruit, induct and supervise.",
    ),
}


@dataclass(frozen=True)
class Term:
    name: str
    title: str
    why: str
    weight: str  # the weight in words
    amount: str  # what was counted, in words
    points: int  # this term's part of the objective, in pennies of headroom


@dataclass(frozen=True)
class PostExplanation:
    post: Post
    name: str
    cost_this_year: int  # pennies
    cost_full_year: int
    why: str


@dataclass(frozen=True)
class Explanation:
    total: int
    terms: tuple[Term, ...]
    posts: tuple[PostExplanation, ...]
    cost_this_year: int
    cost_full_year: int
    broken: tuple[str, ...]  # limits the plan breaks, in words ("" when none)

    @property
    def ok(self):
        return not self.broken


def money(pennies: int) -> str:
    sign = "-" if pennies < 0 else ""
    pounds, pence = divmod(abs(pennies), 100)
    return f"{sign}£{pounds:,}.{pence:02d}"


def wte_text(hundredths: int) -> str:
    return f"{hundredths / 100:.2f}".rstrip("0").rstrip(".")


def per_wte(weight: int) -> int:
    """A weight per 1.00 WTE (or per session) as pennies per hundredth, in whole pounds (so the
    model's coefficients are whole numbers and the check adds up to them exactly)."""
    return weight // 100


def wte_by_role(posts):
    totals = defaultdict(int)
    for post in posts:
        totals[post.role] += post.wte
    return totals


def shortfall_weight(problem, candidate):
    w = problem.weights
    return w.shortfall if candidate.shortfall_weight is None else candidate.shortfall_weight


def unmet_covered(problem, totals):
    """Hundredths of a session a week of unmet demand the plan's posts can cover, each post's
    sessions going to one service at most: the largest flow from roles (their WTE × sessions
    per WTE) to the services they deliver (their unmet demand). Small: a few roles and
    services, so augmenting paths suffice."""
    sessions = {}
    for role, wte in totals.items():
        candidate = problem.candidate(role)
        if candidate is not None:
            sessions[role] = wte * candidate.sessions_per_wte
    need = [s.unmet for s in problem.services]
    used = {}  # (role, service index) -> hundredths of a session
    total = 0
    while True:
        path = _augmenting_path(problem, sessions, need, used)
        if path is None:
            return total
        amount, steps = path
        for role, index, sign in steps:
            used[role, index] = used.get((role, index), 0) + sign * amount
        total += amount


def _augmenting_path(problem, sessions, need, used):
    """Breadth first from roles with sessions to spare to a service with demand left."""
    spare = {r: sessions[r] - sum(v for (q, _), v in used.items() if q == r) for r in sessions}
    left = [need[i] - sum(v for (_, j), v in used.items() if j == i) for i in range(len(need))]
    frontier = [(r, None) for r in sessions if spare[r] > 0]
    came_from = {("r", r): None for r, _ in frontier}
    queue = [("r", r) for r, _ in frontier]
    while queue:
        node = queue.pop(0)
        kind, key = node
        if kind == "r":
            for index, service in enumerate(problem.services):
                if key in service.roles and ("s", index) not in came_from:
                    came_from["s", index] = node
                    queue.append(("s", index))
        else:
            if left[key] > 0:
                return _walk_back(node, came_from, spare, left, used)
            for role in sessions:
                if used.get((role, key), 0) > 0 and ("r", role) not in came_from:
                    came_from["r", role] = node
                    queue.append(("r", role))
    return None


def _walk_back(end, came_from, spare, left, used):
    steps, amount, node = [], left[end[1]], end
    while came_from[node] is not None:
        previous = came_from[node]
        if node[0] == "s":  # role -> service: more of that role's sessions to it
            steps.append((previous[1], node[1], 1))
        else:  # service -> role: take back sessions the role gave that service
            steps.append((node[1], previous[1], -1))
            amount = min(amount, used[node[1], previous[1]])
        node = previous
    amount = min(amount, spare[node[1]])
    return amount, steps


def explain(problem: Problem, posts) -> Explanation:
    posts = tuple(posts)
    this_year = full_year = 0
    broken = []
    explained = []
    for post in posts:
        candidate = problem.candidate(post.role)
        if candidate is None:
            broken.append(f"{post.role} is not a role the planner may choose")
            continue
        if post.start not in problem.months:
            broken.append(f"{candidate.name} starts outside the months the plan may use")
            continue
        if post.wte not in problem.steps:
            broken.append(f"{candidate.name} is {wte_text(post.wte)} WTE, not an allowed size")
        cost = cost_this_year(candidate, problem.months, post.start, post.wte)
        year = cost_full_year(candidate, post.wte)
        this_year += cost
        full_year += year
        explained.append(
            PostExplanation(post, candidate.name, cost, year, why(candidate, post, cost, year))
        )
    totals = wte_by_role(posts)
    short_points = short_wte = 0
    for role, wte in totals.items():
        candidate = problem.candidate(role)
        if candidate is None:
            continue
        if wte > candidate.max_wte:
            broken.append(
                f"{candidate.name}: {wte_text(wte)} WTE, more than the "
                f"{wte_text(candidate.max_wte)} allowed"
            )
        if role in problem.forbidden:
            broken.append(f"{candidate.name} is ruled out")
        covered = min(wte, candidate.shortfall)
        short_wte += covered
        short_points += per_wte(shortfall_weight(problem, candidate)) * covered
    for pin in problem.pins:
        name = getattr(problem.candidate(pin.role), "name", pin.role)
        if pin.wte is None and not totals.get(pin.role):
            broken.append(f"{name} must be in the plan")
        if pin.wte is not None and totals.get(pin.role, 0) != pin.wte:
            broken.append(f"{name} must be {wte_text(pin.wte)} WTE")
    # An empty plan is always within both: a network already over next year adds nothing.
    if this_year > max(problem.headroom, 0):
        broken.append(
            f"this year's cost {money(this_year)} is more than the headroom to use "
            f"{money(problem.headroom)}"
        )
    if full_year > max(problem.next_year_room, 0):
        broken.append(
            f"a full year of the new posts, {money(full_year)}, is more than next year's "
            f"entitlement left after everyone now in post, {money(problem.next_year_room)}"
        )
    w = problem.weights
    unmet_sessions = unmet_covered(problem, totals)
    unmet_points = per_wte(w.unmet) * unmet_sessions
    terms = (
        _term(
            "headroom",
            f"{money(w.headroom * 100)} for each £1",
            f"{money(this_year)} of {money(problem.headroom)}",
            w.headroom * this_year,
        ),
        _term(
            "shortfall",
            f"{money(w.shortfall)} for each WTE (some roles weighted differently)"
            if any(c.shortfall_weight is not None for c in problem.candidates)
            else f"{money(w.shortfall)} for each WTE",
            f"{wte_text(short_wte)} WTE",
            short_points,
        ),
        _term(
            "unmet",
            f"{money(w.unmet)} for each session a week",
            f"{wte_text(unmet_sessions)} of "
            f"{wte_text(sum(s.unmet for s in problem.services))} sessions a week",
            unmet_points,
        ),
        _term(
            "posts",
            f"{money(-w.post)} for each post",
            f"{len(posts)} {'post' if len(posts) == 1 else 'posts'}",
            -w.post * len(posts),
        ),
    )
    return Explanation(
        total=sum(t.points for t in terms),
        terms=terms,
        posts=tuple(explained),
        cost_this_year=this_year,
        cost_full_year=full_year,
        broken=tuple(broken),
    )


def _term(name, weight, amount, points):
    title, reason = TERMS[name]
    return Term(name, title, reason, weight, amount, points)


def why(candidate, post, cost, full_year) -> str:
    """ "Clinical pharmacist: your network has 0.8 FTE per 10,000 patients, similar PCNs a
    median of 1.6; 2 sessions a week of medication reviews unmet in the agreed allocation;
    costs £4,120.00 this year from December 2026, £49,440.00 a full year"."""
    reasons = [r for r in (candidate.benchmark_note, candidate.demand_note) if r]
    if not reasons:
        reasons = ["uses headroom: no shortfall against similar PCNs or unmet demand is known"]
    band = f" (band {candidate.band})" if candidate.band else ""
    return (
        f"{candidate.name}{band}: "
        + "; ".join(reasons)
        + f"; costs {money(cost)} this year from {post.start:%B %Y}, {money(full_year)} a full year"
    )
