"""Every write of the shared purpose. Keyword-only arguments, the acting user as `by`, one
transaction each, with its audit entries written in that transaction.

A draft goes to every practice; each practice manager agrees or objects (with a reason); then
the leadership agrees it. Agreeing while a practice has not answered or objects needs the
leadership to name those practices back (so they know whom they are overruling) and to give a
reason, and the agreed version keeps both."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from pcn.core import audit, limits
from pcn.core.models import Role
from pcn.core.refusals import ActionRefused
from pcn.core.roles import managed_practice_ids
from pcn.core.years import start_year

from . import models
from .models import Priority, PriorityTerms, ProgressUpdate, PurposeAnswer, PurposeVersion

Status = PurposeVersion.Status


@dataclass
class PriorityDraft:
    """One priority as a draft words it. `priority` is the one it carries on, None for new."""

    title: str
    owner: object  # a User
    measure: str
    target: Decimal | None = None
    unit: str = ""
    services: list = field(default_factory=list)
    priority: Priority | None = None


def _require(by, perm, obj, message):
    if not by.has_perm(perm, obj):
        raise ActionRefused(message)


def _check_owner(network, owner, title, field_name):
    """An owner works in the network (not an observer) and has not left."""
    roles = network.memberships.filter(user=owner).exclude(role=Role.OBSERVER)
    if owner is None or not owner.is_active or not roles.exists():
        raise ActionRefused(f"{title}: choose an owner who works in the network.", field=field_name)
    today = timezone.localdate()
    records = network.staff.filter(user=owner, is_draft=False)
    if records.exists() and not records.filter(Q(end_date__isnull=True) | Q(end_date__gte=today)):
        raise ActionRefused(
            f"{title}: {owner.full_name} has left the network; choose someone in post.",
            field=field_name,
        )


def _clean_priorities(network, priorities):
    if len(priorities) > models.MOST_PRIORITIES:
        raise ActionRefused(
            f"A year has at most {models.MOST_PRIORITIES} priorities (this draft has "
            f"{len(priorities)}): choose the few that matter most.",
            field="priorities",
        )
    cleaned, titles = [], set()
    for index, p in enumerate(priorities, start=1):
        prefix = f"p{index - 1}-"
        title = (p.title or "").strip()
        if not title:
            raise ActionRefused(f"Priority {index}: give it a title.", field=prefix + "title")
        limits.check_length(title, limits.NAME, f"Priority {index}'s title", prefix + "title")
        if title.lower() in titles:
            raise ActionRefused(f"{title} is listed twice.", field=prefix + "title")
        titles.add(title.lower())
        measure = (p.measure or "").strip()
        if not measure:
            raise ActionRefused(f"{title}: say what will show progress.", field=prefix + "measure")
        limits.check_length(measure, models.MEASURE, f"{title}'s measure", prefix + "measure")
        unit = (p.unit or "").strip()
        limits.check_length(unit, models.UNIT, f"{title}'s unit", prefix + "unit")
        if p.target is not None and (p.target < 0 or p.target >= Decimal("1e9")):
            raise ActionRefused(
                f"{title}: the target must be between 0 and 999,999,999.", field=prefix + "target"
            )
        if unit and p.target is None:
            raise ActionRefused(
                f"{title}: give a target figure for the unit {unit}, or leave the unit blank.",
                field=prefix + "target",
            )
        _check_owner(network, p.owner, title, prefix + "owner")
        if any(s.network_id != network.pk for s in p.services):
            raise ActionRefused(f"{title}: choose the network's own services.", prefix + "services")
        if p.priority is not None and p.priority.network_id != network.pk:
            raise ActionRefused(f"{title}: that priority is not this network's.")
        cleaned.append((p, title, measure, unit))
    return cleaned


def _same_as(version, statement, values, year, cleaned):
    if (version.statement, version.values, version.year) != (statement, values, year):
        return False
    terms = list(version.priorities.prefetch_related("services"))
    if len(terms) != len(cleaned):
        return False
    for t, (p, title, measure, unit) in zip(terms, cleaned, strict=True):
        if (t.priority_id, t.title, t.owner_id, t.measure, t.target, t.unit) != (
            p.priority.pk if p.priority else None,
            title,
            p.owner.pk,
            measure,
            p.target,
            unit,
        ) or {s.pk for s in t.services.all()} != {s.pk for s in p.services}:
            return False
    return True


def _terms_snapshot(version):
    return [
        {
            "title": t.title,
            "owner": t.owner.full_name,
            "measure": t.measure,
            "target": str(t.target) if t.target is not None else None,
            "unit": t.unit,
            "services": [s.name for s in t.services.all()],
        }
        for t in version.priorities.select_related("owner").prefetch_related("services")
    ]


@transaction.atomic
def draft(*, network, statement, values, year, priorities, note="", by):
    """A new version of the purpose, values and the year's priorities, asked of every practice.
    An earlier draft nobody agreed is replaced; the agreed version stays in force until this
    one is agreed."""
    _require(
        by,
        "purpose.draft_purpose",
        network,
        "Only the PCN manager or clinical director drafts the purpose.",
    )
    statement = (statement or "").strip()
    if not statement:
        raise ActionRefused("Write the network's purpose in a sentence or two.", field="statement")
    limits.check_length(statement, models.STATEMENT, "The purpose", "statement")
    values = [v.strip() for v in values if v and v.strip()]
    if len(values) > models.MOST_VALUES:
        raise ActionRefused(
            f"Keep to {models.MOST_VALUES} values or fewer (there are {len(values)}), one a line.",
            field="values",
        )
    for value in values:
        limits.check_length(value, models.VALUE, f"The value “{value[:30]}…”", "values")
    try:
        start_year(year)
    except ValueError as error:
        raise ActionRefused(str(error), field="year") from error
    note = (note or "").strip()
    limits.check_length(note, limits.NOTE, "The note", "note")
    cleaned = _clean_priorities(network, priorities)
    latest = network.purpose_versions.exclude(status=Status.WITHDRAWN).first()
    if latest is not None and _same_as(latest, statement, values, year, cleaned):
        raise ActionRefused(
            f"This is the same as version {latest.number}: change something before asking the "
            "practices."
        )
    for open_draft in network.purpose_versions.filter(status=Status.PROPOSED):
        open_draft.status = Status.WITHDRAWN
        open_draft.save(update_fields=["status"])
        audit.record(
            by=by,
            action="purpose.withdraw_purpose",
            target=open_draft,
            network=network,
            before={"status": "proposed"},
            after={"status": "withdrawn"},
        )
    number = (network.purpose_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PurposeVersion.objects.create(
        network=network,
        number=number,
        year=year,
        statement=statement,
        values=values,
        note=note,
        proposed_by=by,
    )
    for position, (p, title, measure, unit) in enumerate(cleaned):
        priority = p.priority or Priority.objects.create(network=network)
        terms = PriorityTerms.objects.create(
            version=version,
            priority=priority,
            position=position,
            title=title,
            owner=p.owner,
            measure=measure,
            target=p.target,
            unit=unit,
        )
        terms.services.set(p.services)
    audit.record(
        by=by,
        action="purpose.draft_purpose",
        target=version,
        network=network,
        after={
            "number": number,
            "year": year,
            "statement": statement,
            "values": values,
            "priorities": _terms_snapshot(version),
            "note": note,
        },
    )
    return version


@transaction.atomic
def answer(*, version, practice, agrees, comment="", by):
    version = PurposeVersion.objects.select_for_update().get(pk=version.pk)
    if practice.network_id != version.network_id:
        raise ActionRefused("That practice is not in this network.", field="practice")
    if practice.pk not in managed_practice_ids(by, practice.network_id):
        raise ActionRefused(
            f"You can only answer for the practice you manage, not for {practice.name}.",
            field="practice",
        )
    if version.status != Status.PROPOSED:
        raise ActionRefused(
            f"Version {version.number} is {version.get_status_display().lower()}: only a draft "
            "can be agreed or objected to."
        )
    comment = (comment or "").strip()
    limits.check_length(comment, limits.NOTE, "Your reason", "comment")
    if not agrees and not comment:
        raise ActionRefused(
            "Say what you object to, so the network's leadership can change it.", field="comment"
        )
    existing = version.answers.filter(practice=practice).first()
    before = audit.snapshot(existing, ["agrees", "comment"]) if existing else None
    result, _ = PurposeAnswer.objects.update_or_create(
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
        action="purpose.answer_purpose",
        target=result,
        network=version.network,
        label=f"{practice.name} {'agrees to' if agrees else 'objects to'} {version}",
        before=before,
        after=audit.snapshot(result, ["agrees", "comment"]),
    )
    return result


def not_agreed(version):
    """[(practice, answer or None)] of the practices that have not agreed, by name."""
    answers = {a.practice_id: a for a in version.answers.all()}
    return [
        (practice, answers.get(practice.pk))
        for practice in version.network.practices.order_by("name")
        if not (answers.get(practice.pk) and answers[practice.pk].agrees)
    ]


@transaction.atomic
def agree(*, version, by, without=(), reason=""):
    """The leadership agrees the draft: it comes into force and the version before it is kept,
    superseded. `without` names (ODS codes) every practice that has not agreed, exactly as they
    stand now, with a `reason`: a practice that answered meanwhile makes it stale."""
    version = PurposeVersion.objects.select_for_update().get(pk=version.pk)
    network = version.network
    _require(
        by,
        "purpose.agree_purpose",
        network,
        "Only the PCN manager or clinical director agrees the purpose.",
    )
    if version.status != Status.PROPOSED:
        raise ActionRefused(
            f"Version {version.number} is {version.get_status_display().lower()}: only a draft "
            "can be agreed."
        )
    pending = not_agreed(version)
    reason = (reason or "").strip()
    if pending:
        names = ", ".join(p.name for p, _ in pending)
        if {p.ods_code for p, _ in pending} != set(without):
            raise ActionRefused(
                f"Not every practice has agreed ({names}). Confirm that you agree without them.",
                field="without",
            )
        if not reason:
            raise ActionRefused(f"Say why the network agrees this without {names}.", field="reason")
        limits.check_length(reason, limits.NOTE, "The reason", "reason")
    for previous in network.purpose_versions.filter(status=Status.AGREED):
        previous.status = Status.SUPERSEDED
        previous.save(update_fields=["status"])
    version.status, version.agreed_at, version.agreed_by = Status.AGREED, timezone.now(), by
    version.agreed_without = [
        {
            "practice": practice.name,
            "ods_code": practice.ods_code,
            "answer": "objected" if a is not None else "not answered",
            "comment": a.comment if a is not None else "",
        }
        for practice, a in pending
    ]
    version.agreed_reason = reason if pending else ""
    version.save(
        update_fields=["status", "agreed_at", "agreed_by", "agreed_without", "agreed_reason"]
    )
    audit.record(
        by=by,
        action="purpose.agree_purpose",
        target=version,
        network=network,
        before={"status": "proposed"},
        after={
            "status": "agreed",
            "agreed_without": version.agreed_without,
            "reason": version.agreed_reason,
        },
    )
    return version


@transaction.atomic
def add_progress(*, priority, on, note, figure=None, by):
    """Progress needs no agreement: the owner or the leadership records it when it happens."""
    from .queries import agreed

    network = priority.network
    _require(
        by,
        "purpose.add_progress",
        priority,
        "Only the priority's owner, the PCN manager or the clinical director adds its progress.",
    )
    version = agreed(network)
    if version is None or not version.priorities.filter(priority=priority).exists():
        raise ActionRefused("Progress is added to a priority of the agreed purpose only.")
    note = (note or "").strip()
    if not note:
        raise ActionRefused("Say what happened.", field="note")
    limits.check_length(note, limits.NOTE, "What happened", "note")
    today = timezone.localdate()
    if on > today:
        raise ActionRefused("Progress is what has happened: choose today or earlier.", field="on")
    if figure is not None and (figure < 0 or figure >= Decimal("1e9")):
        raise ActionRefused("The figure must be between 0 and 999,999,999.", field="figure")
    update = ProgressUpdate.objects.create(
        priority=priority, on=on, note=note, figure=figure, added_by=by
    )
    audit.record(
        by=by,
        action="purpose.add_progress",
        target=update,
        network=network,
        after=audit.snapshot(update, ["on", "note", "figure"]),
    )
    return update
