"""Measure the rota optimiser against the manager's equal split, on the demo network, generated
networks of 80 people and every PCN in the NHS workforce file; writes docs/benchmarks.md."""

import argparse
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pcn.benchmarks.report import write_section
from pcn.benchmarks.rota import batch, config, networks, report, workers
from pcn.reference.models import PcnRecord, WorkforceRecord


class Command(BaseCommand):
    help = (
        "Measure the rota optimiser against the best rota known and the equal split managers "
        "use today: the frozen demo problem, generated networks of 80 people, every PCN through the task workers, and a "
        "re-plan after leave; writes docs/benchmarks.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quick",
            action="store_true",
            help="short solves and a 50-PCN sample, to check the benchmark runs: prints the "
            "figures and writes nothing",
        )
        parser.add_argument(
            "--batch-seconds",
            type=float,
            default=config.BATCH_SECONDS,
            help=f"each PCN's solve in the batch (default {config.BATCH_SECONDS:g})",
        )
        parser.add_argument(
            "--part",
            choices=["all", "networks", "batch"],
            default="all",
            help="networks: the demo network, its re-plan and the generated ones; batch: every "
            "PCN through the task workers (each writes its own section; default both)",
        )
        # The batch's own steps, run by the command in the batch's database (see Queue).
        parser.add_argument("--enqueue", help=argparse.SUPPRESS)
        parser.add_argument("--collect", help=argparse.SUPPRESS)

    def handle(self, quick, batch_seconds, part="all", enqueue=None, collect=None, **options):
        if batch_seconds <= 0:
            raise CommandError("--batch-seconds must be more than 0.")
        if enqueue:
            problems = (json.loads(line) for line in Path(enqueue).read_text().splitlines())
            count = batch.enqueue(problems, seconds=batch_seconds, relative_gap=config.TARGET_GAP)
            self.stdout.write(f"{count} PCNs queued.")
            return
        if collect:
            Path(collect).write_text(json.dumps(batch.collect()))
            return
        if part in ("all", "batch") and not (
            PcnRecord.objects.filter(code=config.DEMO_PCN).exists()
            and WorkforceRecord.objects.exists()
        ):
            raise CommandError(
                "The NHS files are not loaded: run `manage.py load_reference` first."
            )

        chosen = (
            config.Config.smoke_test(batch_seconds)
            if quick
            else config.Config(batch_seconds=batch_seconds)
        )
        log = self.stdout.write
        sections = []
        if part in ("all", "networks"):
            log(f"The demo network's frozen problem ({config.DEMO_PCN})…")
            demo_figures, replan = networks.measure_demo(chosen, log)
            log("Generated networks…")
            generated = networks.measure_generated(chosen, log)
            text = report.networks_markdown(demo_figures, replan, generated, chosen)
            sections.append((config.SECTION, text))
        if part in ("all", "batch"):
            log("Every PCN through the task workers…")
            batch_figures = workers.measure_batch(chosen, log)
            sections.append((config.BATCH_SECTION, report.batch_markdown(batch_figures, chosen)))

        for title, text in sections:
            if quick:
                log(f"\n## {title}\n\n{text}")
            else:
                write_section(title, text)
                log(f"Written to docs/benchmarks.md under “{title}”.")
        if quick:
            log("(--quick: figures printed, docs/benchmarks.md left as it is.)")
