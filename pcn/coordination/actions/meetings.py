"""Meetings, their agendas, the decisions recorded and the actions agreed."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pcn.core import audit, limits
from pcn.core.refusals import ActionRefused

from ..models import ActionItem, AgendaItem, Decision, Meeting
from .checks import members_only, require_text

ACTION_FIELDS = ["description", "owner", "due", "status"]


@transaction.atomic
def create_meeting(*, network, kind, title, held_on, agenda=(), attendees=(), by):
    title = require_text(title, "Give the meeting a title.", "title")
    if kind not in Meeting.Kind.values:
        raise ActionRefused("Choose a board or practice managers' meeting.", field="kind")
    if held_on is None:
        raise ActionRefused("Enter the date of the meeting.", field="held_on")
    attendees = list(attendees)
    members_only(network, attendees, "attendees")
    meeting = Meeting.objects.create(
        network=network, kind=kind, title=title, held_on=held_on, created_by=by
    )
    meeting.attendees.set(attendees)
    items = [item.strip() for item in agenda if item.strip()]
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, title=item, position=i) for i, item in enumerate(items, 1)
    )
    audit.record(
        by=by,
        action="coordination.create_meeting",
        target=meeting,
        network=network,
        after={
            "kind": kind,
            "title": title,
            "held_on": held_on.isoformat(),
            "agenda": items,
            "attendees": sorted(str(u) for u in attendees),
        },
    )
    return meeting


@transaction.atomic
def add_agenda_item(*, meeting, title, concern=None, by):
    title = require_text(title, "Say what the agenda item is.", "title")
    limits.check_length(
        title, AgendaItem._meta.get_field("title").max_length, "An agenda item", "title"
    )
    if concern is not None and concern.network_id != meeting.network_id:
        raise ActionRefused("That concern is not in this network.")
    position = (meeting.agenda.aggregate(p=Max("position"))["p"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting, title=title, position=position, concern=concern
    )
    audit.record(
        by=by,
        action="coordination.add_agenda_item",
        target=item,
        network=meeting.network,
        after={"meeting": str(meeting), "title": title},
    )
    return item


@transaction.atomic
def record_decision(*, meeting, text, agreed_by, by):
    text = require_text(text, "Say what was decided.", "text")
    agreed_by = list(agreed_by)
    if not agreed_by:
        raise ActionRefused("Choose who agreed the decision.", field="agreed_by")
    members_only(meeting.network, agreed_by, "agreed_by")
    decision = Decision.objects.create(
        network=meeting.network, meeting=meeting, text=text, recorded_by=by
    )
    decision.agreed_by.set(agreed_by)
    audit.record(
        by=by,
        action="coordination.record_decision",
        target=decision,
        network=meeting.network,
        after={
            "meeting": str(meeting),
            "text": text,
            "agreed_by": sorted(str(u) for u in agreed_by),
        },
    )
    return decision


@transaction.atomic
def add_action(*, network, description, owner, due, meeting=None, by, today=None):
    today = today or timezone.localdate()
    description = require_text(description, "Say what will be done.", "description")
    if owner is None:
        raise ActionRefused(
            "Choose who owns this action: an action without an owner is not done.", field="owner"
        )
    members_only(network, [owner], "owner")
    if due is None:
        raise ActionRefused("Enter the date it is due by.", field="due")
    if due < today:
        raise ActionRefused(
            f"The due date, {due:%-d %B %Y}, has passed. Choose today or a later date.",
            field="due",
        )
    if meeting is not None and meeting.network_id != network.pk:
        raise ActionRefused("That meeting is not in this network.")
    item = ActionItem.objects.create(
        network=network,
        meeting=meeting,
        description=description,
        owner=owner,
        due=due,
        created_by=by,
    )
    audit.record(
        by=by,
        action="coordination.add_action",
        target=item,
        network=network,
        after=audit.snapshot(item, ACTION_FIELDS),
    )
    return item


@transaction.atomic
def update_action(*, item, status, version, by):
    if status not in ActionItem.Status.values:
        raise ActionRefused("Choose not started, in progress or done.", field="status")
    before = audit.snapshot(item, ACTION_FIELDS)
    item.bump_version(version)
    item.status = status
    item.save(update_fields=["status"])
    audit.record(
        by=by,
        action="coordination.update_action",
        target=item,
        network=item.network,
        before=before,
        after=audit.snapshot(item, ACTION_FIELDS),
    )
    return item
