"""The plan as pages, the CSV and the command read it."""

from dataclasses import dataclass
from decimal import Decimal

from engine.recruitment import solve

from .problems import describe_headroom, gather, to_problem

SECONDS = 4.0  # the solver's time limit: the page answers within 5 s (docs/benchmarks.md)


@dataclass
class PlannedRow:
    role: str
    name: str
    band: str
    wte: Decimal
    start: object
    cost_this_year: Decimal
    cost_full_year: Decimal
    why: str


@dataclass
class Plan:
    inputs: object
    problem: object
    solution: object
    rows: list  # [PlannedRow]

    @property
    def explanation(self):
        return self.solution.explanation

    @property
    def cost_this_year(self):
        return _pounds(self.explanation.cost_this_year)

    @property
    def cost_full_year(self):
        return _pounds(self.explanation.cost_full_year)

    @property
    def headroom_after(self):
        return self.inputs.headroom - self.cost_this_year

    @property
    def unspent_after(self):
        return self.inputs.unspent - self.cost_this_year

    @property
    def next_room_after(self):
        return self.inputs.next_room - self.cost_full_year

    @property
    def headroom_basis(self):
        return describe_headroom(self.inputs)

    @property
    def over_this_years_unspent(self):
        return self.cost_this_year > self.inputs.unspent


def _pounds(pennies):
    return (Decimal(pennies) / 100).quantize(Decimal("0.01"))


def plan(network, *, today, headroom=None, pins=None, forbidden=(), seconds=SECONDS):
    """Deterministic (one worker, a fixed seed), so the plan the manager adds to the forecast
    is the plan they were shown."""
    inputs = gather(network, today=today, headroom=headroom, pins=pins, forbidden=forbidden)
    problem = to_problem(inputs)
    solution = solve(problem, seconds=seconds, workers=1, seed=0)
    rows = [
        PlannedRow(
            role=p.post.role,
            name=p.name,
            band=p.post.band,
            wte=Decimal(p.post.wte) / 100,
            start=p.post.start,
            cost_this_year=_pounds(p.cost_this_year),
            cost_full_year=_pounds(p.cost_full_year),
            why=p.why,
        )
        for p in solution.explanation.posts
    ]
    return Plan(inputs=inputs, problem=problem, solution=solution, rows=rows)


def plan_json(result):
    """`manage.py plan_recruitment CODE --json`: amounts as JSON numbers of pounds and pence."""

    def number(value):
        return None if value is None else float(value)

    return {
        "headroom": number(result.inputs.headroom),
        "posts": [
            {
                "role": row.role,
                "band": row.band,
                "wte": float(row.wte),
                "start": row.start.isoformat(),
                "cost_this_year": number(row.cost_this_year),
                "cost_full_year": number(row.cost_full_year),
                "why": row.why,
            }
            for row in result.rows
        ],
        "cost_this_year": number(result.cost_this_year),
        "cost_full_year": number(result.cost_full_year),
        "next_year_entitlement": number(result.inputs.next_entitlement),
    }
