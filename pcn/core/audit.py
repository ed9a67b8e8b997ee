"""Every action writes one audit entry per record it changes, inside its own transaction."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone

from .models import AuditEntry


def snapshot(obj, fields):
    """A JSON-safe picture of `fields` of `obj`, for an audit entry's before or after."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def target_type(obj_or_model):
    meta = obj_or_model._meta
    return f"{meta.app_label}.{meta.model_name}"


def record(*, by, action, target, network=None, before=None, after=None, label=None, at=None):
    """`at` is now unless given: an anonymous entry (a pulse answer) gives a coarser moment."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit entries are written inside the action's transaction")
    return AuditEntry.objects.create(
        at=at or timezone.now(),
        actor=by,
        network=network,
        action=action,
        target_type=target_type(target),
        # An unsaved target is a record that does not exist (a sign-in to no account).
        target_id="" if target.pk is None else str(target.pk),
        target_label=(label or str(target))[:300],
        before=before,
        after=after,
    )


def history(obj):
    """Audit entries of one record, newest first."""
    return AuditEntry.objects.filter(
        target_type=target_type(obj), target_id=str(obj.pk)
    ).select_related("actor")


# Who may read an entry in History. An entry says what a page says (a salary, a leaver's note,
# a register field), so it is shown only to someone who may open the page that shows the thing
# changed: each action names the permission (on the network) guarding that page, and any field
# shown on a page guarded by another permission names that one. Each app registers its own
# actions in its rules.py, beside its other permissions. An action nobody registered is shown to
# nobody; what a viewer may not see is left out entirely, never hinted at.
# Each registration also says how the entry reads to a person (pcn/core/history_words.py): the
# action's name ("Approved leave"), labels for fields whose model field says too little, and
# formats for values the model can't tell us (money kept in a JSON list). An entry whose actor
# must never be named (an anonymous concern) is `anonymous`; an entry the service wrote itself
# (a solved rota) is `automatic`.
@dataclass(frozen=True)
class Guard:
    permission: str | None  # None: the entry is kept for the record and shown to no one
    fields: dict = field(default_factory=dict)  # {field: permission} guarded differently
    name: object = None  # "Approved leave", or a function of the entry giving one
    labels: dict = field(default_factory=dict)  # {field: "Label"} beyond the model's own
    formats: dict = field(default_factory=dict)  # {field: "money" | "date" | "text" | ...}
    anonymous: bool = False
    automatic: bool = False


_GUARDS = {}


def shown_to(
    permission,
    *actions,
    fields=None,
    names=None,
    labels=None,
    formats=None,
    anonymous=False,
    automatic=(),
):
    """Entries of `actions` are read by those with `permission` on the network; `names` gives
    each action its name in History, `labels` and `formats` say how their fields read."""
    names = dict(names or {})
    for action in actions:
        _GUARDS[action] = Guard(
            permission,
            dict(fields or {}),
            name=names.get(action),
            labels=dict(labels or {}),
            formats=dict(formats or {}),
            anonymous=anonymous,
            automatic=action in automatic,
        )


def shown_to_no_one(*actions):
    shown_to(None, *actions)


def guard_of(action):
    return _GUARDS.get(action)


def guarded_actions():
    return dict(_GUARDS)


@dataclass(frozen=True)
class Visible:
    """An audit entry as one viewer may read it: only the changes they may see."""

    entry: AuditEntry
    changes: list


class Reader:
    """What one person may read of a network's audit entries (permissions asked once each)."""

    def __init__(self, user, network):
        self.user, self.network, self._perms = user, network, {}

    def may(self, permission):
        if permission is None:
            return False
        if permission not in self._perms:
            self._perms[permission] = self.user.has_perm(permission, self.network)
        return self._perms[permission]

    def actions(self):
        """The actions whose entries this person may read at all."""
        return [action for action, guard in _GUARDS.items() if self.may(guard.permission)]

    def read(self, entry):
        """The entry with only the changes this person may see; None if none of it."""
        guard = _GUARDS.get(entry.action)
        if guard is None or not self.may(guard.permission):
            return None
        changes = entry.changes()
        shown = [c for c in changes if self.may(guard.fields.get(c[0], guard.permission))]
        if changes and not shown:
            return None
        return Visible(entry, shown)
