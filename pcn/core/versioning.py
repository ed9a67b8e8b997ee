"""Optimistic concurrency: an edit names the version it started from; a stale one is refused.

Versions come back from pages as text (a hidden field, a button's form); `read_version` is the
one place that text becomes a version, so "abc", "1.5" or a twenty-digit number from a tampered
or truncated form is refused as a stale edit rather than failing the page."""

import re

from django import forms
from django.db import models

from .refusals import StaleEdit

# A version is a positive whole number that fits the column (a 32-bit integer on every database).
LARGEST = 2**31 - 1
DIGITS = re.compile(r"[0-9]{1,10}")


def read_version(value):
    """The version `value` (an int, or text from a form) names, or None if it names none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not DIGITS.fullmatch(text):
            return None
        number = int(text)
    return number if 1 <= number <= LARGEST else None


class VersionField(forms.IntegerField):
    """The hidden field carrying the version an edit started from."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST)
        kwargs.setdefault(
            "error_messages",
            {
                "required": "This page is out of date: open it again and make your change.",
                "invalid": "This page is out of date: open it again and make your change.",
                "min_value": "This page is out of date: open it again and make your change.",
                "max_value": "This page is out of date: open it again and make your change.",
            },
        )
        super().__init__(**kwargs)


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def bump_version(self, expected):
        """Move to the next version if `expected` (a version, or the text of one) is the stored
        one; otherwise raise StaleEdit.

        The conditional UPDATE is the check, so two concurrent saves cannot both pass.
        """
        expected = read_version(expected)
        if expected is None:
            raise StaleEdit(self)
        updated = (
            type(self)
            .objects.filter(pk=self.pk, version=expected)
            .update(version=models.F("version") + 1)
        )
        if not updated:
            raise StaleEdit(self)
        self.version = expected + 1
