"""Concerns raised with the PCN manager: put on a meeting's agenda, and responded to."""

from django.db import transaction
from django.utils import timezone

from pcn.core import audit, limits
from pcn.core.refusals import ActionRefused

from .. import anonymity
from ..models import Concern
from . import meetings
from .checks import require_text


@transaction.atomic
def raise_concern(*, network, subject, detail, by, anonymous=False):
    subject = require_text(subject, "Give the concern a short subject.", "subject")
    detail = require_text(detail, "Say what concerns you.", "detail")
    limits.check_length(subject, limits.NAME, "The subject", "subject")
    limits.check_length(detail, limits.NOTE, "The concern", "detail")
    if not anonymous:
        concern = Concern.objects.create(
            network=network, subject=subject, detail=detail, raised_by=by
        )
        audit.record(
            by=by,
            action="coordination.raise_concern",
            target=concern,
            network=network,
            after={"subject": subject, "detail": detail},
        )
        return concern
    # Decision 25: neither the concern nor its audit entry says who raised it or exactly when;
    # only the raiser, signed in, is recognised by the key.
    day = anonymity.day_start()
    concern = Concern.objects.create(
        network=network,
        subject=subject,
        detail=detail,
        anonymous=True,
        raiser_key=anonymity.key_for(by),
        raised_at=day,
    )
    audit.record(
        by=None,
        action="coordination.raise_concern",
        target=concern,
        network=network,
        label=f"{subject} (anonymous)",
        after={"subject": subject, "detail": detail, "anonymous": True},
        at=day,
    )
    return concern


@transaction.atomic
def put_concern_on_agenda(*, concern, meeting, by):
    if meeting.network_id != concern.network_id:
        raise ActionRefused("That meeting is not in this network.", field="meeting")
    if concern.status == Concern.Status.ANSWERED:
        raise ActionRefused("This concern has had its response already.")
    item = meetings.add_agenda_item(
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
    response = require_text(response, "Write the response to the concern.", "response")
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
