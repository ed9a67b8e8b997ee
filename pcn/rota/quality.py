"""How good a plan's rota is as it stands, for the person who solves and publishes it: a few
plain lines from the rules' check() results (engine/rota/summary.py), the figures behind them
in plain labels, and for the "why" page each rule's findings as sessions."""

from dataclasses import dataclass, field

from engine.rota import summary as words
from engine.rota import validate as validator
from engine.rota.horizon import person_name, site_name
from engine.rota.rules import RULES

from . import problems
from .forms import RULE_LABELS
from .models import SolveRun

SHOWN = 20  # findings listed under each rule before "and N more"


@dataclass
class Figures:
    score: int  # the rota as it stands, moves by hand included
    bound: float | None  # the best possible score the last finished run found
    proven: bool  # that run proved its rota the best, and nothing has moved since

    @property
    def gap(self):
        """How far the score is from the best possible, as a share of the score."""
        if self.bound is None or not self.score:
            return None
        return max(0.0, (self.score - self.bound) / self.score)


@dataclass
class Finding:
    who: str
    where: str
    when: str
    what: str


@dataclass
class RuleFindings:
    rule: str
    title: str
    hard: bool
    count: int
    score: int
    findings: list = field(default_factory=list)  # the first SHOWN
    more: int = 0


@dataclass
class Quality:
    lines: list
    figures: Figures
    report: object
    rules: list  # [RuleFindings], broken hard rules first


def checked(plan):
    """(problem, report): the plan's rota as it stands, against every rule."""
    assignments = list(plan.assignments.select_related("practice"))
    problem = problems.build(plan, locked=[a for a in assignments if a.locked])
    return problem, validator.validate(problem, [problems.to_engine(a) for a in assignments])


def _finding(problem, found):
    return Finding(
        who=", ".join(person_name(problem, who) for who in found.who),
        where=site_name(problem, found.where) if found.where else "",
        when=words.when_words(found.when),
        what=found.message,
    )


def _rules(problem, report):
    rows = []
    broken = {}
    for v in report.violations:
        broken.setdefault(v.rule, []).append(v)
    for rule, found in broken.items():
        rows.append(
            RuleFindings(
                rule=rule,
                title=RULES[rule].TITLE,
                hard=True,
                count=len(found),
                score=0,
                findings=[_finding(problem, f) for f in found[:SHOWN]],
                more=max(0, len(found) - SHOWN),
            )
        )
    for rule, found in report.penalties.items():
        rows.append(
            RuleFindings(
                rule=rule,
                title=RULE_LABELS.get(rule, RULES[rule].TITLE),
                hard=False,
                count=sum(f.count for f in found),
                score=report.totals[rule],
                findings=[_finding(problem, f) for f in found[:SHOWN]],
                more=max(0, len(found) - SHOWN),
            )
        )
    return rows


def of_plan(plan):
    """The plan's quality now: recomputed from check() on every call, so a move by hand shows
    at once."""
    problem, report = checked(plan)
    run = plan.runs.filter(status=SolveRun.Status.DONE).order_by("-finished_at", "-pk").first()
    figures = Figures(
        score=report.total,
        bound=run.bound if run else None,
        proven=bool(run and run.solver_status == "optimal" and run.objective == report.total),
    )
    return Quality(
        lines=words.summary(problem, report),
        figures=figures,
        report=report,
        rules=_rules(problem, report),
    )
