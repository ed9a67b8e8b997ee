"""Indicative ARRS headroom for every PCN in the NHS workforce file, as a range (costed at the
role maxima and at expected pay), timed against the yearly spreadsheet sum in the same run;
writes docs/benchmarks.md, or prints the national figures with --json."""

import json

from django.core.management.base import BaseCommand, CommandError

from pcn.benchmarks import money as benchmark
from pcn.benchmarks.report import write_section


class Command(BaseCommand):
    help = (
        "Indicative ARRS headroom for every PCN in the NHS workforce file, as a range, timed "
        "against the yearly spreadsheet sum; writes docs/benchmarks.md (--json: prints the "
        "national figures instead)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument(
            "--pcn",
            action="append",
            help="only this PCN (repeatable); the figures are then not written to the docs",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="print the national figures as JSON; the docs are left alone",
        )

    def handle(self, repeat, pcn, json, **options):
        as_json = json
        if repeat < 1:
            raise CommandError("--repeat must be 1 or more.")
        measured = benchmark.run(repeat=repeat, pcn_codes=pcn)
        if not measured.results:
            raise CommandError(
                "No PCN workforce records are loaded: run `manage.py load_reference`."
            )
        if as_json:
            self.stdout.write(dumps(benchmark.national(measured)))
            return
        lines, rows = benchmark.report(measured)
        for line in lines:
            self.stdout.write(line)
        for name, seconds in rows:
            self.stdout.write(f"{name}: {seconds:.3f} s")
        if pcn:
            return
        write_section(benchmark.SECTION, benchmark.markdown(measured))
        self.stdout.write(f"Wrote the section “{benchmark.SECTION}” to docs/benchmarks.md.")


def dumps(figures):
    return json.dumps(figures, indent=2, ensure_ascii=False)
