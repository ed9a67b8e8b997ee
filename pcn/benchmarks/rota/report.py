"""The write-up for docs/benchmarks.md."""

from engine.rota.problem import DEFAULT_WEIGHTS
from pcn.benchmarks.rota.config import (
    BATCH_SAMPLE_SEED,
    BATCH_TARGET_SECONDS,
    GENERATED_SIZE,
    SPEED_UP_TARGET,
    TARGET_GAP,
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


def _above(value):
    return "—" if value is None else f"{value:+.1%}"


def network_table(n: Network) -> str:
    o, b = n.optimiser, n.baseline
    broken = ", ".join(f"{rule} {count}" for rule, count in sorted(b.broken.items())) or "none"
    rows = [
        ("Objective (soft penalties)", _number(o.objective), _number(b.objective)),
        ("Hard rules broken", _number(o.hard_broken), f"{b.hard_broken} ({broken})"),
        ("Fair-share deviation (sessions)", _number(o.fair_share_deviation), _number(b.fair_share_deviation)),
        ("  of which below the agreed sessions", _number(o.shortfall), _number(b.shortfall)),
        ("Practices a person works at in a week", f"{o.practices_a_week:.2f}", f"{b.practices_a_week:.2f}"),
        ("Sessions away from home base", _number(o.away_from_home), _number(b.away_from_home)),
    ]  # fmt: skip
    body = "\n".join(f"| {name} | {mine} | {theirs} |" for name, mine, theirs in rows)
    return (
        f"| {n.name} | Optimiser ({n.first.wall_seconds:.0f} s, seed 0) | Equal split |\n"
        f"|---|---:|---:|\n{body}"
    )


def networks_markdown(demo: Network, replan: Replan, generated: list[Network], config) -> str:
    """The "Rota optimiser" section: every frozen problem against its best known rota, the
    demo network's re-plan, and what managers notice about the rotas."""
    networks = [demo, *generated]
    sections = [
        _intro(config),
        _above_best_section(networks, config),
        _targets_section(demo, generated, config),
        _effort_section(networks, config),
        _demo_section(demo, replan, config),
        "\n\n".join(network_table(n) for n in networks[:2]),
    ]
    return "\n\n".join(s.strip() for s in sections) + "\n"


def batch_markdown(batch: Batch, config) -> str:
    """The section on every PCN through the task workers."""
    return _batch_section(batch, config).strip() + "\n"


def _intro(config: Config) -> str:
    quick = " --quick" if config.quick else ""
    return f"""
`python manage.py benchmark_rota --part networks{quick}` — the optimiser (CP-SAT, `engine/rota/solve.py`)
on the benchmark's frozen problems (`benchmarks/rota/`, read by `pcn/benchmarks/rota/frozen.py`):
the demo network's {WEEKS} weeks from Monday 7 December 2026, with Christmas and New Year's bank
holidays, and generated networks of {GENERATED_SIZE["people"]} people and {GENERATED_SIZE["practices"]} practices, {WEEKS} weeks, seeds
{", ".join(str(s) for s in config.seeds)}. Each is measured against the **best rota known** for it
(`NAME.best.json` beside it, found by long runs: `manage.py refresh_best_rota`, which keeps a rota
only when `validate()` scores it below the one recorded). The proven bound cannot say how good
a rota is at 10 s (it stops moving after about a minute, well below the best known rotas of the
generated networks), so "% above the best known" is the measure, and the bound and the gap to
it stand beside it as information.

In the same run, on the same problems: the manager's **equal split** of each person's sessions
over the practices that opted in to a service they deliver (`engine/rota/baseline.py`; its
hard-rule breaches are counted, not repaired), and **CP-SAT on the straightforward model**
(`build(problem)` and the solver's defaults for the same time, on 2 workers: no greedy start,
no bound of ours, no first week, no later weeks; `pcn/benchmarks/rota/straightforward.py`).
Solves use 2 workers (the machine's 2 cores) and stop early within {TARGET_GAP:.0%} of the
proven bound; "one worker" is `workers=1`, seed 0, whose time is CP-SAT's deterministic time,
run twice to see that it gives the same rota. What each step of the search gained when it was
made, and what did not help: decision 16 (`docs/decisions/0016-rota-search-week-one-by-neighbourhoods.md`).
"""


def _above_best_section(networks: list[Network], config: Config) -> str:
    rows = []
    for n in networks:
        best = n.best_known.objective if n.best_known else None
        long = n.long_median("above_best")
        one = n.median("above_best", n.one_worker)
        same = {True: "same rota twice", False: "**different rotas**", None: "—"}[n.same_rota_twice]
        rows.append(
            f"| {n.name} | {_number(best)} | **{_above(n.median('above_best'))}** | "
            f"{'**' + _above(long) + '**' if long is not None else '—'} | "
            f"{_above(one)} ({same}) | "
            f"{_above(n.straightforward.above_best if n.straightforward else None)} | "
            f"{_above(n.straightforward_long.above_best if n.straightforward_long else None)} | "
            f"{_above(n.baseline_above_best)} |"
        )
    return f"""
### Distance above the best known rota

Medians of {config.repeat} seeds (0 to {config.repeat - 1}) on 2 workers; lower is better, 0% is the best known.

| Problem | Best known | Optimiser {config.seconds:g} s | Optimiser {config.long_seconds:g} s | One worker {config.seconds:g} s | Straightforward {config.seconds:g} s | Straightforward {config.long_seconds:g} s | Equal split |
|---|---:|---:|---:|---:|---:|---:|---:|
{chr(10).join(rows)}

How each best known was found: {"; ".join(f"{n.name}: {n.best_known.found_by}" for n in networks if n.best_known)}.
"""


def _targets_section(demo: Network, generated: list[Network], config: Config) -> str:
    def within(value, limit):
        return value is not None and value <= limit

    first = generated[0]
    tens = [n.median("above_best") for n in generated]
    lines = [
        f"- Demo network, {config.seconds:g} s, ≤ 3% above the best known: "
        f"{verdict(within(demo.median('above_best'), 0.03))} ({_above(demo.median('above_best'))}).",
        f"- Demo network, {config.long_seconds:g} s, ≤ 1%: "
        f"{verdict(within(demo.long_median('above_best'), 0.01))} ({_above(demo.long_median('above_best'))}).",
        f"- Generated networks, {config.seconds:g} s, ≤ 10%: "
        f"{verdict(all(within(t, 0.10) for t in tens))} ({', '.join(_above(t) for t in tens)} for seeds "
        f"{', '.join(str(s) for s in config.seeds)}).",
        f"- Generated network seed {config.seeds[0]}, {config.long_seconds:g} s, ≤ 3%: "
        f"{verdict(within(first.long_median('above_best'), 0.03))} ({_above(first.long_median('above_best'))}).",
    ]
    for n in [demo, *generated]:
        two, one = n.median("above_best"), n.median("above_best", n.one_worker)
        ok = (
            bool(n.same_rota_twice)
            and one is not None
            and two is not None
            and (one <= max(2 * two, 0.005))
        )
        lines.append(
            f"- One worker on {n.name}: the same rota twice and within 2× the two-worker "
            f"distance: {verdict(ok)} ({_above(one)} against {_above(two)}; "
            f"{'the same rota twice' if n.same_rota_twice else 'different rotas'})."
        )
    return "### Targets\n\n" + "\n".join(lines) + "\n"


def _effort_section(networks: list[Network], config: Config) -> str:
    rows = []
    for n in networks:
        groups = [(f"{config.seconds:g} s", n.runs), (f"{config.long_seconds:g} s", n.long_runs)]
        groups.append((f"one worker {config.seconds:g} s", n.one_worker))
        for label, runs in groups:
            if not runs:
                continue
            rows.append(
                f"| {n.name} | {label} | {_number(n.median('objective', runs))} | "
                f"{_number(n.median('bound', runs))} | {_gap(n.median('gap', runs))} | "
                f"{_number(n.median('seconds', runs), 1)} | {_number(n.median('cpu_seconds', runs), 1)} | "
                f"{_number(n.median('first', runs), 1)} | {_number(n.median('load', runs), 1)} |"
            )
        for label, run in (
            (f"straightforward {config.seconds:g} s", n.straightforward),
            (f"straightforward {config.long_seconds:g} s", n.straightforward_long),
        ):
            if run is not None:
                rows.append(
                    f"| {n.name} | {label} | {_number(run.objective)} | {_number(run.bound)} | "
                    f"{_gap(run.gap)} | {run.seconds:.1f} | {run.cpu_seconds:.1f} | — | {run.load:.1f} |"
                )
    return f"""
### Objective, proven bound, time and machine load

Medians over the runs. CPU time is this process's and its children's, every thread; the load is
the machine's one-minute load average after the solve (2 cores; other work shares the machine).

| Problem | Run | Objective | Proven bound | Gap to the bound | Wall s | CPU s | First rota s | Load |
|---|---|---:|---:|---:|---:|---:|---:|---:|
{chr(10).join(rows)}
"""


def _demo_section(n: Network, r: Replan, config: Config) -> str:
    better = n.better_than_baseline()
    beats = ", ".join(f"{name} {'better' if ok else 'not better'}" for name, ok in better.items())
    return f"""
### The demo network against the equal split, and its re-plan

The demo network ({n.name}: {n.people} people, {n.practices} practices). Of the first
solve's objective of {_number(n.optimiser.objective)}, {_number(n.optimiser.penalties.get("fair_share_shortfall", 0))}
is its {n.optimiser.shortfall} sessions below the agreed sessions (100 each): the agreed
allocation shares out all the staff time, so a week with leave leaves practices short whatever
the rota. Better than the equal split on fair-share deviation, practices a week and sessions
away from home: {verdict(all(better.values()))} ({beats}).

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
