"""An audit entry in words for History: who did what ("Priya Shah approved leave"), each change
under its field's label, and each value as a person writes it (£1,234.56, Mon 7 Dec 2026, Yes,
a choice's label, a short list). Labels and formats come from the record's model field, then
from what the action's app registered with `audit.shown_to`, then from the snapshot's key.

Nothing here queries the database: a snapshot already names a foreign key's record, so a page
of entries costs no more queries than fetching it."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from . import audit

ANONYMOUS = "Someone (anonymous)"
THE_SERVICE = "PCN Commons"
SHORT = 140  # characters of a value shown before "Show all"
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
ISO_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+([+-][0-9:]+|Z)?")

MONEY, MONTH, DATE, DATETIME, TEXT = "money", "month", "date", "datetime", "text"


@dataclass(frozen=True)
class Value:
    text: str  # what the page shows
    full: str = ""  # the whole of it when `text` is cut short

    def __str__(self):
        return self.text


@dataclass(frozen=True)
class Change:
    label: str
    before: Value
    after: Value


@dataclass(frozen=True)
class Told:
    """One entry as a person reads it."""

    entry: object
    who: str
    what: str  # "Approved leave"
    changes: list

    @property
    def new(self):
        """A record made by this entry: its values have no "before"."""
        return self.entry.before is None and self.entry.after is not None

    @property
    def when(self):
        moment = timezone.localtime(self.entry.at)
        return f"{day_name(moment.date())} at {moment:%H:%M}"

    @property
    def sentence(self):
        return f"{self.who} {_lower_first(self.what)}"


def told(visible):
    """An `audit.Visible` in words."""
    entry = visible.entry
    guard = audit.guard_of(entry.action) or audit.Guard(None)
    model = _model(entry.target_type)
    return Told(
        entry=entry,
        who=who(entry, guard),
        what=action_name(entry, guard),
        changes=[
            Change(
                label(name, model, guard),
                value(before, *_how(name, model, guard)),
                value(after, *_how(name, model, guard)),
            )
            for name, before, after in visible.changes
        ],
    )


def who(entry, guard):
    """Never the person behind an anonymous entry (its action's or its own say-so, as an
    anonymous concern's `"anonymous": True`); an entry with no one behind it is the service's
    own work only when its action says so."""
    if guard.anonymous or (isinstance(entry.after, dict) and entry.after.get("anonymous") is True):
        return ANONYMOUS
    if entry.actor is None:
        return THE_SERVICE if guard.automatic else ANONYMOUS
    return entry.actor.full_name or entry.actor.email


def action_name(entry, guard):
    name = guard.name
    if callable(name):
        name = name(entry)
    return name or capfirst(entry.action.split(".")[-1].replace("_", " "))


def label(name, model, guard):
    if name in guard.labels:
        return guard.labels[name]
    field = _field(model, name)
    if field is not None:
        return capfirst(str(field.verbose_name))
    return _key(name)


def value(raw, kind=None, choices=None):
    """A snapshot's value as a person reads it, cut short past SHORT characters."""
    full = _words(raw, kind, choices or {})
    if len(full) <= SHORT:
        return Value(full)
    return Value(full[: SHORT - 1].rstrip(" ,;:") + "…", full)


def _how(name, model, guard):
    """(kind, choices) for a field: what its app registered, else what its model field is."""
    kind = guard.formats.get(name, guard.formats.get("*"))
    field = _field(model, name)
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    if kind is None and field is not None:
        if isinstance(field, models.BooleanField):
            kind = None  # booleans say Yes/No whatever their field
        elif isinstance(field, models.DecimalField):
            kind = MONEY if _is_money(field) else None
        elif isinstance(field, models.DateTimeField):
            kind = DATETIME
        elif isinstance(field, models.DateField):
            kind = DATE
    return kind, {str(k): str(v) for k, v in choices.items()}


def _is_money(field):
    # Pounds and pence in the money app; a rate (3 places) or a WTE elsewhere is a number.
    return field.model._meta.app_label == "money" and field.decimal_places == 2


def _part(key, raw, kind, choices):
    if isinstance(raw, dict) and raw:
        return f"{_key(key)} ({_words(raw, kind, choices, True)})"
    return f"{_key(key)}: {_words(raw, kind, choices, True)}"


def _words(raw, kind, choices, nested=False):
    if raw is None or raw == "" or raw == [] or raw == {}:
        return "Not set"
    if isinstance(raw, bool):
        return "Yes" if raw else "No"
    if isinstance(raw, dict):
        if not nested:  # "Tolerance: 1; Weights (Away from home 3, Extra site 20)"
            return "; ".join(_part(k, v, kind, choices) for k, v in raw.items())
        return ", ".join(f"{_key(k)} {_words(v, kind, choices, True)}" for k, v in raw.items())
    if isinstance(raw, list | tuple):
        parts = [_words(v, kind, choices, True) for v in raw]
        return ("; " if any(isinstance(v, dict) for v in raw) else ", ").join(parts)
    if str(raw) in choices:
        return choices[str(raw)]
    if kind == MONEY:
        return _pounds(raw)
    if kind == MONTH and isinstance(raw, str) and ISO_DATE.fullmatch(raw):
        try:
            return f"{date.fromisoformat(raw):%B %Y}"  # a month kept as its first day
        except ValueError:
            return raw
    if kind in (DATE, DATETIME) or isinstance(raw, str):
        moment = _moment(raw)
        if moment is not None:
            return moment
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        return f"{raw:,}"
    return str(raw)


def _pounds(raw):
    try:
        amount = Decimal(str(raw))
    except InvalidOperation:
        return str(raw)
    if not amount.is_finite():
        return str(raw)
    return f"-£{-amount:,.2f}" if amount < 0 else f"£{amount:,.2f}"


def _moment(raw):
    text = str(raw)
    if ISO_DATE.fullmatch(text):
        try:
            return day_name(date.fromisoformat(text))
        except ValueError:
            return None
    if ISO_DATETIME.fullmatch(text):
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return f"{day_name(moment.date())} at {moment:%H:%M}"
    return None


def day_name(day):
    """Mon 7 Dec 2026"""
    return f"{day:%a} {day.day} {day:%b %Y}"


ACRONYMS = {"arrs", "fte", "gp", "icb", "nhs", "ni", "ods", "pcn", "vat", "wte"}


def _key(key):
    key = str(key)
    if not (key.islower() or "_" in key):
        return key  # written for people already ("Jade Ahmed April 2026", "N82033")
    return capfirst(" ".join(w.upper() if w in ACRONYMS else w for w in key.split("_")))


def _lower_first(name):
    # "Approved leave" -> "approved leave"; "ARRS claim submitted" keeps its capitals.
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def _model(target_type):
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def _field(model, name):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if getattr(field, "concrete", False) else None
