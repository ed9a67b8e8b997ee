"""Server time of the network overview and practice pages, with all of England loaded.

Runs in-process through the whole Django stack (middleware, sessions, permissions, templates)
against the configured database. The baseline in the same run is the sign-in page, which reads
no network data, so the ratio shows what the network pages themselves cost.
"""

from django.core.management.base import BaseCommand
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pcn.benchmarks.report import time_pages, write_section
from pcn.demo import network as demo
from pcn.networks.models import Network
from pcn.reference.models import RegisteredPatients


class Command(BaseCommand):
    help = "Measure server time and SQL queries of the network pages; writes docs/benchmarks.md."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=200)
        parser.add_argument("--pcn", default=demo.DEFAULT_PCN)

    def handle(self, repeat, pcn, **options):
        if not Network.objects.filter(pcn_code=pcn).exists():
            demo.build(pcn, today=timezone.localdate())
        network = Network.objects.get(pcn_code=pcn)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(
            network.memberships.get(role="pcn_manager").user,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        practice = network.practices.first()
        pages = [
            ("Sign-in page (baseline)", Client(HTTP_HOST="127.0.0.1"), reverse("core:sign_in")),
            ("Network overview", client, reverse("home:overview")),
            ("Practice page", client, reverse("networks:practice", args=[practice.ods_code])),
        ]
        rows = time_pages(pages, repeat, self.stdout.write)

        england = RegisteredPatients.objects.filter(
            org_type="GP", sex="ALL", age_band="ALL"
        ).count()
        write_section(
            "Network pages",
            f"""
`python manage.py benchmark_pages` — {repeat} requests per page through the full Django stack
(in-process test client), {network.name} ({network.practices.count()} practices) in a database
holding all of England ({england:,} practices' list sizes). Target: median ≤ 50 ms; the number of
queries does not grow with the number of practices (tested in `tests/networks/test_overview.py`).

| Page | Median ms | p90 ms | × baseline | SQL queries |
|---|---|---|---|---|
{chr(10).join(rows)}
""",
        )
