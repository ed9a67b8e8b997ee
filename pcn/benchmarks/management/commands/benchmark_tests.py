"""Time the README's test command in a baseline revision and in this checkout, on SQLite and
PostgreSQL; writes docs/benchmarks.md."""

import subprocess

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pcn.benchmarks import suite
from pcn.benchmarks.report import write_section


class Command(BaseCommand):
    help = (
        "Time `make test` in a baseline revision and in this checkout, one after the other, on "
        "SQLite and PostgreSQL; writes docs/benchmarks.md. Takes as long as the suites do."
    )

    def add_arguments(self, parser):
        parser.add_argument("--baseline", required=True, help="a git revision, e.g. 7e93405")
        parser.add_argument("--runs", type=int, default=1, help="runs of each suite (median)")
        parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")

    def handle(self, baseline, runs, database, **options):
        if runs < 1:
            raise CommandError("--runs must be 1 or more.")
        here = settings.BASE_DIR
        try:
            before_rev = suite.revision(here, baseline)
        except subprocess.CalledProcessError:
            raise CommandError(f"{baseline} is not a revision of this repository.") from None
        databases = {"sqlite": ["SQLite"], "postgres": ["PostgreSQL"]}.get(
            database, ["SQLite", "PostgreSQL"]
        )
        checkout = suite.baseline_checkout(before_rev)
        timings = []
        try:
            for name in databases:
                for label, root in (
                    (f"baseline {before_rev}", checkout),
                    (f"this checkout {suite.revision(here)}", here),
                ):
                    # Each its own PostgreSQL database, so neither finds the other's left over.
                    slug = "baseline" if root == checkout else "current"
                    url = (
                        suite.POSTGRES.format(name=f"pcn_suite_{slug}")
                        if name == "PostgreSQL"
                        else None
                    )
                    timing = suite.Timing(label, name)
                    for _ in range(runs):
                        suite.time_suite(root, url, timing, echo=self.stdout.write)
                    timings.append(timing)
        finally:
            suite.remove_checkout(checkout)
        write_section(suite.SECTION, suite.markdown(timings, runs))
        self.stdout.write(f"Wrote the section “{suite.SECTION}” to docs/benchmarks.md.")
