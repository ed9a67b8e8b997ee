"""API tokens get an expiry date; invitations get a column for their token's hash. Both start
empty: the next migration fills them, and the one after makes them required."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name="invitation",
            name="token_hash",
            field=models.CharField(max_length=64, null=True),
        ),
    ]
