"""`manage.py entitlements U35980 --year 2025/26 [--json]`: each stream's rate, population and
amount for one PCN, as other tools read them."""

import json

from django.core.management.base import BaseCommand, CommandError

from pcn.core.years import check_year, this_year
from pcn.money.entitlements import for_pcn_code
from pcn.money.exact import pounds


class Command(BaseCommand):
    help = "Print a PCN's entitlement per payment stream for a financial year."

    def add_arguments(self, parser):
        parser.add_argument("pcn_code")
        parser.add_argument("--year", default=None, help="Financial year, like 2025/26")
        parser.add_argument("--json", action="store_true", help="Print JSON for other tools")

    def handle(self, pcn_code, year, json, **options):
        year = year or this_year()
        try:
            check_year(year)
            name, lines, set_up = for_pcn_code(pcn_code, year)
        except (ValueError, LookupError) as problem:
            raise CommandError(str(problem)) from None
        if json:
            self.stdout.write(_dumps(pcn_code.strip().upper(), name, year, set_up, lines))
            return
        self.stdout.write(f"{name} ({pcn_code.strip().upper()}), {year}")
        for line in lines:
            basis = f"; {line.population.label}" if line.amount is not None else ""
            self.stdout.write(f"  {line.name}: {line.formula}{basis}")
        known = [line.amount for line in lines if line.amount is not None]
        self.stdout.write(f"  Known streams total {pounds(sum(known))}")


def _dumps(code, name, year, set_up, lines):
    return json.dumps(
        {
            "pcn_code": code,
            "name": name,
            "year": year,
            "populations_from": "network" if set_up else "nhs_files",
            "streams": [line.as_json() for line in lines],
        },
        indent=2,
        ensure_ascii=False,
    )
