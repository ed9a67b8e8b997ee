from django.core.management.base import BaseCommand, CommandError

from pcn.core import actions
from pcn.core.models import User


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="Command line token")

    def handle(self, email, name, **options):
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"No user has the email address {email}.")
        _, raw = actions.create_api_token(user=user, name=name, by=None)
        self.stdout.write(raw)
