"""Many people at once against the production setup: gunicorn with the production settings on
PostgreSQL, the demo network, and locust's users signing in and working through the overview,
the register, a rota week, the money forecast and answering a request.

Runs a baseline of one person first, then `--users` people, each for its own duration, and
writes errors, p50 and p95 per page, and whether every acknowledged write is in the database
(rows and audit entries counted before and after) into docs/benchmarks.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pcn_load manage.py benchmark_production_load
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.models import Count, Sum

from pcn.benchmarks.production_load import Plan
from pcn.benchmarks.report import write_section
from pcn.coordination.models import RequestAnswer
from pcn.core.models import AuditEntry, Role
from pcn.demo import network as demo
from pcn.networks.models import Network

ANSWER = "coordination.answer_request"
TITLE = "Production setup under load: gunicorn on PostgreSQL, many people at once"


class Command(BaseCommand):
    help = "Load the production setup with locust's users; writes docs/benchmarks.md."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--seconds", type=int, default=300, help="of the run with --users")
        parser.add_argument("--baseline-seconds", type=int, default=60, help="of one person")
        parser.add_argument(
            "--warm-up-seconds",
            type=int,
            default=30,
            help="unmeasured, one person a worker, so each has imported and compiled its pages",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1)),
            help="gunicorn worker processes (default: WEB_CONCURRENCY, as gunicorn reads it "
            "under `make serve`, else gunicorn's advice of 2 × cores + 1)",
        )
        parser.add_argument("--pcn", default=demo.DEFAULT_PCN)
        parser.add_argument("--no-write", action="store_true", help="print, don't write docs")

    def handle(
        self, users, seconds, baseline_seconds, warm_up_seconds, workers, pcn, no_write, **options
    ):
        database = settings.DATABASES["default"]
        if "postgresql" not in database["ENGINE"]:
            raise CommandError(
                "The production load is measured on PostgreSQL: set DATABASE_URL, e.g. "
                "postgres://postgres@127.0.0.1:5432/pcn_load (its own database: it is changed)."
            )
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "pcn.config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1",
        }
        self.prepare(env, pcn)
        network = Network.objects.get(pcn_code=pcn)
        port = _free_port()
        plan = self.plan(network, f"http://127.0.0.1:{port}")
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "pcn.config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
        )
        try:
            _wait_for(port)
            warm_up = {"requests": 0, "failures": 0}
            if warm_up_seconds:
                self.stdout.write(f"Warming up for {warm_up_seconds} s…")
                warm_up = self.load(plan, users=workers, seconds=warm_up_seconds)
            before = _counts(plan)
            load_before = os.getloadavg()[0]
            self.stdout.write(f"1 person for {baseline_seconds} s…")
            base = self.load(plan, users=1, seconds=baseline_seconds)
            self.stdout.write(f"{users} people for {seconds} s…")
            loaded = self.load(plan, users=users, seconds=seconds)
            after = _counts(plan)
            load_after = os.getloadavg()[0]
        finally:
            server.terminate()
            server.wait(timeout=30)
        measured = (base, loaded)
        acknowledged = sum(r["tally"]["answers_acknowledged"] for r in measured)
        stale = sum(r["tally"]["answers_refused_as_stale"] for r in measured)
        answers_saved = after["answer_versions"] - before["answer_versions"]
        answers_audited = after["answer_audit"] - before["answer_audit"]
        rows = []
        for page, (requests, failures, p50, p95) in loaded["pages"].items():
            base_p50 = base["pages"].get(page, (0, 0, None, None))[2]
            ratio = f"{p50 / base_p50:.1f}×" if base_p50 else "–"
            rows.append(
                f"| {page} | {requests:,} | {failures:,} | {base_p50 or '–'} | {p50} | {p95} "
                f"| {ratio} |"
            )
        lost = acknowledged - answers_saved
        self.stdout.write("\n".join(rows))
        self.stdout.write(
            f"{loaded['requests']:,} requests, {loaded['failures']:,} errors; answers "
            f"acknowledged {acknowledged}, saved {answers_saved}, audited {answers_audited}"
        )
        for error in base["errors"] + loaded["errors"]:
            self.stdout.write(f"  {error}")
        problems = base["tally"]["problems"] + loaded["tally"]["problems"]
        body = f"""
`DATABASE_URL=postgres://…/pcn_load python manage.py benchmark_production_load` — the
production settings (`pcn.config.settings.production`) served by gunicorn ({workers} sync
workers) on PostgreSQL {_server_version()}, with the demo network ({network.name}). locust's
users (run as a library, in the same machine) each sign in and then, again and again, open the
network overview, the staff register (leaders) or answer the open request (practice
managers), a rota week and the money forecast, pausing {plan.think[0]:g}–{plan.think[1]:g} s
between pages as a person would. Half the users are the PCN manager or clinical director, half
a practice manager (several per practice, so some answers meet another's newer answer and are
refused as stale, which is right). The load client stands in for the TLS proxy: it sends
`X-Forwarded-Proto: https` and keeps the Secure cookies.

