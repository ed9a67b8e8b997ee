"""Optimistic concurrency: an edit names the version it started from; a stale one is refused."""

from django.db import models

from .refusals import StaleEdit


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
