from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from pcn.core.refusals import ActionRefused
from pcn.networks import actions


def account_link(user):
    """A new account's link to choose its password (the password reset link, which works
    once); an existing account's link to sign in."""
    site = settings.SITE_URL.rstrip("/")
    if user.has_usable_password():
        return site + reverse("core:sign_in")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return site + reverse("core:password_reset_confirm", kwargs={"uidb64": uid, "token": token})


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
                email=email, icb_code=icb_code, full_name=name, by=None, link_for=account_link
            )
        except ActionRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(
            f"{membership.user.email} is now a user of ICB {membership.icb_code}; "
            "they have been emailed a link."
        )
