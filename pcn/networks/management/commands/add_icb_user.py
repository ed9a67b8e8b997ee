from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pcn.core.refusals import ActionRefused
from pcn.networks import actions


class Command(BaseCommand):
    help = (
        "Make someone a user of an ICB: they see every network of that ICB side by side and "
        "read each network's overview (decision 31). Emails them a link."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("icb_code", help="the ICB's code in the NHS files, e.g. QYG")
        parser.add_argument("--name", default="", help="their full name, for a new account")

    def handle(self, email, icb_code, name, **options):
        try:
            membership = actions.add_icb_user(
                email=email,
                icb_code=icb_code,
                full_name=name,
                by=None,
                link_for=lambda user: actions.account_link(user, settings.SITE_URL),
            )
        except ActionRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(
            f"{membership.user.email} is now a user of ICB {membership.icb_code}; "
            "they have been emailed a link."
        )
