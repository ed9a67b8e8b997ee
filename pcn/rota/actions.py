"""Every write to rota plans: creating one, solving it, moving and locking sessions by hand,
publishing, the bank holidays the network works, and each person's calendar feed."""

from datetime import timedelta

from django.conf import settings as django_settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist

from engine.rota import json_io
from engine.rota import validate as validator
from engine.rota.problem import HUB, NETWORK_WORK
from engine.rota.summary import short_day
from pcn.core import audit
from pcn.core.actions import ActionRefused
from pcn.core.bank_holidays import bank_holidays
from pcn.core.models import hash_token, new_secret

from . import problems, queries
from .models import (
    MAX_WEEKS,
    Assignment,
    CalendarFeed,
    HolidayWorked,
    RotaPlan,
    SolveRun,
    WithdrawnWeeks,
)

MAX_SECONDS = 300  # five minutes: beyond that a PCN should split the horizon
ALREADY_OPTIMISING = "This rota is already being optimised: wait for that run to finish."
STOPPED = (
    "The optimiser stopped unexpectedly (its worker stopped before it finished). Nothing was "
    "changed: optimise again."
)


def check_settings(settings):
    tolerance, max_sites = settings.get("tolerance"), settings.get("max_sites")
    if tolerance is None or not 0 <= tolerance <= 10:
        raise ActionRefused(
            "Tolerance must be between 0 and 10 sessions a week.", field="tolerance"
        )
    if max_sites is None or not 1 <= max_sites <= 8:
        raise ActionRefused("Sites per person must be between 1 and 8 a week.", field="max_sites")
    for rule, weight in settings.get("weights", {}).items():
        if weight < 0:
            raise ActionRefused(f"The weight of {rule} can't be negative.", field=f"weight_{rule}")


@transaction.atomic
def create_plan(*, network, start, weeks, by, settings=None, today=None):
    """A new plan from `start` (a Monday of this week or later: `today` is the network's
    today, the demo's own where it has one)."""
    if start.weekday() != 0:
        raise ActionRefused("A rota starts on a Monday: choose a Monday.", field="start")
    today = today or timezone.localdate()
    this_monday = today - timedelta(days=today.weekday())
    if start < this_monday:
        raise ActionRefused(
            f"First Monday can't be in the past: choose this week's Monday "
            f"({short_day(this_monday)}) or a later one.",
            field="start",
        )
    if not 1 <= weeks <= MAX_WEEKS:
        raise ActionRefused(f"A rota covers 1 to {MAX_WEEKS} weeks.", field="weeks")
    if not network.services.exists():
        raise ActionRefused("Add the services staff deliver first (Allocation → Services).")
    settings = {**problems.DEFAULT_SETTINGS, **(settings or {})}
    check_settings(settings)
    targets, source = problems.targets_for(network)
    plan = RotaPlan.objects.create(
        network=network,
        start=start,
        weeks=weeks,
        options=settings,
        targets=targets,
        targets_source=source,
        created_by=by,
    )
    audit.record(
        by=by,
        action="rota.create_plan",
        target=plan,
        network=network,
        after={"start": start.isoformat(), "weeks": weeks, "settings": settings},
    )
    return plan


@transaction.atomic
def start_run(*, plan, by, seconds=10):
    """Queue an optimiser run; a task worker picks it up (pcn/rota/tasks.py)."""
    if not 1 <= seconds <= MAX_SECONDS:
        raise ActionRefused(
            f"Give the optimiser between 1 and {MAX_SECONDS} seconds.", field="seconds"
        )
    fail_stopped_runs(plan=plan)
    if plan.runs.filter(status__in=SolveRun.ACTIVE).exists():
        raise ActionRefused(ALREADY_OPTIMISING)
    try:
        with transaction.atomic():
            run = SolveRun.objects.create(plan=plan, seconds=seconds, started_by=by)
    except IntegrityError:  # one_solve_at_a_time_per_plan: a request at the same moment won
        raise ActionRefused(ALREADY_OPTIMISING) from None
    audit.record(
        by=by,
        action="rota.start_run",
        target=plan,
        network=plan.network,
        after={"run": run.pk, "seconds": seconds},
    )
    from .tasks import solve_plan  # the task module imports this one

    transaction.on_commit(lambda: _enqueue(run.pk, solve_plan))
    return run


