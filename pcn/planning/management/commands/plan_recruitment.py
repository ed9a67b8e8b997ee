"""`manage.py plan_recruitment CODE [--json] [--headroom POUNDS]`: the recruitment planner's
proposal for a set-up network, on today's forecast (decision 30)."""

import json
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pcn.money.exact import pounds
from pcn.networks.models import Network
from pcn.planning.problems import HEADROOM_LIMIT
from pcn.planning.queries import plan, plan_json


class Command(BaseCommand):
    help = "Propose ARRS posts that use the headroom within next year's entitlement."

    def add_arguments(self, parser):
        parser.add_argument("code", help="the network's PCN code, e.g. U35980")
        parser.add_argument("--json", action="store_true", help="print the plan as JSON")
        parser.add_argument("--headroom", help="pounds to use (default: see decision 30)")

    def handle(self, *args, code, json: bool, headroom, **options):
        network = Network.objects.filter(pcn_code=code.strip().upper()[:10]).first()
        if network is None:
            raise CommandError(f"No network with the PCN code {code} is set up.")
        amount = None
        if headroom is not None:
            try:
                amount = Decimal(headroom)
            except InvalidOperation:
                raise CommandError("--headroom must be an amount in pounds.") from None
            if not Decimal(0) <= amount <= HEADROOM_LIMIT:
                raise CommandError(f"--headroom must be from £0 to {pounds(HEADROOM_LIMIT)}.")
        result = plan(network, today=timezone.localdate(), headroom=amount)
        if json:
            self.stdout.write(_dumps(plan_json(result)))
            return
        self.stdout.write(f"Headroom to use: {pounds(result.inputs.headroom)}")
        for row in result.rows:
            self.stdout.write(f"- {row.wte} WTE from {row.start:%b %Y}: {row.why}")
        self.stdout.write(
            f"This year: {pounds(result.cost_this_year)}; a full year: "
            f"{pounds(result.cost_full_year)}"
        )
        if result.solution.message:
            self.stdout.write(result.solution.message)


def _dumps(data):
    return json.dumps(data, indent=2)
