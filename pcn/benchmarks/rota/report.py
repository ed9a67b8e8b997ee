"""The write-up for docs/benchmarks.md."""

from engine.rota.problem import DEFAULT_WEIGHTS
from pcn.benchmarks.rota.config import (
    BATCH_SAMPLE_SEED,
    BATCH_TARGET_SECONDS,
    GENERATED_SIZE,
    SPEED_UP_TARGET,
    TARGET_GAP,
    TARGET_SECONDS,
    WEEKS,
    Config,
)
from pcn.benchmarks.rota.networks import Network
from pcn.benchmarks.rota.replan import Replan
from pcn.benchmarks.rota.workers import Batch, Drained

CHANGE_WEIGHT = DEFAULT_WEIGHTS["change_from_published"]


def verdict(met: bool) -> str:
    return "**met**" if met else "**not met**"


def _gap(value):
    return "—" if value is None else f"{value:.1%}"


def _number(value, digits=0):
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def network_table(n: Network) -> str:
    o, b = n.optimiser, n.baseline
    broken = ", ".join(f"{rule} {count}" for rule, count in sorted(b.broken.items())) or "none"
    rows = [
        ("Time (s)", _number(n.median("seconds"), 1), f"{n.baseline_seconds:.3f}"),
        ("First rota keeping every hard rule (s)", _number(n.median("first"), 1), "—"),
        ("Objective (soft penalties)", _number(n.median("objective")), _number(b.objective)),
        ("Proven bound", _number(n.median("bound")), "—"),
        (
            "Gap to the bound",
            _gap(n.median("gap")),
            f"{_gap(n.baseline_gap)} (to the best bound, {_number(n.best_bound)})",
        ),
        ("Hard rules broken", _number(o.hard_broken), f"{b.hard_broken} ({broken})"),
        ("Fair-share deviation (sessions)", _number(o.fair_share_deviation), _number(b.fair_share_deviation)),
        ("  of which below the agreed sessions", _number(o.shortfall), _number(b.shortfall)),
        ("Practices a person works at in a week", f"{o.practices_a_week:.2f}", f"{b.practices_a_week:.2f}"),
        ("Sessions away from home base", _number(o.away_from_home), _number(b.away_from_home)),
    ]  # fmt: skip
    body = "\n".join(f"| {name} | {mine} | {theirs} |" for name, mine, theirs in rows)
    return (
        f"| {n.name} | Optimiser ({len(n.runs)} run median) | Baseline |\n|---|---:|---:|\n{body}"
    )


def networks_markdown(demo: Network, replan: Replan, generated: list[Network], config) -> str:
    """The "Rota optimiser" section: the demo network with its re-plan, and generated ones."""
    sections = [
        _intro(config),
        _demo_section(demo, replan, config),
        _generated_section(generated, config),
    ]
    return "\n\n".join(s.strip() for s in sections) + "\n"


def batch_markdown(batch: Batch, config) -> str:
    """The section on every PCN through the task workers."""
    return _batch_section(batch, config).strip() + "\n"


def _intro(config: Config) -> str:
    quick = " --quick" if config.quick else ""
    return f"""
`python manage.py benchmark_rota --part networks{quick}` — the optimiser (CP-SAT, `engine/rota/solve.py`) against
what managers do by hand today, computed in the same run on the same problems: an equal split of
each person's sessions over the practices that opted in to a service they deliver, whole days
at a time, rooms and practice limits not looked at (`engine/rota/baseline.py`). Both rotas are
scored by the same rules (`validate()`); the baseline's hard-rule breaches are counted, not
repaired. Solves use every core (2) and stop early within {TARGET_GAP:.0%} of the proven bound.

- **Fair-share deviation**: Σ |sessions delivered − sessions agreed| over every practice,
  service and week (a practice with no target for a service counts as 0).
- **Practices a week**: the practices a person works at in a week (the hub not counted), mean
  over the weeks each person works.
- **Away from home**: sessions someone works away from their home base.
"""


