"""Server time and queries of an ICB's page with forty networks of the ICB using PCN Commons.

Runs in-process through the whole Django stack against the configured database. Networks are
built by the demo builder (without a rota) from the ICB's real PCNs until the ICB has as many
as asked; they stay, so a second run measures at once. The baseline in the same run is the
sign-in page, which reads no network data.
"""

import time

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from pcn.benchmarks.report import median_ms, time_pages, write_section
from pcn.core.models import IcbMembership
from pcn.core.refusals import ActionRefused
from pcn.demo import network as demo
from pcn.home.icb import network_figures
from pcn.networks.models import Network
from pcn.reference.models import PcnRecord


class Command(BaseCommand):
    help = "Measure the ICB page with N networks of one ICB; writes docs/benchmarks.md."

    def add_arguments(self, parser):
        parser.add_argument("--networks", type=int, default=40)
        parser.add_argument("--icb", default="QYG", help="the ICB's code (default: the demo's)")
        parser.add_argument("--repeat", type=int, default=50)

    def handle(self, networks, icb, repeat, **options):
        built = self.build(icb, networks)
        user = IcbMembership.objects.filter(icb_code=icb).first().user
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        page = reverse("home:icb", args=[icb])
        cache.clear()
        with override_settings(DEBUG=True):
            reset_queries()
            start = time.perf_counter()
            assert client.get(page).status_code == 200
            cold_ms = (time.perf_counter() - start) * 1000
            cold_queries = len(connection.queries)
        # One network changed since the last view: its row is read again, the others are kept.
        client.get(page)
        changed = Network.objects.filter(icb_code=icb).order_by("pk").first()
        one_changed, one_queries = [], 0
        for _ in range(10):
            network_figures.forget(changed, timezone.localdate())
            with override_settings(DEBUG=True):
                reset_queries()
                start = time.perf_counter()
                client.get(page)
                one_changed.append(time.perf_counter() - start)
                one_queries = len(connection.queries)
        self.stdout.write(
            f"One network changed: median {median_ms(one_changed):.0f} ms, {one_queries} queries"
        )
        pages = [
            ("Sign-in page (baseline)", Client(HTTP_HOST="127.0.0.1"), reverse("core:sign_in")),
            (f"ICB page, {built} networks", client, page),
            (
                f"ICB networks CSV, {built} networks",
                client,
                reverse("home:icb_networks_csv", args=[icb]),
            ),
        ]
        rows = time_pages(pages, repeat, self.stdout.write)
        self.stdout.write(
            f"First view after the networks' own figures were cleared: {cold_ms:.0f} ms, "
            f"{cold_queries} queries"
        )
        write_section(
            "ICB page",
            f"""
`python manage.py benchmark_icb` — {repeat} requests per page through the full Django stack
(in-process test client) as the ICB user of {icb}, with {built} networks of that ICB built by
the demo builder (no rota) and the ICB's other PCNs from the NHS workforce census. Target: median
≤ 200 ms with 40 networks; the number of queries does not depend on the number of networks
(tested with 2 and 6 in `tests/home/test_icb.py`).

| Page | Median ms | p90 ms | × baseline | SQL queries |
|---|---|---|---|---|
{chr(10).join(rows)}

Each network's row is kept until the network changes (decision 31); the rows of changed
networks are read together, one query per figure, and the two figures only a network's own
presenters give (people at high risk of isolation, the ARRS forecast) are asked of them network
by network. The first view of all {built} networks took {cold_ms:.0f} ms and {cold_queries}
queries; a view after one network changed, median {median_ms(one_changed):.0f} ms and
{one_queries} queries (median of 10 views).
""",
        )

    def build(self, icb, wanted):
        have = Network.objects.filter(icb_code=icb).count()
        today = timezone.localdate()
        if not Network.objects.filter(pcn_code=demo.DEFAULT_PCN).exists():
            demo.build(demo.DEFAULT_PCN, today=today)
            have = Network.objects.filter(icb_code=icb).count()
        taken = set(Network.objects.values_list("pcn_code", flat=True))
        for code in (
            PcnRecord.objects.filter(icb_code=icb).order_by("code").values_list("code", flat=True)
        ):
            if have >= wanted:
                break
            if code in taken:
                continue
            try:
                demo.build(code, today=today)
            except ActionRefused as refusal:
                self.stdout.write(f"{code} not built: {refusal}")
                continue
            have += 1
            self.stdout.write(f"Built {code} ({have} of {wanted})")
        return have
