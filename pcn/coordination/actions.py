"""Every write in coordination. Keyword-only arguments, the acting user as `by`, one
transaction each, with its audit entries written in that transaction."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pcn.core import audit
from pcn.core.actions import ActionRefused
from pcn.core.roles import managed_practice_ids
from pcn.core.versioning import StaleEdit

from . import matrix
from .models import (
    ActionItem,
    AgendaItem,
    Announcement,
    Concern,
    Decision,
    DigestPreference,
    MatrixAnswer,
    MatrixVersion,
    Meeting,
    PracticeRequest,
    RequestAnswer,
)

ACTION_FIELDS = ["description", "owner", "due", "status"]


def _require_text(value, message, field):
    value = (value or "").strip()
    if not value:
        raise ActionRefused(message, field=field)
    return value


def _members_only(network, users, field):
    member_ids = set(network.memberships.values_list("user_id", flat=True))
    strangers = [u for u in users if u.pk not in member_ids]
    if strangers:
        raise ActionRefused(
            f"{', '.join(str(u) for u in strangers)} is not a member of {network.name}.",
            field=field,
        )


def _own_practice(by, practice, what):
    """A practice manager acts for their own practice only."""
    if practice.pk not in managed_practice_ids(by, practice.network_id):
        raise ActionRefused(
            f"You can only {what} for the practice you manage, not for {practice.name}.",
            field="practice",
        )


# The responsibility matrix ---------------------------------------------------------------


@transaction.atomic
def propose_matrix(*, network, rows, note="", by):
    """A new version for every practice to agree. An earlier proposal nobody finished agreeing
    is replaced; the agreed version stays in force until this one is agreed."""
    rows = [{"activity": r["activity"].strip(), "cells": dict(r["cells"])} for r in rows]
    found = matrix.problems(rows)
    if found:
        raise ActionRefused(" ".join(found), field="rows")
    latest = network.matrix_versions.exclude(status=MatrixVersion.Status.WITHDRAWN).first()
    if latest is not None and latest.rows == rows:
        raise ActionRefused(
            f"This is the same as version {latest.number}: change something before proposing it."
        )
    for open_proposal in network.matrix_versions.filter(status=MatrixVersion.Status.PROPOSED):
        open_proposal.status = MatrixVersion.Status.WITHDRAWN
        open_proposal.save(update_fields=["status"])
        audit.record(
            by=by,
            action="coordination.withdraw_matrix",
            target=open_proposal,
            network=network,
            before={"status": "proposed"},
            after={"status": "withdrawn"},
        )
    number = (network.matrix_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = MatrixVersion.objects.create(
        network=network, number=number, rows=rows, note=note.strip(), proposed_by=by
    )
    audit.record(
        by=by,
        action="coordination.propose_matrix",
        target=version,
        network=network,
        after={"number": number, "rows": rows, "note": version.note},
    )
    return version


@transaction.atomic
def answer_matrix(*, version, practice, agrees, comment="", by):
    version = MatrixVersion.objects.select_for_update().get(pk=version.pk)
    if practice.network_id != version.network_id:
        raise ActionRefused("That practice is not in this network.", field="practice")
    _own_practice(by, practice, "answer")
    if version.status != MatrixVersion.Status.PROPOSED:
        raise ActionRefused(
            f"Version {version.number} is {version.get_status_display().lower()}: "
            "only a proposed version can be agreed or objected to."
        )
    comment = (comment or "").strip()
    if not agrees and not comment:
        raise ActionRefused(
            "Say what you object to, so the PCN manager can change it.", field="comment"
        )
    existing = version.answers.filter(practice=practice).first()
    before = audit.snapshot(existing, ["agrees", "comment"]) if existing else None
    answer, _ = MatrixAnswer.objects.update_or_create(
        version=version,
        practice=practice,
        defaults={
            "agrees": agrees,
            "comment": comment,
            "answered_by": by,
            "answered_at": timezone.now(),
        },
    )
    audit.record(
        by=by,
        action="coordination.answer_matrix",
        target=answer,
        network=version.network,
        label=f"{practice.name} {'agrees to' if agrees else 'objects to'} {version}",
        before=before,
        after=audit.snapshot(answer, ["agrees", "comment"]),
    )
    practices = set(version.network.practices.values_list("pk", flat=True))
    agreed = set(version.answers.filter(agrees=True).values_list("practice_id", flat=True))
    if practices <= agreed:
        _agree(version, by)
    return answer


def _agree(version, by):
    """Every practice agreed: this version is in force; the one before is kept, superseded."""
    for previous in version.network.matrix_versions.filter(status=MatrixVersion.Status.AGREED):
        previous.status = MatrixVersion.Status.SUPERSEDED
        previous.save(update_fields=["status"])
    version.status, version.agreed_at = MatrixVersion.Status.AGREED, timezone.now()
    version.save(update_fields=["status", "agreed_at"])
    audit.record(
        by=by,
        action="coordination.matrix_agreed",
        target=version,
        network=version.network,
        before={"status": "proposed"},
        after={"status": "agreed"},
    )


# Requests to practices -------------------------------------------------------------------


@transaction.atomic
def send_request(*, network, title, reason, due, practices, by, today=None):
    """Ask some or all practices for something by a date. `today` is the day it is sent."""
    today = today or timezone.localdate()
    title = _require_text(title, "Say what is needed.", "title")
    reason = _require_text(
        reason, "Say why it is needed: practices act sooner on a reason.", "reason"
    )
    if due is None:
        raise ActionRefused("Enter the date it is needed by.", field="due")
    if due < today:
        raise ActionRefused(
            f"The date it is needed by, {due:%-d %B %Y}, has passed. Choose today or a later date.",
            field="due",
        )
    practices = list(practices)
    if not practices:
        raise ActionRefused("Choose at least one practice to ask.", field="practices")
    if any(p.network_id != network.pk for p in practices):
        raise ActionRefused("Every practice asked must be in this network.", field="practices")
    sent = PracticeRequest.objects.create(
        network=network, title=title, reason=reason.strip(), due=due, sent_by=by
    )
    if today != timezone.localdate():
        PracticeRequest.objects.filter(pk=sent.pk).update(sent_at=_noon(today))
    RequestAnswer.objects.bulk_create(RequestAnswer(request=sent, practice=p) for p in practices)
    audit.record(
        by=by,
        action="coordination.send_request",
        target=sent,
        network=network,
        after={
            "title": title,
            "reason": sent.reason,
            "due": due.isoformat(),
            "practices": sorted(p.ods_code for p in practices),
        },
    )
    return sent


def _noon(day):
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 12))


@transaction.atomic
def answer_request(*, request, practice, status, note="", version, by):
    if practice.network_id != request.network_id:
        raise ActionRefused("That practice is not in this network.", field="practice")
    _own_practice(by, practice, "answer requests")
    answer = request.answers.filter(practice=practice).first()
    if answer is None:
        raise ActionRefused(f"This request was not sent to {practice.name}.", field="practice")
    if status not in (
        RequestAnswer.Status.ACKNOWLEDGED,
        RequestAnswer.Status.DONE,
        RequestAnswer.Status.CANNOT,
    ):
        raise ActionRefused("Choose done, acknowledged or cannot do.", field="status")
    note = (note or "").strip()
    if status == RequestAnswer.Status.CANNOT and not note:
        raise ActionRefused(
            "Say why the practice cannot do it, so the PCN manager can help.", field="note"
        )
    before = audit.snapshot(answer, ["status", "note"])
    answer.bump_version(version)
    answer.status, answer.note = status, note
    answer.answered_by, answer.answered_at = by, timezone.now()
    answer.save(update_fields=["status", "note", "answered_by", "answered_at"])
    audit.record(
        by=by,
        action="coordination.answer_request",
        target=answer,
        network=request.network,
        label=f"{practice.name}: {request.title}",
        before=before,
        after=audit.snapshot(answer, ["status", "note"]),
    )
    return answer


# Meetings, decisions and actions ---------------------------------------------------------


@transaction.atomic
def create_meeting(*, network, kind, title, held_on, agenda=(), attendees=(), by):
    title = _require_text(title, "Give the meeting a title.", "title")
    if kind not in Meeting.Kind.values:
        raise ActionRefused("Choose a board or practice managers' meeting.", field="kind")
    if held_on is None:
        raise ActionRefused("Enter the date of the meeting.", field="held_on")
    attendees = list(attendees)
    _members_only(network, attendees, "attendees")
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
    title = _require_text(title, "Say what the agenda item is.", "title")
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
    text = _require_text(text, "Say what was decided.", "text")
    agreed_by = list(agreed_by)
    if not agreed_by:
        raise ActionRefused("Choose who agreed the decision.", field="agreed_by")
    _members_only(meeting.network, agreed_by, "agreed_by")
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
    description = _require_text(description, "Say what will be done.", "description")
    if owner is None:
        raise ActionRefused(
            "Choose who owns this action: an action without an owner is not done.", field="owner"
        )
    _members_only(network, [owner], "owner")
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


# Concerns --------------------------------------------------------------------------------


@transaction.atomic
def raise_concern(*, network, subject, detail, by):
    subject = _require_text(subject, "Give the concern a short subject.", "subject")
    detail = _require_text(detail, "Say what concerns you.", "detail")
    concern = Concern.objects.create(network=network, subject=subject, detail=detail, raised_by=by)
    audit.record(
        by=by,
        action="coordination.raise_concern",
        target=concern,
        network=network,
        after={"subject": subject, "detail": detail},
    )
    return concern


@transaction.atomic
def put_concern_on_agenda(*, concern, meeting, by):
    if meeting.network_id != concern.network_id:
        raise ActionRefused("That meeting is not in this network.", field="meeting")
    if concern.status == Concern.Status.ANSWERED:
        raise ActionRefused("This concern has had its response already.")
    item = add_agenda_item(
        meeting=meeting, title=f"Concern: {concern.subject}", concern=concern, by=by
    )
    concern.status = Concern.Status.ON_AGENDA
    concern.save(update_fields=["status"])
    audit.record(
        by=by,
        action="coordination.concern_on_agenda",
        target=concern,
        network=concern.network,
        before={"status": "open"},
        after={"status": "on_agenda", "meeting": str(meeting)},
    )
    return item


@transaction.atomic
def respond_to_concern(*, concern, response, by):
    response = _require_text(response, "Write the response to the concern.", "response")
    before = audit.snapshot(concern, ["status", "response"])
    concern.status, concern.response = Concern.Status.ANSWERED, response
    concern.responded_by, concern.responded_at = by, timezone.now()
    concern.save(update_fields=["status", "response", "responded_by", "responded_at"])
    audit.record(
        by=by,
        action="coordination.respond_concern",
        target=concern,
        network=concern.network,
        before=before,
        after=audit.snapshot(concern, ["status", "response"]),
    )
    return concern


# Keeping everyone informed ---------------------------------------------------------------


@transaction.atomic
def announce(*, network, title, body, by):
    title = _require_text(title, "Give the announcement a title.", "title")
    body = _require_text(body, "Write the announcement.", "body")
    announcement = Announcement.objects.create(
        network=network, title=title, body=body, posted_by=by
    )
    audit.record(
        by=by,
        action="coordination.announce",
        target=announcement,
        network=network,
        after={"title": title, "body": body},
    )
    return announcement


@transaction.atomic
def set_digest(*, user, network, subscribed, by):
    preference, _ = DigestPreference.objects.get_or_create(user=user, network=network)
    before = {"subscribed": preference.subscribed}
    preference.subscribed = subscribed
    preference.save(update_fields=["subscribed"])
    audit.record(
        by=by,
        action="coordination.subscribe_digest" if subscribed else "coordination.unsubscribe_digest",
        target=preference,
        network=network,
        before=before,
        after={"subscribed": subscribed},
    )
    return preference


@transaction.atomic
def record_digest_sent(*, user, network, at, by=None):
    preference, _ = DigestPreference.objects.get_or_create(user=user, network=network)
    before = audit.snapshot(preference, ["last_sent_at"])
    preference.last_sent_at = at
    preference.save(update_fields=["last_sent_at"])
    audit.record(
        by=by,
        action="coordination.send_digest",
        target=preference,
        network=network,
        label=f"Weekly digest to {user}",
        before=before,
        after=audit.snapshot(preference, ["last_sent_at"]),
    )
    return preference


__all__ = ["ActionRefused", "StaleEdit"]