def _demo_section(n: Network, r: Replan, config: Config) -> str:
    gap = n.median("gap")
    fast = (n.median("seconds") or 0) <= TARGET_SECONDS + 0.5
    near = gap is not None and gap <= TARGET_GAP
    better = n.better_than_baseline()
    beats = ", ".join(f"{name} {'better' if ok else 'not better'}" for name, ok in better.items())
    return f"""
### The demo network, {WEEKS} weeks

The demo network ({n.name}: {n.people} people, {n.practices} practices, built by
`pcn.demo.network.build` and rolled back after), {WEEKS} weeks from the Monday after next on its
agreed allocation; {_solves(config)}, then one of {config.long_seconds:g} s.

{network_table(n)}

- Within {TARGET_GAP:.0%} of the proven bound in ≤ {TARGET_SECONDS:g} s: {verdict(near and fast)}
  — median gap {_gap(gap)} at {_number(n.median("seconds"), 1)} s (bounds
  {", ".join(_number(run.bound) for run in n.runs)}). After {config.long_seconds:g} s:
  gap {_gap(n.long.gap)}, objective {_number(n.long.objective)}, bound
  {_number(n.long.bound)} ({n.long.seconds:.1f} s).
- Of the first solve's objective of {_number(n.optimiser.objective)},
  {_number(n.optimiser.penalties.get("fair_share_shortfall", 0))} is its
  {n.optimiser.shortfall} sessions below the agreed sessions (100 each). The agreed allocation
  shares out all the staff time, so a week with leave leaves practices short whatever the rota.
  The proven bound is the better of CP-SAT's own and a column generation over each person's
  week (`engine/rota/bound/`, about 30% of the time), which sees that a person works at few
  practices a week; CP-SAT's own relaxation lets everyone be a little at every practice.
- Better than the baseline on fair-share deviation, practices a week and sessions away from
  home: {verdict(all(better.values()))} ({beats}).

**Re-plan after a week of leave.** The first solve's rota is taken as published; then
{r.person}, who works the most sessions in week {r.leave_week + 1}, has approved leave for the
whole of that week, and the plan is solved again ({config.seconds:g} s) with the published rota
to keep to (`change_from_published`, {CHANGE_WEIGHT} a session). Each objective is the rota's score on its own
problem (with the leave, but for the first and last rows), changes included; lower is better.

| | Published sessions changed | Objective | Below agreed sessions |
|---|---:|---:|---:|
| Published rota, before the leave | — | {_number(r.published.objective)} | {r.published.shortfall} |
| Only the forced changes: their week's sessions dropped | **{r.minimum}** | {_number(r.forced.objective)} | {r.forced.shortfall} |
| **Re-plan, keeping to the published rota** | **{r.replan.changed}** | {_number(r.replan.objective)} | {r.replan.shortfall} |
| Fresh solve, ignoring the published rota | {r.fresh.changed} | {_number(r.fresh.objective)} | {r.fresh.shortfall} |
| Control: re-plan with no leave at all | {r.unchanged.changed} | {_number(r.unchanged.objective)} | {r.unchanged.shortfall} |

- Changes no more sessions than needed: {verdict(r.extra <= 0)} — {r.replan.changed} changed
  against a minimum of {r.minimum}{_extra(r)}
"""


def _extra(r: Replan) -> str:
    if r.extra <= 0:
        return f"; a fresh solve would change {r.fresh.changed}."
    short = (
        f", and the sessions below agreed from {r.forced.shortfall} to {r.replan.shortfall}"
        if r.forced.shortfall != r.replan.shortfall
        else ""
    )
    control = (
        f" The published rota was {_gap(r.published_gap)} from its bound, so a re-plan also "
        f"improves it where a change pays: with no leave at all it changes {r.unchanged.changed}."
        if r.unchanged.changed
        else ""
    )
    return (
        f". The {r.extra} other moves are the optimiser's trade, each costing {CHANGE_WEIGHT}: they take the "
        f"objective from {_number(r.forced.objective)} (forced changes only) to "
        f"{_number(r.replan.objective)}{short}.{control} A fresh solve changes {r.fresh.changed}."
    )


def _generated_section(generated: list[Network], config: Config) -> str:
    tables = "\n\n".join(network_table(n) for n in generated)
    firsts = [run.first for n in generated for run in n.runs]
    feasible = all(n.all_feasible for n in generated) and all(
        f is not None and f <= TARGET_SECONDS for f in firsts
    )
    long = generated[0].long
    return f"""
### Generated networks of {GENERATED_SIZE["people"]} people and {GENERATED_SIZE["practices"]} practices, {WEEKS} weeks

`engine.rota.generate.generated_problem(seed, people={GENERATED_SIZE["people"]},
practices={GENERATED_SIZE["practices"]}, weeks={WEEKS})` for seeds
{", ".join(str(s) for s in config.seeds)}: {config.seconds:g} s each{_repeat_note(config)}, and one
{config.long_seconds:g} s solve of seed {config.seeds[0]}.

{tables}

- A rota keeping every hard rule in ≤ {TARGET_SECONDS:g} s: {verdict(feasible)} — first rota after
  {", ".join(_number(f, 1) for f in firsts)} s; gap at {config.seconds:g} s:
  {", ".join(_gap(n.median("gap")) for n in generated)}.
- Gap after {config.long_seconds:g} s (seed {config.seeds[0]}): {_gap(long.gap)} (objective
  {_number(long.objective)}, bound {_number(long.bound)}, {long.seconds:.1f} s).
"""