**Caveat: the machine.** {os.cpu_count()} shared cores run gunicorn, PostgreSQL and locust
together, beside whatever else the machine was doing (load average {load_before:.1f} before
the runs, {load_after:.1f} after); a server of its own would do far better. The ratio to one
person in the same run is the figure to compare across machines.

After {warm_up_seconds} s of unmeasured warm-up ({workers} users, {warm_up["requests"]:,}
requests, {warm_up["failures"]:,} errors: each worker imports and compiles its pages on its
first requests), {users} users for {seconds} s (baseline: 1 user for {baseline_seconds} s):
{loaded["requests"]:,} requests, **{loaded["failures"]:,} errors**,
{loaded["per_second"]:.1f} requests a second.

| Page | Requests | Errors | p50 ms, 1 user | p50 ms | p95 ms | p50 × 1 user |
|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Reading it: where p50 under load is far above one person's, the workers are saturated and
requests queue for them; the requests a second served is then this machine's capacity. Errors
and lost writes are the figures that must stay at 0 on any machine. (`make serve` runs
gunicorn's default of one worker unless WEB_CONCURRENCY is set: set it to about 2 × cores + 1.)

Writes: **{acknowledged:,} answers acknowledged** (a redirect after saving), {stale:,} refused as
stale; the answers' versions rose by {answers_saved:,} and {answers_audited:,} audit entries
of answers were written: **{
            "no write lost"
            if lost == 0 and answers_audited == acknowledged
            else f"{lost} acknowledged writes missing"
        }**. {len(problems)} users could not sign in.
"""
        if not no_write:
            write_section(TITLE, body)

    def load(self, plan, *, users, seconds):
        """locust's run in a process of its own (it patches the standard library for gevent)."""
        with tempfile.TemporaryDirectory() as folder:
            asked, result = Path(folder) / "plan.json", Path(folder) / "result.json"
            asked.write_text(json.dumps({"plan": asdict(plan), "users": users, "seconds": seconds}))
            subprocess.run(
                [sys.executable, "-m", "pcn.benchmarks.production_load", asked, result],
                check=True,
                cwd=settings.BASE_DIR,
            )
            return json.loads(result.read_text())

    def prepare(self, env, pcn):
        """The production database as `make serve` would run it: migrated, the NHS files
        loaded, the demo network built (once), the static files collected."""
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]

        def run(*step):
            self.stdout.write("manage.py " + " ".join(step))
            subprocess.run(manage + list(step), env=env, check=True, cwd=settings.BASE_DIR)

        run("migrate", "--no-input")
        run("load_reference")
        if not Network.objects.filter(pcn_code=pcn).exists():
            run("demo", "--pcn", pcn)
        run("collectstatic", "--no-input", "--verbosity", "0")

    def plan(self, network, host):
        memberships = network.memberships.select_related("user")
        leaders = [
            m.user.email
            for m in memberships.filter(role__in=[Role.PCN_MANAGER, Role.CLINICAL_DIRECTOR])
            if m.user.email.endswith(demo.DEMO_DOMAIN)
        ]
        practice_managers = [
            (m.user.email, m.practice_id)
            for m in memberships.filter(role=Role.PRACTICE_MANAGER).order_by("practice_id")
            if m.user.email.endswith(demo.DEMO_DOMAIN)
        ]
        rota = network.rota_plans.filter(status="published").first()
        request = (
            network.practice_requests.annotate(answers_count=Count("answers"))
            .order_by("-answers_count", "-due")
            .first()
        )
        if rota is None or request is None:
            raise CommandError("The demo network has no published rota or no request.")
        return Plan(
            host=host,
            pcn_code=network.pcn_code,
            password=demo.DEMO_PASSWORD,
            leaders=leaders,
            practice_managers=practice_managers,
            rota_path=f"/rota/{rota.pk}/?week=1",
            request_path=f"/requests/{request.pk}/",
        )


def _counts(plan):
    request_id = int(plan.request_path.strip("/").rsplit("/", 1)[-1])
    answers = RequestAnswer.objects.filter(request_id=request_id)
    return {
        "answer_versions": answers.aggregate(total=Sum("version"))["total"] or 0,
        "answer_audit": AuditEntry.objects.filter(action=ANSWER).count(),
        "audit": AuditEntry.objects.count(),
    }


def _server_version():
    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0].split()[0]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise CommandError(f"gunicorn did not answer on port {port} within {seconds} s")
