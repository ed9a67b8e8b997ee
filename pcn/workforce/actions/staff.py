"""Every write to the staff register: people, teams, usual weeks, leave, supervision, pulse."""

from datetime import datetime, time
from decimal import Decimal

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from pcn.core import audit
from pcn.core.actions import ActionRefused
from pcn.networks.week import slot_name

from .. import leave as leave_rules
from ..models import (
    WTE_RANGE,
    Leave,
    PulseResponse,
    StaffMember,
    SupervisionSession,
    WorkingSession,
)

STAFF_FIELDS = [
    "full_name",
    "email",
    "phone",
    "role_code",
    "nhs_role",
    "nhs_identifier",
    "band",
    "wte",
    "start_date",
    "end_date",
    "employer",
    "employer_practice",
    "employer_name",
    "funding",
    "additionality_confirmed",
    "pay_area",
    "cct_date",
    "recent_network_employment_end",
    "moved_to_senior_nursing_role",
    "home_practice",
    "home_is_network_team",
    "line_manager",
    "supervisor",
    "external_supervisor",
    "services",
    "leaver_reason",
    "leaver_note",
    "user",
]


def check_staff(network, person, fields):
    """The register's rules, whatever the form or file the values came from."""
    wte = fields.get("wte", person.wte if person else None)
    if wte is None or not (WTE_RANGE[0] <= Decimal(wte) <= WTE_RANGE[1]):
        raise ActionRefused("WTE must be between 0.01 and 1.5.", field="wte")
    start = fields.get("start_date", person.start_date if person else None)
    end = fields.get("end_date", person.end_date if person else None)
    if start and end and end < start:
        raise ActionRefused("The end date must be on or after the start date.", field="end_date")
    for name in ("home_practice", "employer_practice"):
        practice = fields.get(name)
        if practice is not None and practice.network_id != network.pk:
            raise ActionRefused("That practice is not in this network.", field=name)
    if fields.get("home_practice") is not None and fields.get("home_is_network_team"):
        raise ActionRefused(
            "Choose one home base: a practice or the network team.", field="home_practice"
        )
    for name in ("line_manager", "supervisor"):
        other = fields.get(name)
        if other is None:
            continue
        if other.network_id != network.pk:
            raise ActionRefused("That person is not in this network's register.", field=name)
        if person is not None and other.pk == person.pk:
            label = "their own supervisor" if name == "supervisor" else "their own line manager"
            raise ActionRefused(f"A person can't be {label}.", field=name)
        already = person is not None and getattr(person, f"{name}_id") == other.pk
        if not already and not is_active(other):
            label = "supervisor" if name == "supervisor" else "line manager"
            raise ActionRefused(
                f"{other} is not in post: choose a {label} who still works here.", field=name
            )


@transaction.atomic
def add(*, network, by, teams=(), **fields):
    check_staff(network, None, fields)
    person = StaffMember.objects.create(network=network, **fields)
    person.teams.set(teams)
    audit.record(
        by=by,
        action="workforce.add_staff",
        target=person,
        network=network,
        after={**audit.snapshot(person, STAFF_FIELDS), "teams": [t.name for t in teams]},
    )
    return person


@transaction.atomic
def update(*, person, version, by, teams=None, **fields):
    check_staff(person.network, person, fields)
    person.bump_version(version)
    changed = [name for name in fields if getattr(person, name) != fields[name]]
    before = audit.snapshot(person, changed)
    before_teams = sorted(t.name for t in person.teams.all())
    for name in changed:
        setattr(person, name, fields[name])
    if fields and person.is_draft and person.full_name:
        person.is_draft = False  # a named record is no longer a draft from the NHS file
        changed.append("is_draft")
    person.save()
    after = audit.snapshot(person, changed)
    if teams is not None:
        person.teams.set(teams)
        after_teams = sorted(t.name for t in teams)
        if after_teams != before_teams:
            before["teams"], after["teams"] = before_teams, after_teams
    audit.record(
        by=by,
        action="workforce.update_staff",
        target=person,
        network=person.network,
        before=before,
        after=after,
    )
    return person


@transaction.atomic
def set_usual_week(*, person, version, slots, by):
    """slots: {(weekday, session): practice or None (hub/remote)} for the sessions they work."""
    for practice in slots.values():
        if practice is not None and practice.network_id != person.network_id:
            raise ActionRefused("That practice is not in this network.", field="usual_week")
    person.bump_version(version)

    def describe(week):
        return {
            slot_name(d, s): (p.name if p else "Hub or remote")
            for (d, s), p in sorted(week.items())
        }

    before = describe(
        {(w.weekday, w.session): w.practice for w in person.usual_week.select_related("practice")}
    )
    person.usual_week.all().delete()
    WorkingSession.objects.bulk_create(
        WorkingSession(staff=person, weekday=d, session=s, practice=p)
        for (d, s), p in slots.items()
    )
    audit.record(
        by=by,
        action="workforce.set_usual_week",
        target=person,
        network=person.network,
        before=before,
        after=describe(slots),
    )


def add_team(*, network, name, by, **details):
    """A new team: the register's import adds them by name (teams.add has the rest)."""
    from . import teams

    return teams.add(network=network, name=name, by=by, **details)


LEAVE_FIELDS = ["kind", "start", "end", "status", "note"]


def _leave_entry(leave, *, action, by, before=None, after=None):
    audit.record(
        by=by,
        action=action,
        target=leave,
        network=leave.staff.network,
        label=f"{leave} for {leave.staff}",
        before=before,
        after=after,
    )