def _solves(config: Config) -> str:
    if config.repeat == 1:
        return f"one solve of {config.seconds:g} s (seed 0)"
    return (
        f"{config.repeat} solves of {config.seconds:g} s (seeds 0 to {config.repeat - 1}; medians)"
    )


def _repeat_note(config: Config) -> str:
    return (
        f" ({config.repeat} runs, seeds 0 to {config.repeat - 1}; medians)"
        if config.repeat > 1
        else ""
    )


def _drained_row(label, d: Drained) -> str:
    s = d.statuses
    slowest = d.slowest
    return (
        f"| {label} | {d.pcns:,} | {d.workers} | {d.seconds:,.1f} | {d.per_minute:,.0f} | "
        f"{s.get('optimal', 0):,} / {s.get('feasible', 0):,} / {s.get('infeasible', 0):,} / "
        f"{sum(n for k, n in s.items() if k not in ('optimal', 'feasible', 'infeasible')):,} | "
        f"{_gap(d.median_gap)} | {_number(d.median_task_seconds, 2)} | "
        f"{_number(slowest.get('task_seconds'), 1)} ({slowest.get('people', '—')} people) |"
    )


def _batch_section(b: Batch, config: Config) -> str:
    if not b.sample:
        return "No workforce records are loaded."
    sample = b.sample[0].pcns
    rows = [_drained_row(f"Sample of {sample}", d) for d in b.sample]
    if b.full is not None:
        rows.append(_drained_row("**Every PCN**", b.full))
    speed_up = b.speed_up
    one, two = b.sample[0], b.sample[1]
    slower = two.median_task_seconds / one.median_task_seconds - 1
    lines = [
        f"- Speed-up from 1 to 2 workers on the same {sample} PCNs: {speed_up:.2f}× "
        f"(≥ {SPEED_UP_TARGET}× counts as in proportion on 2 cores) — "
        f"{verdict(speed_up >= SPEED_UP_TARGET)}. With two at once each PCN's solve takes "
        f"{slower:+.0%} longer (median {one.median_task_seconds:.2f} s against "
        f"{two.median_task_seconds:.2f} s), and the workers' start and the last PCN's solve "
        "are not shared."
    ]
    if b.full is not None:
        full = b.full_seconds
        lines.insert(
            0,
            f"- Every one of the {b.pcns:,} PCNs in ≤ {BATCH_TARGET_SECONDS // 60} minutes: "
            f"{verdict(full <= BATCH_TARGET_SECONDS and b.full.solved == b.pcns)} — "
            f"{full / 60:.1f} minutes with 2 workers (building the problems "
            f"{b.build_seconds:.1f} s, queueing {b.full.enqueue_seconds:.1f} s, workers "
            f"{b.full.seconds:.1f} s); {b.full.solved:,} of {b.pcns:,} with a rota.",
        )
        one_worker = b.full.seconds * b.speed_up if b.speed_up else None
        lines.append(
            f"- One worker was timed on the sample only: at the sample's rate, every PCN would take "
            f"about {_number(one_worker / 60 if one_worker else None, 1)} minutes on one."
        )
    else:
        lines.insert(0, "- Every PCN: not run (`--quick` times the sample only).")
    quick = " --quick" if config.quick else ""
    return f"""
`python manage.py benchmark_rota --part batch{quick}`. Each of the {b.pcns:,} PCNs in the workforce file's latest census becomes a one-week rota
problem from the reference data alone (`pcn/benchmarks/rota/batch.py`): a person per workforce record, with
its role through the NHS role map (records in no ARRS role do network work at the hub) and
FTE × 10 sessions a week (at most 10); the practice map's practices; and, from a seed per PCN,
working days, a day or two of leave for about 1 in 10, home bases (60% a practice, 25% the
hub), a team per service family meeting weekly, the first person of each role supervising the
others, and 1–3 rooms a session per practice. Targets are the allocation engine's, on the staff
time of the people built, with the allocation benchmark's rooms and opt-ins. Each problem is
queued as JSON, one task per PCN, in a database of its own, and solved by `manage.py db_worker
--batch` processes, each solve on one core for {b.seconds:g} s of CP-SAT's deterministic time
(stopping early within {TARGET_GAP:.0%}; halved from 1 s, which takes about 2 s of wall clock a
PCN with the model building and explanation, too long for 20 minutes on 2 workers). The sample is {sample} PCNs drawn with a fixed seed
({BATCH_SAMPLE_SEED}), timed with one worker and then two.

| Run | PCNs | Workers | Seconds | PCNs a minute | Optimal / feasible / infeasible / other | Median gap | Median s a PCN | Slowest s |
|---|---:|---:|---:|---:|---|---:|---:|---:|
{chr(10).join(rows)}

{chr(10).join(lines)}
"""