def _enqueue(run_id, task):
    result = task.enqueue(run_id)
    SolveRun.objects.filter(pk=run_id).exclude(task_id=str(result.id)).update(
        task_id=str(result.id)[:64]
    )


@transaction.atomic
def save_rota(*, run, rota, by=None):
    """Replace the plan's unlocked assignments with the optimiser's rota."""
    plan = run.plan
    practices = {p.ods_code: p for p in plan.network.practices.all()}
    locked = {(a.staff_id, a.day, a.session) for a in plan.assignments.filter(locked=True)}
    plan.assignments.filter(locked=False).delete()
    Assignment.objects.bulk_create(
        Assignment(
            plan=plan,
            staff_id=int(a.person),
            day=a.day,
            session=a.session,
            practice=practices.get(a.site) if a.site != HUB else None,
            service=a.service,
        )
        for a in rota
        if (int(a.person), a.day, a.session) not in locked
    )
    audit.record(
        by=by,
        action="rota.save_solution",
        target=plan,
        network=plan.network,
        after={"run": run.pk, "assignments": len(rota), "objective": run.objective},
    )


# The worker's writes as a solve runs: not audited, since nobody changes anything by them
# (the start of a run is audited in start_run, and its rota in save_rota).


def run_started(run):
    """Marks the run running; False when it is no longer queued (found stopped meanwhile)."""
    now = timezone.now()
    started = SolveRun.objects.filter(pk=run.pk, status=SolveRun.Status.QUEUED).update(
        status=SolveRun.Status.RUNNING, started_at=now, heartbeat_at=now
    )
    run.status, run.started_at, run.heartbeat_at = SolveRun.Status.RUNNING, now, now
    return bool(started)


def run_progressed(run, *, progress, objective, bound):
    """The run's progress, which is also the worker's heartbeat."""
    SolveRun.objects.filter(pk=run.pk, status=SolveRun.Status.RUNNING).update(
        progress=progress, objective=objective, bound=bound, heartbeat_at=timezone.now()
    )


@transaction.atomic
def run_finished(run, *, result, explanation):
    """The run's outcome; its rota, when one keeps every hard rule, saved to the plan. A run
    already failed as stopped (its worker silent too long) keeps that outcome: a later run
    may be under way."""
    if (
        not SolveRun.objects.select_for_update()
        .filter(pk=run.pk, status=SolveRun.Status.RUNNING)
        .exists()
    ):
        return
    run.solver_status = result.status
    run.objective, run.bound, run.gap = result.objective, result.bound, result.gap
    run.explanation, run.conflicts = explanation, list(result.conflicts)
    run.progress, run.finished_at = 1.0, timezone.now()
    if result.rota and result.status in ("optimal", "feasible"):
        run.status = SolveRun.Status.DONE
        save_rota(run=run, rota=result.rota, by=run.started_by)
    else:
        run.status = SolveRun.Status.INFEASIBLE
        run.message = "No rota meets every rule that must hold. The conflicts below say why."
    run.save()


def run_failed(run, error):
    SolveRun.objects.filter(pk=run.pk, status__in=SolveRun.ACTIVE).update(
        status=SolveRun.Status.FAILED,
        message=f"The optimiser stopped with an error: {error}",
        finished_at=timezone.now(),
    )


