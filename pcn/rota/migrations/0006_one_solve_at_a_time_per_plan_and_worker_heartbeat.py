from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

ACTIVE = ["queued", "running"]


def fail_duplicate_solves(apps, schema_editor):
    """Before one solve at a time is enforced: where requests that arrived together queued
    several runs for one plan, the earliest stays and the others are failed."""
    SolveRun = apps.get_model("rota", "SolveRun")
    kept = set()
    for run in SolveRun.objects.filter(status__in=ACTIVE).order_by("plan_id", "queued_at", "pk"):
        if run.plan_id in kept:
            SolveRun.objects.filter(pk=run.pk).update(
                status="failed",
                message="Another run of this rota was already queued, so this one never ran.",
                finished_at=timezone.now(),
            )
        kept.add(run.plan_id)


class Migration(migrations.Migration):
    dependencies = [
        ("rota", "0005_calendar_feed_keeps_only_token_hash"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="solverun",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fail_duplicate_solves, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="solverun",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ACTIVE)),
                fields=("plan",),
                name="one_solve_at_a_time_per_plan",
            ),
        ),
    ]
