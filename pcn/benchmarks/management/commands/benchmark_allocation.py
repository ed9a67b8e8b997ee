"""Time allocating every starter service for every PCN in the NHS workforce file in one batch,
against the equal split in the same run; writes docs/benchmarks.md."""

from django.core.management.base import BaseCommand, CommandError

from pcn.benchmarks import allocation as benchmark
from pcn.benchmarks.report import write_section


class Command(BaseCommand):
    help = (
        "Allocate every service of every PCN in the NHS workforce file in one batch, timed "
        "against the equal split; writes docs/benchmarks.md."
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
        if not measured.built.problems:
            raise CommandError(
                "No PCN workforce records are loaded: run `manage.py load_reference` first."
            )
        for line in benchmark.summary_lines(measured):
            self.stdout.write(line)
        for name, seconds, times in benchmark.timing_rows(measured):
            self.stdout.write(f"{name}: {seconds:.3f} s ({times})")
        self.stdout.write(
            f"Allocation runs (s): {benchmark.seconds_list(measured.allocate_seconds)}; "
            f"baseline runs (s): {benchmark.seconds_list(measured.baseline_seconds)}; "
            f"whole command {measured.wall_seconds:.1f} s"
        )
        verdict = "met" if measured.meets_target else "NOT met"
        self.stdout.write(
            f"Build + allocate: {measured.batch_seconds:.2f} s against the "
            f"{benchmark.TARGET_SECONDS} s target — {verdict}"
        )
        if pcn:
            return
        write_section(benchmark.SECTION, benchmark.markdown(measured, repeat))
        self.stdout.write(f"Written to docs/benchmarks.md under “{benchmark.SECTION}”.")
