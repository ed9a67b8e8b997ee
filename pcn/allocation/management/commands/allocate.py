import json

from django.core.management.base import BaseCommand, CommandError

from pcn.allocation import problems
from pcn.allocation.queries import next_week
from pcn.networks.models import Network


class Command(BaseCommand):
    help = "Print a network's current allocation of staff time to practices, with why."

    def add_arguments(self, parser):
        parser.add_argument("pcn_code")
        parser.add_argument("--json", action="store_true", help="print JSON (the default)")
        parser.add_argument("--equal", action="store_true", help="the equal split instead")

    def handle(self, pcn_code, equal=False, **options):
        network = Network.objects.filter(pcn_code=pcn_code.strip().upper()).first()
        if network is None:
            raise CommandError(
                f"No network has the PCN code {pcn_code}. Set it up, or run `manage.py demo --pcn {pcn_code}`."
            )
        inputs = problems.gather(network, next_week())
        if not inputs.services:
            raise CommandError(f"{network} has no services yet: add the services staff deliver.")
        result = problems.allocate(inputs, equal=equal)
        self.stdout.write(json.dumps(result, indent=2))
        errors = [s for s in result["services"] if "error" in s]
        for service in errors:
            self.stderr.write(service["error"])
        if errors:
            raise CommandError(
                f"{len(errors)} of {len(result['services'])} services could not be allocated."
            )