def fail_stopped_runs(*, plan=None):
    """Fails the runs whose worker is gone, so no plan shows "running" for ever and it can be
    optimised again: a running run silent for ROTA_SOLVE_SILENCE_SECONDS (its worker killed,
    its machine down), or a run whose task the task backend holds as ended or lost. Checked
    when a plan's page or progress loads, before a run starts, and by a worker before it
    solves. Returns how many were failed."""
    now = timezone.now()
    silent_since = now - timedelta(seconds=django_settings.ROTA_SOLVE_SILENCE_SECONDS)
    active = SolveRun.objects.filter(status__in=SolveRun.ACTIVE)
    if plan is not None:
        active = active.filter(plan=plan)
    # Silent: no heartbeat for too long, or started long ago before runs had heartbeats.
    silent = Q(heartbeat_at__lt=silent_since)
    silent |= Q(heartbeat_at__isnull=True, started_at__lt=silent_since)
    stopped = set(
        active.filter(silent, status=SolveRun.Status.RUNNING).values_list("pk", flat=True)
    )
    stopped |= {run.pk for run in active.exclude(task_id="") if _task_is_gone(run, silent_since)}
    if not stopped:
        return 0
    return SolveRun.objects.filter(pk__in=stopped, status__in=SolveRun.ACTIVE).update(
        status=SolveRun.Status.FAILED, message=STOPPED, finished_at=now
    )


def _task_is_gone(run, silent_since):
    """Whether the task backend holds the run's task as ended (though the run never recorded
    an end), lost, or taken by a worker that went silent before it started the run."""
    if not default_task_backend.supports_get_result:
        return False
    try:
        result = default_task_backend.get_result(run.task_id)
    except TaskResultDoesNotExist:
        return True
    if result.status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
        return True
    return (
        run.status == SolveRun.Status.QUEUED
        and result.status == TaskResultStatus.RUNNING
        and result.started_at is not None
        and result.started_at < silent_since
    )


def check_rota(plan):
    """The independent validator's report on the plan as it stands."""
    assignments = list(plan.assignments.select_related("practice"))
    problem = problems.build(plan, locked=[a for a in assignments if a.locked])
    return validator.validate(problem, [problems.to_engine(a) for a in assignments])


@transaction.atomic
def move(*, assignment, practice, service, by, lock=True):
    """Place one session by hand. Returns the validator's report on the rota after the move,
    so the page can say at once what it breaks."""
    plan = assignment.plan
    if practice is not None and practice.network_id != plan.network_id:
        raise ActionRefused("That practice is not in this network.", field="site")
    if practice is None:
        service = NETWORK_WORK
    elif not service:
        raise ActionRefused("Choose the service delivered at the practice.", field="service")
    before = _snapshot(assignment)
    assignment.practice, assignment.service, assignment.locked = practice, service, lock
    assignment.save()
    audit.record(
        by=by,
        action="rota.move",
        target=plan,
        network=plan.network,
        label=f"{assignment.staff} on {assignment.day:%-d %b} {assignment.session}",
        before=before,
        after=_snapshot(assignment),
    )
    return check_rota(plan)


def _snapshot(assignment):
    return {
        "person": str(assignment.staff),
        "day": assignment.day.isoformat(),
        "session": assignment.session,
        "site": assignment.practice.ods_code if assignment.practice_id else HUB,
        "service": assignment.service,
        "locked": assignment.locked,
    }


@transaction.atomic
def set_lock(*, assignment, locked, by):
    before = _snapshot(assignment)
    assignment.locked = locked
    assignment.save(update_fields=["locked"])
    audit.record(
        by=by,
        action="rota.lock" if locked else "rota.unlock",
        target=assignment.plan,
        network=assignment.plan.network,
        label=f"{assignment.staff} on {assignment.day:%-d %b} {assignment.session}",
        before=before,
        after=_snapshot(assignment),
    )


STILL_SOLVING = (
    "The optimiser is still working on this rota, so it was not published: publish it when "
    "the run has finished."
)


