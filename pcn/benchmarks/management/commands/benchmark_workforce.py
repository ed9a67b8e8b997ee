"""Server time of the register, belonging and pulse pages for the biggest PCN in the NHS file.

U85476 has 336 workforce records in the June 2026 file, the most of any PCN; its demo register
is built from them exactly as `manage.py demo --pcn U85476` would. The baseline in the same run
is the sign-in page, which reads no network data.
"""

from django.core.management.base import BaseCommand
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pcn.benchmarks.report import time_pages, write_section
from pcn.demo import network as demo
from pcn.networks.models import Network

BIGGEST_PCN = "U85476"
PAGES = [
    ("Staff register", "workforce:register"),
    ("Belonging: who is at risk", "workforce:belonging"),
    ("Pulse results", "workforce:pulse_results"),
    ("Retention", "workforce:retention"),
    ("Overdue supervision", "workforce:overdue_supervision"),
]


class Command(BaseCommand):
    help = "Measure server time and SQL queries of the workforce pages; writes docs/benchmarks.md."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=50)
        parser.add_argument("--pcn", default=BIGGEST_PCN)

    def handle(self, repeat, pcn, **options):
        if not Network.objects.filter(pcn_code=pcn).exists():
            self.stdout.write(f"Building the demo network for {pcn}…")
            demo.build(pcn, today=timezone.localdate())
        network = Network.objects.get(pcn_code=pcn)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(
            network.memberships.get(role="pcn_manager").user,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        pages = [("Sign-in page (baseline)", Client(HTTP_HOST="127.0.0.1"), "core:sign_in")]
        pages += [(name, client, url_name) for name, url_name in PAGES]
        pages = [(name, page_client, reverse(url_name)) for name, page_client, url_name in pages]
        rows = time_pages(pages, repeat, self.stdout.write)

        staff = network.staff.count()
        write_section(
            "Workforce pages",
            f"""
`python manage.py benchmark_workforce` — {repeat} requests per page through the full Django
stack (in-process test client) as the PCN manager of {network.name} ({pcn}), whose demo register
holds {staff} people built from its {staff} records in the NHS PCN workforce file (the most of any
PCN). Target: median ≤ 100 ms; the number of queries does not grow with the number of staff
(tested in `tests/workforce/test_constant_queries.py`).

| Page | Median ms | p90 ms | × baseline | SQL queries |
|---|---|---|---|---|
{chr(10).join(rows)}
""",
        )
