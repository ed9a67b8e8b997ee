import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pcn.networks.models import Network
from pcn.workforce.census_match import as_json, reconcile


class Command(BaseCommand):
    help = (
        "Compare a network's staff register with the latest NHS PCN workforce census: who is "
        "matched, who is only in one of them, and FTE, role or date differences."
    )

    def add_arguments(self, parser):
        parser.add_argument("pcn_code")
        parser.add_argument("--json", action="store_true", help="print JSON (the default)")

    def handle(self, pcn_code, **options):
        code = pcn_code.strip().upper()
        network = Network.objects.filter(pcn_code=code).first()
        if network is None:
            raise CommandError(
                f"No network has the PCN code {code}: the register is compared only for a "
                f"network set up in PCN Commons. Set it up, or run `manage.py demo --pcn {code}`."
            )
        found = reconcile(network, timezone.localdate())
        if found.census_date is None:
            raise CommandError(
                "No NHS PCN workforce file is loaded: run `manage.py load_reference` first."
            )
        self.stdout.write(json.dumps(as_json(found), indent=2))
