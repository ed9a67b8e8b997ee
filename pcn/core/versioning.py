"""Optimistic concurrency: an edit names the version it started from; a stale one is refused."""

from django.db import models


class StaleEdit(Exception):
    def __init__(self, obj):
        super().__init__(
            f"{obj} was changed by someone else while you were editing it. "
            "Your changes were not saved: review the current values and try again."
        )


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def bump_version(self, expected):
        """Move to the next version if `expected` is the stored one; otherwise raise StaleEdit.

        The conditional UPDATE is the check, so two concurrent saves cannot both pass.
        """
        updated = (
            type(self)
            .objects.filter(pk=self.pk, version=expected)
            .update(version=models.F("version") + 1)
        )
        if not updated:
            raise StaleEdit(self)
        self.version = expected + 1
