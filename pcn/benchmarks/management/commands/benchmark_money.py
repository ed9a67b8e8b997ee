"""Time entitlements and year-end ARRS forecasts for every PCN in the NHS workforce file, against
the yearly spreadsheet sum in the same run; writes docs/benchmarks.md."""

from django.core.management.base import BaseCommand, CommandError

from pcn.benchmarks import money as benchmark
from pcn.benchmarks.report import write_section


class Command(BaseCommand):
    help = (
        "Entitlements and year-end forecasts for every PCN in the NHS workforce file, timed "
        "against the yearly spreadsheet sum; writes docs/benchmarks.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument(
            "--pcn",
            action="append",
            help="only this PCN (repeatable); the figures are then not written to the docs",
        )

    def handle(self, repeat, pcn, **options):
        if repeat < 1:
            raise CommandError("--repeat must be 1 or more.")
        measured = benchmark.run(repeat=repeat, pcn_codes=pcn)
        if not measured.results:
            raise CommandError(
                "No PCN workforce records are loaded: run `manage.py load_reference`."
            )
        lines, rows = benchmark.report(measured)
        for line in lines:
            self.stdout.write(line)
        for name, seconds in rows:
            self.stdout.write(f"{name}: {seconds:.3f} s")
        if pcn:
            return
        write_section(benchmark.SECTION, benchmark.markdown(measured))
        self.stdout.write(f"Wrote the section “{benchmark.SECTION}” to docs/benchmarks.md.")
