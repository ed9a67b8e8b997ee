"""Time a batch of rota solves drained by one task worker and by two against one PostgreSQL;
writes docs/benchmarks.md."""

from django.core.management.base import BaseCommand, CommandError

from pcn.benchmarks.report import write_section
from pcn.benchmarks.rota import many_workers
from pcn.benchmarks.rota.config import BATCH_SECONDS
from pcn.reference.models import WorkforceRecord


class Command(BaseCommand):
    help = (
        "Queue the same rota solves in one PostgreSQL database and drain them with one "
        "`db_worker` process, then two, alternating; writes docs/benchmarks.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pcns", type=int, default=60, help="PCNs queued (default 60)")
        parser.add_argument("--runs", type=int, default=3, help="runs of each (default 3)")
        parser.add_argument(
            "--batch-seconds",
            type=float,
            default=BATCH_SECONDS,
            help=f"each PCN's solve (default {BATCH_SECONDS:g})",
        )
        parser.add_argument(
            "--queue-database",
            default=many_workers.DEFAULT_QUEUE,
            help="the PostgreSQL database the tasks are queued in, dropped and made again "
            f"(default {many_workers.DEFAULT_QUEUE})",
        )
        parser.add_argument(
            "--print",
            dest="print_only",
            action="store_true",
            help="print the figures; write nothing",
        )

    def handle(self, pcns, runs, batch_seconds, queue_database, print_only, **options):
        if not 1 <= pcns <= 2000:
            raise CommandError("--pcns must be between 1 and 2,000.")
        if not 1 <= runs <= 20:
            raise CommandError("--runs must be between 1 and 20.")
        if not 0 < batch_seconds <= 60:
            raise CommandError("--batch-seconds must be more than 0 and at most 60.")
        if not WorkforceRecord.objects.exists():
            raise CommandError(
                "The NHS files are not loaded: run `manage.py load_reference` first."
            )
        try:
            many_workers.fresh_database(queue_database)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{pcns} PCNs, 1 and 2 workers, {runs} run(s) each…")
        scaling = many_workers.measure(
            pcns=pcns,
            runs=runs,
            seconds=batch_seconds,
            queue_url=queue_database,
            log=self.stdout.write,
        )
        command = f"python manage.py benchmark_workers --pcns {pcns} --runs {runs}"
        text = many_workers.markdown(scaling, command)
        if print_only:
            self.stdout.write(text)
            return
        write_section(many_workers.SECTION, text)
        self.stdout.write(f"Written to docs/benchmarks.md under “{many_workers.SECTION}”.")
