import argparse
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pcn.benchmarks import load as benchmark


class Command(BaseCommand):
    help = (
        "Time loading every shipped NHS file (into a fresh temporary SQLite database unless "
        "--in-place), against only reading them; report medians and peak memory, and record "
        "them in docs/benchmarks.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=3, help="runs to take the median of")
        parser.add_argument(
            "--in-place",
            action="store_true",
            help="load into the configured database instead of a fresh temporary one",
        )
        parser.add_argument(
            "--no-docs", action="store_true", help="print only; leave docs/benchmarks.md alone"
        )
        # Internal: the measured work runs in a child process so its peak memory is its own.
        parser.add_argument("--child", choices=["load", "parse"], help=argparse.SUPPRESS)

    def handle(self, *args, repeat, in_place, no_docs, child, **options):
        if child:
            benchmark.child_main(child, self.stdout)
            return
        if repeat < 1:
            raise CommandError("--repeat must be at least 1.")
        try:
            report = benchmark.run(repeat=repeat, in_place=in_place, stdout=self.stdout)
        except RuntimeError as error:
            raise CommandError(str(error)) from error

        self.stdout.write("")
        for line in benchmark.table_lines(report):
            self.stdout.write(line)
        self.stdout.write("")
        for line in benchmark.summary_lines(report):
            self.stdout.write(line)
        if not no_docs:
            path = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"
            benchmark.update_document(path, benchmark.markdown_section(report))
            self.stdout.write(f"Recorded in {path.relative_to(settings.BASE_DIR)}")
        if not report.meets_targets:
            raise CommandError("Loading did not meet its targets (see above).")
