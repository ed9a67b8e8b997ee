"""Who does what: proposing a version of the responsibility matrix and the practices' answers to it; agreed when every practice agrees, or by the clinical director without some, with a reason."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pcn.core import agreement, audit
from pcn.core.refusals import ActionRefused

from .. import matrix
from ..models import MatrixAnswer, MatrixVersion
from .checks import own_practice


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
    own_practice(by, practice, "answer")
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


def matrix_holdouts(version):
    """The practices that have not agreed the version: not answered, or objected."""
    answers = {a.practice_id: (a.agrees, a.comment) for a in version.answers.all()}
    return agreement.holdouts(version.network.practices.all(), answers)


@transaction.atomic
def agree_matrix(*, version, by, confirmed=None, reason=""):
    """The clinical director puts a proposed version in force for the network before every
    practice has agreed: only with `confirmed` (the ODS codes of exactly the practices that have
    not, as the person was shown them) and a reason, kept with the version."""
    version = MatrixVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != MatrixVersion.Status.PROPOSED:
        raise ActionRefused(
            f"Version {version.number} is {version.get_status_display().lower()}: "
            "only a proposed version can be agreed."
        )
    found = matrix_holdouts(version)
    reason = agreement.check(found, confirmed=confirmed, reason=reason)
    _agree(version, by, found=found, reason=reason)
    return version


def _agree(version, by, *, found=(), reason=""):
    """This version is in force; the one before is kept, superseded. `found`: the practices it
    was agreed without (none when every practice agreed)."""
    for previous in version.network.matrix_versions.filter(status=MatrixVersion.Status.AGREED):
        previous.status = MatrixVersion.Status.SUPERSEDED
        previous.save(update_fields=["status"])
    version.status, version.agreed_at = MatrixVersion.Status.AGREED, timezone.now()
    version.agreed_by = by
    version.agreed_without = [h.as_json() for h in found]
    version.agreed_reason = reason
    version.save(
        update_fields=["status", "agreed_at", "agreed_by", "agreed_without", "agreed_reason"]
    )
    after = {"status": "agreed"}
    if found:
        after |= {"agreed without": agreement.describe(found), "because": reason}
    audit.record(
        by=by,
        action="coordination.agree_matrix" if found else "coordination.matrix_agreed",
        target=version,
        network=version.network,
        before={"status": "proposed"},
        after=after,
    )
