import io
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from engine.rota.problem import NETWORK_WORK
from engine.rota.summary import session_words
from pcn.allocation.queries import next_week
from pcn.core import spreadsheet_cells
from pcn.core.actions import ActionRefused
from pcn.core.bank_holidays import bank_holidays
from pcn.core.decorators import network_page, require
from pcn.core.fields import iso_date
from pcn.core.models import hash_token
from pcn.core.refusals import show_on
from pcn.core.roles import managed_practice_ids
from pcn.core.versioning import StaleEdit

from . import actions, calendar, enhanced_access, quality, queries
from .forms import RULE_LABELS, MoveForm, PlanForm, RunForm
from .models import CalendarFeed, HolidayWorked


def _plan(request, plan_id, perm="rota.view_plan"):
    plan = get_object_or_404(request.network.rota_plans, pk=plan_id)
    require(request.user, perm, plan)
    return plan


def _week(request, plan):
    try:
        week = int(request.GET.get("week", 1))
    except ValueError:
        week = 1
    return min(max(week, 1), plan.weeks)


@network_page
def plans(request):
    network = request.network
    require(request.user, "rota.view_rotas", network)
    can_edit = request.user.has_perm("rota.edit_rota", network)
    form = PlanForm(data=request.POST or None, initial={"start": next_week() + timedelta(days=7)})
    if request.method == "POST":
        require(request.user, "rota.edit_rota", network)
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = actions.create_plan(
                    network=network,
                    start=data["start"],
                    weeks=data["weeks"],
                    settings=form.settings(),
                    by=request.user,
                )
                actions.start_run(plan=plan, by=request.user, seconds=data["seconds"])
            except ActionRefused as refusal:
                show_on(form, refusal)
            else:
                return redirect("rota:plan", plan.pk)
    visible = [p for p in network.rota_plans.all() if request.user.has_perm("rota.view_plan", p)]
    return render(
        request,
        "rota/plans.jinja",
        {
            "plans": visible,
            "form": form,
            "can_edit": can_edit,
            "rule_labels": RULE_LABELS,
            "page_title": "Rota",
            "nav": "rota",
        },
    )


@network_page
def plan(request, plan_id):
    plan = _plan(request, plan_id)
    actions.fail_stopped_runs(plan=plan)  # never "running" for ever after a worker is lost
    week = _week(request, plan)
    by = "practice" if request.GET.get("by") == "practice" else "person"
    mine = managed_practice_ids(request.user, request.network.pk)
    can_edit = request.user.has_perm("rota.edit_rota", plan)
    if by == "practice" or (mine and not can_edit):
        by = "practice"
        grid = queries.grid_by_practice(plan, week)
    else:
        grid = queries.grid_by_person(plan, week)
    required = enhanced_access.requirement(plan.network, plan.start)
    run = queries.latest_run(plan)
    sees_quality = request.user.has_perm("rota.see_quality", plan)
    return render(
        request,
        "rota/plan.jinja",
        {
            "plan": plan,
            "grid": grid,
            "enhanced": required,
            "enhanced_week": enhanced_access.week_of_plan(plan, week, required),
            "worked": queries.holidays_worked(plan.network, grid.holidays),
            "services": list(plan.network.services.all()),
            "by": by,
            "run": run if sees_quality else None,
            "quality": _quality(plan, run) if sees_quality else None,
            "sees_quality": sees_quality,
            "running": queries.running(plan),
            # Only those who can publish are told what changed since: no work for the rest.
            "changed": queries.sessions_changed_since_published(plan) if can_edit else None,
            "can_edit": can_edit,
            "run_form": RunForm(),
            "my_practices": mine,
            "page_title": str(plan),
            "nav": "rota",
        },
    )


def _quality(plan, run):
    """The rota's quality as it stands, once a run has made one."""
    if run is None or run.status != run.Status.DONE:
        return None
    return quality.of_plan(plan)


@network_page
def run_status(request, plan_id):
    """The progress fragment the plan page polls while the optimiser runs."""
    plan = _plan(request, plan_id, "rota.see_quality")
    actions.fail_stopped_runs(plan=plan)
    run = queries.latest_run(plan)
    response = render(
        request, "rota/_run.jinja", {"plan": plan, "run": run, "quality": _quality(plan, run)}
    )
    if run is not None and run.is_finished and request.GET.get("was") == "running":
        response["HX-Refresh"] = "true"  # show the new rota in the grid
    return response


@network_page
def explain(request, plan_id):
    plan = _plan(request, plan_id, "rota.see_quality")
    found = quality.of_plan(plan)
    return render(
        request,
        "rota/explain.jinja",
        {
            "plan": plan,
            "run": queries.latest_run(plan),
            "quality": found,
            "report": found.report,
            "rule_labels": RULE_LABELS,
            "page_title": f"Why: {plan}",
            "nav": "rota",
        },
    )