@transaction.atomic
def publish(*, plan, version, by, replace=False):
    """Publish the rota for staff and practices: refused while any hard rule is broken or a
    run of it is queued or running. Where another published rota covers some of its weeks,
    only with `replace` (the manager has confirmed): the other is withdrawn for those weeks,
    so each week has one published rota."""
    fail_stopped_runs(plan=plan)
    if plan.runs.filter(status__in=SolveRun.ACTIVE).exists():
        raise ActionRefused(STILL_SOLVING)
    replaced = queries.replaced_by_publishing(plan)
    if replaced and not replace:
        raise ActionRefused(" ".join(r.sentence for r in replaced) + " Confirm to publish over it.")
    report = check_rota(plan)
    if report.violations:
        raise ActionRefused(
            f"The rota breaks {len(report.violations)} rule{'s' if len(report.violations) != 1 else ''} "
            f"that must hold, so it was not published. First: {report.violations[0].message}"
        )
    if not plan.assignments.exists():
        raise ActionRefused("The rota is empty: generate it before publishing.")
    plan.bump_version(version)
    rows = json_io.rota_to_json(
        problems.to_engine(a) for a in plan.assignments.select_related("practice")
    )
    plan.published, plan.published_at, plan.published_by = rows, timezone.now(), by
    plan.status = RotaPlan.Status.PUBLISHED
    plan.save(update_fields=["published", "published_at", "published_by", "status"])
    plan.withdrawn_weeks.all().delete()  # published again: every week of it is in force
    WithdrawnWeeks.objects.bulk_create(
        WithdrawnWeeks(plan=r.plan, replaced_by=plan, start=r.first, end=r.last, created_by=by)
        for r in replaced
    )
    audit.record(
        by=by,
        action="rota.publish",
        target=plan,
        network=plan.network,
        after={
            "assignments": len(rows),
            "score": report.total,
            "replaces": [
                {"plan": r.plan.pk, "from": r.first.isoformat(), "to": r.last.isoformat()}
                for r in replaced
            ],
        },
    )
    return report


@transaction.atomic
def renew_feed(*, staff, by):
    """A new private address, owned by `by`; the old one stops working at once. Returns
    (feed, token): the token is in the address, shown once and never stored."""
    CalendarFeed.objects.filter(staff=staff).delete()
    token = new_secret()
    feed = CalendarFeed.objects.create(staff=staff, owner=by, token_hash=hash_token(token))
    audit.record(by=by, action="rota.renew_feed", target=staff, network=staff.network)
    return feed, token


@transaction.atomic
def stop_feed(*, feed, by):
    """The private address stops working, and no new one is made."""
    staff = feed.staff
    feed.delete()
    audit.record(by=by, action="rota.stop_feed", target=staff, network=staff.network)


MAX_REASON = 200


@transaction.atomic
def work_holiday(*, network, day, service_id, reason, by):
    """Mark a bank holiday as worked for one service: those who deliver it and usually work
    that weekday can then be placed on it, for that service only."""
    holidays = bank_holidays(day, day)
    if day not in holidays:
        raise ActionRefused(f"{day:%A %-d %B %Y} is not a bank holiday in England.", field="day")
    service = network.services.filter(pk=service_id).first()
    if service is None:
        raise ActionRefused("Choose one of the network's services.", field="service")
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(
            "Say why the network works the bank holiday (e.g. the ICB agreed a flu clinic).",
            field="reason",
        )
    if len(reason) > MAX_REASON:
        raise ActionRefused(f"Keep the reason to {MAX_REASON} characters.", field="reason")
    if HolidayWorked.objects.filter(network=network, day=day, service=service).exists():
        raise ActionRefused(f"{holidays[day]} is already worked for {service}.", field="service")
    worked = HolidayWorked.objects.create(
        network=network, day=day, service=service, reason=reason, created_by=by
    )
    audit.record(
        by=by,
        action="rota.work_holiday",
        target=network,
        network=network,
        label=f"{holidays[day]} ({day:%-d %b %Y}) worked for {service}",
        after={"day": day.isoformat(), "service": service.name, "reason": reason},
    )
    return worked


@transaction.atomic
def stop_working_holiday(*, worked, by):
    audit.record(
        by=by,
        action="rota.stop_working_holiday",
        target=worked.network,
        network=worked.network,
        label=f"{worked.day:%-d %b %Y} no longer worked for {worked.service}",
        before={
            "day": worked.day.isoformat(),
            "service": worked.service.name,
            "reason": worked.reason,
        },  # fmt: skip
    )
    worked.delete()
