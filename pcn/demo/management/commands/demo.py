from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pcn.core.actions import ActionRefused
from pcn.demo import network as demo
from pcn.reference.models import PcnRecord


class Command(BaseCommand):
    help = "(Re)build the demo network from a real PCN code and print its sign-ins."

    def add_arguments(self, parser):
        parser.add_argument("--pcn", default=demo.DEFAULT_PCN, help="PCN code, e.g. U35980")
        parser.add_argument(
            "--rota-seconds",
            type=int,
            default=5,
            help="seconds to optimise and publish a four-week rota (0: no rota)",
        )

    def handle(self, pcn, rota_seconds, **options):
        today = timezone.localdate()  # the demo people see is built on the real date
        if not PcnRecord.objects.exists():
            self.stdout.write("Loading the shipped NHS files first…")
            call_command("load_reference")
        try:
            built = demo.build(pcn, today=today)
        except ActionRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        network = built.network
        if rota_seconds:
            from pcn.rota import demo as rota_demo

            plan, run = rota_demo.build(
                network, manager=built.user("PCN manager"), seconds=rota_seconds, today=today
            )
            self.stdout.write(
                f"Rota: {plan}, {run.get_status_display().lower()}, {plan.get_status_display().lower()}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo network: {network.name} ({network.pcn_code}), "
                f"{network.practices.count()} practices."
            )
        )
        self.stdout.write(f"Sign in at http://127.0.0.1:8000/ with password: {demo.DEMO_PASSWORD}")
        width = max(len(role) for role, _ in built.sign_ins)
        for role, user in built.sign_ins:
            self.stdout.write(f"  {role.ljust(width)}  {user.email}")
        # Browsers refuse security keys on an address that is a number.
        self.stdout.write("To try a security key, use http://localhost:8000/ instead.")