@network_page
def move(request, plan_id, assignment_id):
    plan = _plan(request, plan_id, "rota.edit_rota")
    assignment = get_object_or_404(
        plan.assignments.select_related("staff", "practice"), pk=assignment_id
    )
    practices = list(plan.network.practices.all())
    services = [s.name for s in plan.network.services.all()]
    form = MoveForm(
        data=request.POST or None,
        practices=practices,
        services=services,
        initial={
            "site": assignment.practice.ods_code if assignment.practice else "hub",
            "service": "" if assignment.service == NETWORK_WORK else assignment.service,
            "lock": True,
        },
    )
    week = (assignment.day - plan.start).days // 7 + 1
    if request.method == "POST" and form.is_valid():
        site = form.cleaned_data["site"]
        practice = next((p for p in practices if p.ods_code == site), None)
        try:
            before = quality.of_plan(plan).figures.score
            report = actions.move(
                assignment=assignment,
                practice=practice,
                service=form.cleaned_data["service"],
                lock=form.cleaned_data["lock"],
                by=request.user,
            )
        except ActionRefused as refusal:
            show_on(form, refusal)
        else:
            when = session_words(assignment.day, assignment.session)
            if report.violations:
                messages.error(
                    request,
                    f"Moved {assignment.staff} on {when}, but the rota now breaks "
                    f"{len(report.violations)} rule"
                    f"{'s' if len(report.violations) != 1 else ''} that must hold: "
                    + " ".join(v.message for v in report.violations[:3]),
                )
            else:
                change = (
                    "no change"
                    if report.total == before
                    else f"{'better' if report.total < before else 'worse'}, from {before:,}"
                )
                messages.info(
                    request,
                    f"Moved {assignment.staff} on {when}. Every rule that must hold still "
                    f"holds. The score is now {report.total:,} ({change}); the summary below "
                    "is updated.",
                )
            return redirect(f"{reverse('rota:plan', args=[plan.pk])}?week={week}")
    return render(
        request,
        "rota/move.jinja",
        {
            "plan": plan,
            "assignment": assignment,
            "when": session_words(
                assignment.day,
                assignment.session,
                bank_holidays(assignment.day, assignment.day).get(assignment.day, ""),
            ),
            "form": form,
            "week": week,
            "page_title": f"Move {assignment.staff}",
            "nav": "rota",
        },
    )


@network_page
@require_POST
def lock(request, plan_id, assignment_id):
    plan = _plan(request, plan_id, "rota.edit_rota")
    assignment = get_object_or_404(plan.assignments, pk=assignment_id)
    actions.set_lock(assignment=assignment, locked=not assignment.locked, by=request.user)
    week = (assignment.day - plan.start).days // 7 + 1
    return redirect(f"{reverse('rota:plan', args=[plan.pk])}?week={week}")


@network_page
@require_POST
def reoptimise(request, plan_id):
    plan = _plan(request, plan_id, "rota.edit_rota")
    form = RunForm(data=request.POST)
    seconds = form.cleaned_data["seconds"] if form.is_valid() else 10
    try:
        actions.start_run(plan=plan, by=request.user, seconds=seconds)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.info(request, "Re-optimising: locked sessions stay where they are.")
    return redirect("rota:plan", plan.pk)


@network_page
@require_POST
def publish(request, plan_id):
    """Publish; over weeks another published rota covers, first a page that says what it
    replaces and asks to confirm."""
    plan = _plan(request, plan_id, "rota.edit_rota")
    replaced = queries.replaced_by_publishing(plan)
    confirmed = request.POST.get("replace") == "yes"
    if replaced and not confirmed and not queries.running(plan):
        return render(
            request,
            "rota/publish_confirm.jinja",
            {
                "plan": plan,
                "replaced": replaced,
                "version": request.POST.get("version", ""),
                "page_title": f"Publish over an earlier rota: {plan}",
                "nav": "rota",
            },
        )
    try:
        actions.publish(
            plan=plan, version=request.POST.get("version"), by=request.user, replace=confirmed
        )
    except (ActionRefused, StaleEdit) as refusal:
        messages.error(request, str(refusal))
    else:
        messages.info(
            request,
            "Published. Staff see their week in My work and in their calendar."
            + (" " + " ".join(r.sentence for r in replaced) if replaced else ""),
        )
    return redirect("rota:plan", plan.pk)


