"""Every write about who does what, requests to practices, announcements and the digest
(meetings and concerns: meeting_actions.py). Keyword-only arguments, the acting user as `by`, one
transaction each, with its audit entries written in that transaction."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pcn.core import audit
from pcn.core.actions import ActionRefused
from pcn.core.roles import managed_practice_ids

from . import matrix
from .models import (
    Announcement,
    DigestPreference,
    MatrixAnswer,
    MatrixVersion,
    PracticeRequest,
    RequestAnswer,
)


def require_text(value, message, field):
    value = (value or "").strip()
    if not value:
        raise ActionRefused(message, field=field)
    return value


def members_only(network, users, field):
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
    title = require_text(title, "Say what is needed.", "title")
    reason = require_text(
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


# Keeping everyone informed ---------------------------------------------------------------


@transaction.atomic
def announce(*, network, title, body, by):
    title = require_text(title, "Give the announcement a title.", "title")
    body = require_text(body, "Write the announcement.", "body")
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
