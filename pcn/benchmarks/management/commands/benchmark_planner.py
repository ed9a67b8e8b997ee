"""`manage.py benchmark_planner [--pcn CODE] [--repeat N]`: how long the recruitment planner
takes for the demo network, against the greedy what-if baseline; writes docs/benchmarks.md."""

from django.core.management.base import BaseCommand, CommandError

from pcn.benchmarks import planner as benchmark
from pcn.benchmarks.report import write_section
from pcn.demo.network import DEFAULT_PCN
from pcn.networks.models import Network


class Command(BaseCommand):
    help = "Time the recruitment planner for the demo network against the greedy baseline."

    def add_arguments(self, parser):
        parser.add_argument("--pcn", default=DEFAULT_PCN)
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, pcn, repeat, **options):
        if repeat < 1:
            raise CommandError("--repeat must be 1 or more.")
        network = Network.objects.filter(pcn_code=pcn).first()
        if network is None:
            raise CommandError(f"No network {pcn} is set up: run `manage.py demo` first.")
        measured = benchmark.run(network, repeat=repeat)
        for key in ("gather", "solve", "greedy", "page"):
            self.stdout.write(f"{key}: {measured[key]:.3f} s")
        self.stdout.write(f"score {measured['score']} (greedy {measured['greedy_score']})")
        write_section(benchmark.SECTION, benchmark.markdown(measured))
        self.stdout.write(f"Wrote the section “{benchmark.SECTION}” to docs/benchmarks.md.")
