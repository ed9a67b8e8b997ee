"""Dating the demo networks' activity across the past weeks, so its pages show what a network's weeks look
like (a request raised twelve days ago and answered nine days ago, one overdue) rather than
everything made at the moment the demo was built.

The demo is built through the actions, which stamp everything "now". Afterwards each activity
item, and the history entries about it, are moved to a moment relative to the day the demo is
built for (`today`, passed in), so the same build gives the same dates every time. Nothing is
moved after the moment the build made it.
"""

from datetime import datetime, time, timedelta

from django.db.models import Max
from django.utils import timezone

from . import audit
from .models import AuditEntry


def moment(today, days_ago, hour=10, minute=0):
    """`days_ago` days before `today`, at `hour` London time."""
    return on(today - timedelta(days=days_ago), hour, minute)


def on(day, hour=10, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def move(obj, when, *, actions=None, **fields):
    """Set `obj`'s timestamp `fields` (None: `when`) and the history entries about it (only
    those of `actions`, when given) to `when`, touching nothing else. Never later than the build
    made them: the demo's activity moves into the past, not past the build's own moment."""
    entries = AuditEntry.objects.filter(target_type=audit.target_type(obj), target_id=str(obj.pk))
    if actions is not None:
        entries = entries.filter(action__in=actions)
    made = [getattr(obj, name) for name in fields]
    made.append(entries.aggregate(latest=Max("at"))["latest"])
    made = [stamp for stamp in made if isinstance(stamp, datetime)]
    if made:
        when = min(when, *made)
    values = {name: when if value is None else value for name, value in fields.items()}
    if values:
        type(obj).objects.filter(pk=obj.pk).update(**values)
        for name, value in values.items():
            setattr(obj, name, value)
    entries.update(at=when)
