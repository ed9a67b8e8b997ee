"""`manage.py forecast U35980 --year 2026/27 [--json]`: a set-up network's ARRS forecast to
31 March against its entitlement, with everyone it leaves out and why."""

import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from pcn.core.years import check_year, this_year
from pcn.money.exact import pounds
from pcn.money.queries import forecast_json
from pcn.networks.models import Network


class Command(BaseCommand):
    help = "Print a network's ARRS forecast for a financial year."

    def add_arguments(self, parser):
        parser.add_argument("pcn_code")
        parser.add_argument("--year", default=None, help="Financial year, like 2026/27")
        parser.add_argument("--json", action="store_true", help="Print JSON for other tools")

    def handle(self, pcn_code, year, json, **options):
        year = year or this_year()
        try:
            check_year(year)
        except ValueError as problem:
            raise CommandError(str(problem)) from None
        network = Network.objects.filter(pcn_code=pcn_code.strip().upper()).first()
        if network is None:
            raise CommandError(
                f"{pcn_code.strip().upper()} is not set up in PCN Commons: a forecast needs its "
                "staff register. `manage.py entitlements` works for any PCN."
            )
        found = forecast_json(network, year)
        if json:
            self.stdout.write(_dumps(network, found))
            return
        self.stdout.write(f"{network.name} ({network.pcn_code}), ARRS {found['year']}")
        self.stdout.write(f"  Entitlement: {_pounds(found['entitlement'])}")
        self.stdout.write(f"  Forecast reimbursable spend: {_pounds(found['forecast_cost'])}")
        self.stdout.write(f"  Unspent: {_pounds(found['unspent'])}")
        for person in found["people_left_out"]:
            self.stdout.write(
                f"  Left out: #{person['id']} {person['role']} {person['wte']} WTE, {person['why']}"
            )
        if found["estimated_maxima"]:
            self.stdout.write("  Estimated maxima: " + ", ".join(found["estimated_maxima"]))


def _pounds(text):
    return pounds(None if text is None else Decimal(text))


def _dumps(network, found):
    return json.dumps(
        {"pcn_code": network.pcn_code, "name": network.name, **found},
        indent=2,
        ensure_ascii=False,
    )
