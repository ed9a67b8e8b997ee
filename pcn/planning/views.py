from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pcn.core import spreadsheet_cells
from pcn.core.decorators import network_page, require
from pcn.core.refusals import attempt
from pcn.core.years import this_year
from pcn.money import actions as money
from pcn.money.queries import roles_of_year
from pcn.money.views.pages import page

from .forms import PlanForm
from .queries import plan

CSV_HEADER = ["role", "band", "wte", "start", "cost_this_year", "cost_full_year", "why"]


def _form(request, data):
    today = timezone.localdate()
    roles = [(code, role.name) for code, role in roles_of_year(this_year(today)).items()]
    return PlanForm(data=data, roles=roles), today


def _plan(network, form, today):
    headroom, pins, forbidden = form.settings() if form.is_bound else (None, {}, set())
    return plan(network, today=today, headroom=headroom, pins=pins, forbidden=forbidden)


@network_page
def plan_page(request):
    network = request.network
    require(request.user, "planning.view_plan", network)
    form, today = _form(request, request.GET if request.GET else None)
    result = None
    if not form.is_bound or form.is_valid():
        result = _plan(network, form, today)
    return _render(request, form, result)


def _render(request, form, result):
    network = request.network
    return page(
        request,
        "planning/plan.jinja",
        "Recruitment planner",
        form=form,
        plan=result,
        query=request.GET.urlencode(),
        can_add=request.user.has_perm("planning.add_to_forecast", network),
        planned=list(network.planned_posts.all()),
    )


@network_page
def plan_csv(request):
    network = request.network
    require(request.user, "planning.view_plan", network)
    form, today = _form(request, request.GET)
    if not form.is_valid():
        return _render(request, form, None)
    result = _plan(network, form, today)
    rows = [
        [
            row.name,
            row.band,
            row.wte,
            row.start.isoformat(),
            row.cost_this_year,
            row.cost_full_year,
            row.why,
        ]
        for row in result.rows
    ]
    response = HttpResponse(
        spreadsheet_cells.csv_text(rows, header=CSV_HEADER), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="recruitment-plan-{network.pcn_code}-{today:%Y-%m-%d}.csv"'
    )
    return response


@require_POST
@network_page
def add_to_forecast(request):
    """The plan the page showed, made again from the same settings (the planner is
    deterministic), so what is added is what the manager saw, never figures sent back."""
    network = request.network
    require(request.user, "planning.add_to_forecast", network)
    form, today = _form(request, request.POST)
    if not form.is_valid():
        return _render(request, form, None)
    result = _plan(network, form, today)
    posts = [
        {
            "role_code": row.role,
            "band": row.band,
            "wte": row.wte,
            "start": row.start,
            "cost_this_year": row.cost_this_year,
            "cost_full_year": row.cost_full_year,
            "why": row.why,
        }
        for row in result.rows
    ]
    made = attempt(
        form,
        lambda: money.add_planned_posts(
            network=network, year=result.inputs.year, posts=posts, by=request.user
        ),
    )
    if made is None:
        return _render(request, form, result)
    messages.info(
        request,
        f"Added {len(made)} planned {'post' if len(made) == 1 else 'posts'} to the forecast.",
    )
    return redirect(reverse("money:forecast") + "#planned")
