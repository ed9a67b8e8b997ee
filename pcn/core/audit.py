"""Every action writes one audit entry per record it changes, inside its own transaction."""

from datetime import date, datetime
from decimal import Decimal

from django.db import models, transaction

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


def record(*, by, action, target, network=None, before=None, after=None, label=None):
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit entries are written inside the action's transaction")
    return AuditEntry.objects.create(
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
