"""Requests to practices: sent with a reason and a due date, answered by each practice's manager."""

from django.db import transaction
from django.utils import timezone

from pcn.core import audit
from pcn.core.refusals import ActionRefused

from ..models import PracticeRequest, RequestAnswer
from .checks import own_practice, require_text


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
    own_practice(by, practice, "answer requests")
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
