import json
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from engine.rota import json_io
from engine.rota import solve as solver
from pcn.allocation.queries import next_week
from pcn.networks.models import Network
from pcn.rota import problems
from pcn.rota.models import MAX_WEEKS, RotaPlan


class Command(BaseCommand):
    help = (
        "Solve a rota for a network from its register, rooms and agreed allocation, and print "
        "the problem, the rota and why (nothing is saved)."
    )

    def add_arguments(self, parser):
        parser.add_argument("pcn_code")
        parser.add_argument("--weeks", type=int, default=4)
        parser.add_argument("--seconds", type=float, default=10.0)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--start", help="the first Monday, YYYY-MM-DD (default: next week)")
        parser.add_argument("--json", action="store_true", help="print JSON (the default)")

    def handle(self, pcn_code, weeks, seconds, seed, start=None, **options):
        network = Network.objects.filter(pcn_code=pcn_code.strip().upper()).first()
        if network is None:
            raise CommandError(
                f"No network has the PCN code {pcn_code}. Run `manage.py demo --pcn {pcn_code}` first."
            )
        if not 1 <= weeks <= MAX_WEEKS:
            raise CommandError(f"--weeks must be between 1 and {MAX_WEEKS}.")
        monday = _monday(start) if start else next_week() + timedelta(days=7)
        targets, source = problems.targets_for(network)
        plan = RotaPlan(  # not saved: the command only reads
            network=network,
            start=monday,
            weeks=weeks,
            options=dict(problems.DEFAULT_SETTINGS),
            targets=targets,
            targets_source=source,
        )
        problem = problems.build(plan)
        result = solver.solve(problem, seconds=seconds, seed=seed)
        data = json_io.result_to_json(result, problem)
        data["targets_source"] = source
        self.stdout.write(json.dumps(data, indent=1))
        if result.status not in ("optimal", "feasible"):
            for conflict in result.conflicts:
                self.stderr.write(conflict)
            raise CommandError("No rota meets every rule that must hold.")


def _monday(text):
    from datetime import date

    try:
        day = date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--start: {text} is not a date like 2026-11-30.") from error
    if day.weekday() != 0:
        raise CommandError(f"--start: {text} is not a Monday.")
    return day
