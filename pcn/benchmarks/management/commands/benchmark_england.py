"""The benchmark against England for every PCN in the workforce census, timed against the
straightforward way in the same run; writes docs/benchmarks.md, or prints the figures with
--json."""

import json

from django.core.management.base import BaseCommand, CommandError

from pcn.benchmarks import england as benchmark
from pcn.benchmarks.report import write_section


class Command(BaseCommand):
    help = (
        "Every PCN's benchmark against England (figures, similar PCNs, percentiles), timed "
        "against the straightforward way; writes docs/benchmarks.md (--json: prints the "
        "figures instead)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument(
            "--json",
            action="store_true",
            help="print the figures as JSON; the docs are left alone",
        )

    def handle(self, repeat, json, **options):
        as_json = json
        if repeat < 1:
            raise CommandError("--repeat must be 1 or more.")
        measured = benchmark.run(repeat=repeat)
        if not len(measured.england):
            raise CommandError(
                "No PCN workforce census with registered patients is loaded: run "
                "`manage.py load_reference`."
            )
        if as_json:
            self.stdout.write(dumps(benchmark.figures(measured)))
            return
        lines, rows = benchmark.report(measured)
        for line in lines:
            self.stdout.write(line)
        for name, seconds in rows:
            self.stdout.write(f"{name}: {seconds:.3f} s")
        write_section(benchmark.SECTION, benchmark.markdown(measured))
        self.stdout.write(f"Wrote the section “{benchmark.SECTION}” to docs/benchmarks.md.")


def dumps(figures):
    return json.dumps(figures, indent=2, ensure_ascii=False)
