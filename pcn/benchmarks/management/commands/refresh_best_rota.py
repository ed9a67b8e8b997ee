"""Search long for a better rota for the benchmark's frozen problems; keep it when it beats the
best known (benchmarks/rota/NAME.best.json)."""

import time

from django.core.management.base import BaseCommand, CommandError

from engine.rota import later_weeks
from engine.rota.model import build
from engine.rota.solve import configured_solver, solve
from pcn.benchmarks.rota import frozen, networks


class Command(BaseCommand):
    help = (
        "Solve the benchmark's frozen rota problems for a long time and keep each rota that "
        "beats the best known. Runs for about --seconds per problem, twice that with --polish."
    )

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help=f"problems (default all: {frozen.names()})")
        parser.add_argument("--seconds", type=float, default=600.0)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--workers", type=int, default=None, help="default: every core")
        parser.add_argument(
            "--freeze",
            action="store_true",
            help="first write the problems afresh (the demo network's through the app, as on "
            f"{frozen.DEMO_TODAY}; needs the NHS files loaded), then search",
        )
        parser.add_argument(
            "--polish",
            action="store_true",
            help="then solve each week again in turn, every other week held, from the best "
            "known rota, for as long again",
        )
        parser.add_argument(
            "--polish-only",
            action="store_true",
            help="only that: start from the best known rota, without a fresh solve first",
        )

    def handle(
        self, names, seconds, seed, workers, polish, polish_only=False, freeze=False, **options
    ):
        if freeze:
            self.stdout.write("Writing the problems…")
            networks.freeze_problems(self.stdout.write)
        unknown = sorted(set(names) - set(frozen.names()))
        if unknown:
            raise CommandError(f"No frozen problem named {', '.join(unknown)}.")
        for name in names or frozen.names():
            problem = frozen.load(name)
            if polish_only:
                self._polish(name, problem, seconds, seed, workers)
                continue
            before = frozen.best_known(name)
            result = solve(problem, seconds=seconds, seed=seed, workers=workers)
            how = (
                f"solve() for {seconds:g} s, seed {seed}, "
                f"{workers or 'every'} worker{'s' if workers != 1 else ''}"
            )
            kept = frozen.keep_if_better(name, problem, result.rota, how)
            self._say(name, before, result.objective, kept)
            if polish:
                self._polish(name, problem, seconds, seed, workers)

    def _polish(self, name, problem, seconds, seed, workers):
        """Each week of the horizon solved again in turn, the rest held as the best known
        rota, until the time is up: a long, plain large-neighbourhood search."""
        known = frozen.best_known(name)
        if known is None:
            return
        model = build(problem)
        values = model.completed(known.rota, seconds=60.0)
        if values is None:
            return
        ends = time.monotonic() + seconds
        weeks = list(range(problem.weeks))
        rounds = 0
        while time.monotonic() < ends:
            rounds += 1
            rota, values = later_weeks.solve_weeks(
                model,
                values,
                weeks,
                solver_for=lambda budget, seed=seed + rounds: configured_solver(
                    budget, seed, workers, 0.0
                ),
                seconds=lambda left: min(seconds / 8, max(0.0, ends - time.monotonic()) / left),
            )
            if rota is not None:
                first = known.found_by.split("; then ")[0]
                how = f"{first}; then each week solved again in turn from it ({rounds} rounds)"
                kept = frozen.keep_if_better(name, problem, rota, how)
                self._say(name, known, frozen.best_known(name).objective, kept)
                known = frozen.best_known(name)

    def _say(self, name, before, objective, kept):
        was = "none" if before is None else f"{before.objective:,}"
        now = "no rota" if objective is None else f"{objective:,}"
        verdict = "kept as the best known" if kept else "not better"
        self.stdout.write(f"{name}: {now} (best known {was}): {verdict}", ending="\n")
        self.stdout.flush()