@network_page
@require_POST
def work_holiday(request, plan_id):
    """Mark one of the plan's bank holidays as worked for a service."""
    plan = _plan(request, plan_id, "rota.edit_rota")
    try:
        day = iso_date(request.POST.get("day", ""))
        service_id = int(request.POST.get("service", "0"))
    except ValueError:
        messages.error(request, "Choose a bank holiday of this rota and a service.")
        return redirect("rota:plan", plan.pk)
    week = (day - plan.start).days // 7 + 1
    if not 1 <= week <= plan.weeks:
        messages.error(request, "That day is not in this rota's weeks.")
        return redirect("rota:plan", plan.pk)
    try:
        worked = actions.work_holiday(
            network=plan.network,
            day=day,
            service_id=service_id,
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.info(
            request,
            f"{day:%A %-d %B} is worked for {worked.service}. Re-optimise to place the people "
            "who deliver it and usually work that day.",
        )
    return redirect(f"{reverse('rota:plan', args=[plan.pk])}?week={week}")


@network_page
@require_POST
def stop_working_holiday(request, plan_id, worked_id):
    plan = _plan(request, plan_id, "rota.edit_rota")
    worked = get_object_or_404(HolidayWorked, pk=worked_id, network=plan.network)
    week = (worked.day - plan.start).days // 7 + 1
    actions.stop_working_holiday(worked=worked, by=request.user)
    messages.info(request, f"{worked.day:%A %-d %B} is no longer worked for {worked.service}.")
    return redirect(f"{reverse('rota:plan', args=[plan.pk])}?week={max(1, week)}")


EXPORT_COLUMNS = [
    "date",
    "weekday",
    "session",
    "person",
    "role",
    "site",
    "ods_code",
    "service",
    "locked",
]


@network_page
def export_csv(request, plan_id):
    plan = _plan(request, plan_id)
    rows = ([row[c] for c in EXPORT_COLUMNS] for row in queries.export_rows(plan))
    response = HttpResponse(
        spreadsheet_cells.csv_text(rows, header=EXPORT_COLUMNS),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="rota-{plan.network.pcn_code}-{plan.start}.csv"'
    )
    return response


@network_page
def export_xlsx(request, plan_id):
    plan = _plan(request, plan_id)
    book = Workbook()
    sheet = book.active
    sheet.title = "Rota"
    sheet.append(EXPORT_COLUMNS)
    for row in queries.export_rows(plan):
        spreadsheet_cells.append(sheet, [row[c] for c in EXPORT_COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="rota-{plan.network.pcn_code}-{plan.start}.xlsx"'
    )
    return response


@network_page
def print_view(request, plan_id):
    """One practice's week for its noticeboard (or every practice's, one per page)."""
    plan = _plan(request, plan_id)
    week = _week(request, plan)
    practice = None
    if request.GET.get("practice"):
        practice = get_object_or_404(plan.network.practices, ods_code=request.GET["practice"])
    grid = queries.grid_by_practice(plan, week, only=practice)
    return render(
        request,
        "rota/print.jinja",
        {"plan": plan, "grid": grid, "practice": practice, "page_title": f"Print: {plan}"},
    )


def feed(request, token):
    """A person's published sessions as iCalendar. The private token is the permission, so a
    calendar app can subscribe without signing in. An address whose owner has left the
    network, or whose account is closed, is gone (410), not just missing."""
    subscription = (
        CalendarFeed.objects.select_related("staff__network", "owner")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if subscription is None:
        raise Http404("No calendar has that address. Ask for a new one in My work.")
    if not subscription.works():
        return HttpResponse(
            "This calendar address no longer works.", status=410, content_type="text/plain"
        )
    body = calendar.feed(subscription.staff)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def _show_new_feed(request, feed, token):
    address = request.build_absolute_uri(reverse("rota:feed", args=[token]))
    response = render(
        request,
        "rota/feed_made.jinja",
        {"feed": feed, "address": address, "page_title": "Your new calendar address"},
    )
    add_never_cache_headers(response)  # the address is shown once: no copy kept in a cache
    return response


@network_page
@require_POST
def renew_feed(request):
    """Made from My work, for the signed-in person's own register record in this network."""
    from pcn.workforce.identity import my_record

    me = my_record(request.user, request.network.pk)
    if me is None:
        raise Http404
    feed, token = actions.renew_feed(staff=me, by=request.user)
    return _show_new_feed(request, feed, token)


def _own_feed(request, feed_id):
    """One of the signed-in person's own calendar addresses, from any of their networks."""
    return get_object_or_404(
        CalendarFeed.objects.select_related("staff__network", "owner").filter(owner=request.user),
        pk=feed_id,
    )


@login_required
@require_POST
def replace_feed(request, feed_id):
    """From the account page: a new address in place of one that may have leaked. Only while
    the old one still works: someone who has left the network can't make a new one."""
    old = _own_feed(request, feed_id)
    if not old.works():
        raise Http404
    feed, token = actions.renew_feed(staff=old.staff, by=request.user)
    return _show_new_feed(request, feed, token)


@login_required
@require_POST
def stop_feed(request, feed_id):
    feed = _own_feed(request, feed_id)
    actions.stop_feed(feed=feed, by=request.user)
    messages.info(
        request,
        f"Your calendar address for {feed.staff.network.name} no longer works. "
        "Remove the subscription from your calendar app.",
    )
    return redirect("core:account")
