"""Existing rows, before the plain invitation tokens are dropped:

- an invitation's stored token is the secret in the link already emailed, so its SHA-256 is
  stored and open invitations keep working;
- an API token made before tokens expired works for 90 more days from this upgrade, time for
  its owner to see the date on their account page and make a new one.

Kept apart from the schema changes either side, so PostgreSQL never alters a table with
updates still pending in the same transaction."""

import hashlib
from datetime import timedelta

from django.db import migrations
from django.utils import timezone

EXISTING_TOKENS_WORK_DAYS = 90


def sha256(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


def forwards(apps, schema_editor):
    Invitation = apps.get_model("core", "Invitation")
    for invitation in Invitation.objects.filter(token_hash__isnull=True).only("pk", "token"):
        Invitation.objects.filter(pk=invitation.pk).update(token_hash=sha256(invitation.token))
    ApiToken = apps.get_model("core", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + timedelta(days=EXISTING_TOKENS_WORK_DAYS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_api_token_expiry_and_invitation_token_hash"),
    ]

    # Backwards there is nothing to undo: the plain tokens are still there until 0004.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
