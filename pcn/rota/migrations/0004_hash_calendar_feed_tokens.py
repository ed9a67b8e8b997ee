"""Existing calendar feeds, before their plain tokens are dropped: the token stored is the one
in the address people subscribed to, so its SHA-256 is stored and subscriptions keep working.
The owner is the account linked to the register record, or else the account with the record's
email address (as `pcn.workforce.identity` finds a person's record); a feed that belongs to
no account is removed, as it would no longer work.

Kept apart from the schema changes either side, so PostgreSQL never alters a table with
updates still pending in the same transaction."""

import hashlib

from django.conf import settings
from django.db import migrations


def forwards(apps, schema_editor):
    CalendarFeed = apps.get_model("rota", "CalendarFeed")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for feed in CalendarFeed.objects.filter(token_hash__isnull=True).select_related("staff"):
        staff = feed.staff
        owner_id = staff.user_id
        if owner_id is None and staff.email:
            owner_id = (
                User.objects.filter(email__iexact=staff.email).values_list("pk", flat=True).first()
            )
        if owner_id is None:
            feed.delete()
            continue
        CalendarFeed.objects.filter(pk=feed.pk).update(
            owner_id=owner_id, token_hash=hashlib.sha256(feed.token.encode()).hexdigest()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("rota", "0003_calendar_feed_owner_and_token_hash"),
    ]

    # Backwards there is nothing to undo: the plain tokens are still there until 0005.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
