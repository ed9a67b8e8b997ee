from django.core.management.base import BaseCommand, CommandError

from pcn.core import actions
from pcn.core.models import API_TOKEN_DEFAULT_DAYS, User
from pcn.core.refusals import ActionRefused


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="Command line token")
        parser.add_argument(
            "--days",
            type=int,
            default=API_TOKEN_DEFAULT_DAYS,
            help=f"How many days it works (default {API_TOKEN_DEFAULT_DAYS}, at most a year).",
        )

    def handle(self, email, name, days, **options):
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"No user has the email address {email}.")
        try:
            _, raw = actions.create_api_token(user=user, name=name, days=days, by=None)
        except ActionRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(raw)