@transaction.atomic
def request_leave(*, person, kind, start, end, note="", by, past_allowed=False):
    leave_rules.check(
        person=person,
        start=start,
        end=end,
        note=note,
        today=timezone.localdate(),
        past_allowed=past_allowed,
    )
    leave = Leave.objects.create(staff=person, kind=kind, start=start, end=end, note=note)
    _leave_entry(
        leave,
        action="workforce.request_leave",
        by=by,
        after=audit.snapshot(leave, LEAVE_FIELDS),
    )
    return leave


@transaction.atomic
def record_leave(*, person, kind, start, end, note="", by):
    """Leave or absence the PCN manager records directly: approved at once. It may lie in the
    past, as sickness usually does when it is recorded; staff asking for leave may not."""
    leave = request_leave(
        person=person, kind=kind, start=start, end=end, note=note, by=by, past_allowed=True
    )
    return decide_leave(leave=leave, approve=True, by=by)


@transaction.atomic
def decide_leave(*, leave, approve, by):
    leave = Leave.objects.select_for_update().select_related("staff__network").get(pk=leave.pk)
    if leave.status != Leave.Status.REQUESTED:
        raise ActionRefused(f"This leave is already {leave.get_status_display().lower()}.")
    if approve:  # overlapping leave may have been approved since this was asked for
        leave_rules.check(
            person=leave.staff,
            start=leave.start,
            end=leave.end,
            note=leave.note,
            today=timezone.localdate(),
            past_allowed=True,
            ignore=leave,
            against=[Leave.Status.APPROVED],
        )
    leave.status = Leave.Status.APPROVED if approve else Leave.Status.DECLINED
    leave.decided_by = by
    leave.save(update_fields=["status", "decided_by"])
    _leave_entry(
        leave,
        action="workforce.decide_leave",
        by=by,
        before={"status": "requested"},
        after={"status": leave.status},
    )
    return leave


@transaction.atomic
def withdraw_leave(*, leave, by):
    """A person takes back their own request, or approved leave that has not started. Whoever
    approved it is told by email, sent last so a failure to send withdraws nothing."""
    leave = Leave.objects.select_for_update().select_related("staff__network").get(pk=leave.pk)
    if leave.staff.user_id is None or leave.staff.user_id != by.pk:
        raise ActionRefused("You can only withdraw your own leave.")
    if not leave.can_be_withdrawn:
        raise ActionRefused(
            f"This leave can't be withdrawn: it is {leave.get_status_display().lower()}"
            + (" and has started." if leave.status == Leave.Status.APPROVED else ".")
        )
    was = leave.status
    leave.status = Leave.Status.WITHDRAWN
    leave.save(update_fields=["status"])
    _leave_entry(
        leave,
        action="workforce.withdraw_leave",
        by=by,
        before={"status": was},
        after={"status": leave.status},
    )
    approver = leave.decided_by
    told = None
    if was == Leave.Status.APPROVED and approver is not None and approver.email:
        send_mail(
            subject=f"Leave withdrawn: {leave.staff}, {leave_rules.span(leave)}",
            message=render_to_string(
                "workforce/email/leave_withdrawn.txt",
                {"leave": leave, "approver": approver, "dates": leave_rules.span(leave)},
            ),
            from_email=None,
            recipient_list=[approver.email],
        )
        told = approver
    return leave, told


@transaction.atomic
def log_supervision(*, person, on, kind, supervisor=None, supervisor_name="", note="", by):
    if supervisor is not None and supervisor.pk == person.pk:
        raise ActionRefused("A person can't supervise themselves.", field="supervisor")
    if supervisor is not None and supervisor.network_id != person.network_id:
        raise ActionRefused("That person is not in this network's register.", field="supervisor")
    if supervisor is None and not supervisor_name.strip():
        raise ActionRefused("Say who gave the supervision.", field="supervisor")
    if on > timezone.localdate():
        raise ActionRefused("Supervision can only be logged once it has happened.", field="date")
    session = SupervisionSession.objects.create(
        staff=person,
        supervisor=supervisor,
        supervisor_name=supervisor_name.strip(),
        date=on,
        kind=kind,
        note=note,
    )
    # The note is private to the two people and the PCN manager: the audit says it changed, not what.
    audit.record(
        by=by,
        action="workforce.log_supervision",
        target=session,
        network=person.network,
        label=f"{session} for {person}",
        after={
            **audit.snapshot(session, ["date", "kind", "supervisor", "supervisor_name"]),
            "note": "(private)" if note else "",
        },
    )
    return session


@transaction.atomic
def answer_pulse(*, person, month, belong, support, clarity, comment="", by):
    month = month.replace(day=1)
    for name, score in (("belong", belong), ("support", support), ("clarity", clarity)):
        if score not in (1, 2, 3, 4, 5):
            raise ActionRefused("Choose an answer from 1 to 5.", field=name)
    response, created = PulseResponse.objects.update_or_create(
        staff=person,
        month=month,
        defaults={"belong": belong, "support": support, "clarity": clarity, "comment": comment},
    )
    # Answers are anonymous (decision 5). The audit records that an answer was given for the
    # month, never by whom or when: no actor, the month's first moment, the network as target.
    audit.record(
        by=None,
        action="workforce.answer_pulse",
        target=person.network,
        network=person.network,
        label=f"Pulse for {month:%B %Y}",
        after={"answered": True},
        at=datetime.combine(month, time.min, tzinfo=timezone.get_current_timezone()),
    )
    return response


@transaction.atomic
def record_leaver(*, person, version, end_date, reason, note="", by):
    if not reason:
        raise ActionRefused("Choose the main reason they left.", field="reason")
    return update(
        person=person,
        version=version,
        by=by,
        end_date=end_date,
        leaver_reason=reason,
        leaver_note=note,
    )


def is_active(person, today=None):
    today = today or timezone.localdate()
    return not person.is_draft and (person.end_date is None or person.end_date >= today)
