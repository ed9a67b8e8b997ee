"""Pulse answers audited before decision 5 was revised named the person and the moment: keep
only the fact, as new answers are recorded (no actor, the network as target, the month's first
moment)."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.db import migrations

LONDON = ZoneInfo("Europe/London")


def forget_who_answered(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    for entry in AuditEntry.objects.filter(action="workforce.answer_pulse").iterator():
        month = entry.at.astimezone(LONDON).date().replace(day=1)
        entry.actor = None
        entry.at = datetime.combine(month, time.min, tzinfo=LONDON)
        entry.target_type = "networks.network"
        entry.target_id = str(entry.network_id)
        entry.after = {"answered": True}
        entry.before = None
        entry.save(update_fields=["actor", "at", "target_type", "target_id", "after", "before"])


class Migration(migrations.Migration):
    dependencies = [("core", "0004_invitation_keeps_only_token_hash")]

    operations = [migrations.RunPython(forget_who_answered, migrations.RunPython.noop)]
