"""Invitations keep only their token's hash; every API token has an expiry date."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_hash_invitation_tokens_and_date_api_tokens"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="invitation",
            name="token",
        ),
        migrations.AlterField(
            model_name="invitation",
            name="token_hash",
            field=models.CharField(max_length=64, unique=True),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
    ]
