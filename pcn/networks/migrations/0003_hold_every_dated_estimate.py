"""Networks set up before populations were dated held only the latest estimate per basis (and no
registered estimate beside the NHS list). Add every dated estimate the reference data holds, so
each year's entitlement can use the figures at 1 January before it. Figures already held stay."""

from django.db import migrations


def add_dated_estimates(apps, schema_editor):
    Practice = apps.get_model("networks", "Practice")
    PracticePopulation = apps.get_model("networks", "PracticePopulation")
    PopulationEstimate = apps.get_model("reference", "PopulationEstimate")
    practices = {}
    for practice in Practice.objects.all():
        practices.setdefault(practice.ods_code.upper(), []).append(practice)
    if not practices:
        return
    held = set(
        PracticePopulation.objects.filter(kind="estimate").values_list(
            "practice_id", "basis", "as_at"
        )
    )
    new = []
    for estimate in PopulationEstimate.objects.filter(practice_code__in=list(practices)):
        for practice in practices[estimate.practice_code.upper()]:
            if (practice.pk, estimate.basis, estimate.as_at) in held:
                continue
            new.append(
                PracticePopulation(
                    practice=practice,
                    basis=estimate.basis,
                    kind="estimate",
                    value=estimate.value,
                    as_at=estimate.as_at,
                    source=estimate.source,
                )
            )
    PracticePopulation.objects.bulk_create(new, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0002_dated_populations_and_joined_on"),
        ("reference", "0004_role_maximum"),
    ]

    operations = [migrations.RunPython(add_dated_estimates, migrations.RunPython.noop)]
