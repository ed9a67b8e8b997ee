"""The allocation: who gets what and why, the fairness settings, the comparison with the equal split, scenarios put to the practices and agreed, and the ledger of delivered against fair share."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from engine.rota.horizon import holidays_phrase
from pcn.core.actions import ActionRefused
from pcn.core.bank_holidays import bank_holidays
from pcn.core.decorators import network_page, require
from pcn.core.forms import AgreeWithoutForm
from pcn.core.refusals import show_on
from pcn.core.roles import managed_practice_ids

from .. import actions, queries
from ..forms import PolicyForm, ResponseForm, ScenarioForm
from ..models import BLENDABLE, Scenario
from ..problems import default_policy


@network_page
def allocation(request):
    network = request.network
    require(request.user, "allocation.view_allocation", network)
    page = queries.allocation_page(network)
    mine = managed_practice_ids(request.user, network.pk)
    return render(
        request,
        "allocation/allocation.jinja",
        {
            "page": page,
            "my_practices": [p for p in page.inputs.practices if p.pk in mine],
            "basis_label": queries.basis_label,
            "can_edit": request.user.has_perm("allocation.edit_fairness", network),
            "can_save": request.user.has_perm("allocation.save_scenario", network),
            "agreed": queries.agreed_scenario(network),
            "enhanced": network.services.filter(hours="enhanced_access"),
            "holidays": holidays_phrase(
                bank_holidays(page.inputs.week, page.inputs.week + timedelta(days=4))
            ),
            "page_title": "Allocation",
            "nav": "allocation",
        },
    )


def _policy_initial(policy):
    initial = {"basis": policy.basis, "floor": policy.floor, "cap": policy.cap}
    for basis, weight in (policy.weights or {}).items():
        initial[f"weight_{basis}"] = weight
    return initial


@network_page
def fairness(request, service_id=None):
    """The network's default way of sharing, or one service's own."""
    network = request.network
    service = get_object_or_404(network.services, pk=service_id) if service_id else None
    require(request.user, "allocation.edit_fairness", network)
    current = getattr(service, "policy", None) if service else None
    policy = current or default_policy(network)
    form = PolicyForm(data=request.POST or None, initial=_policy_initial(policy))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.set_policy(
                network=network,
                service=service,
                basis=data["basis"],
                weights=form.weights(),
                floor=data["floor"],
                cap=data["cap"],
                by=request.user,
            )
        except ActionRefused as refusal:
            show_on(form, refusal)
        else:
            messages.info(
                request,
                f"Saved how {service or 'the network'} shares staff time. The allocation below uses it.",
            )
            return redirect("allocation:allocation")
    return render(
        request,
        "allocation/fairness.jinja",
        {
            "form": form,
            "service": service,
            "own": current is not None,
            "blendable": BLENDABLE,
            "page_title": f"How {service} is shared" if service else "How staff time is shared",
            "nav": "allocation",
        },
    )


@network_page
@require_POST
def use_network_default(request, service_id):
    network = request.network
    service = get_object_or_404(network.services, pk=service_id)
    require(request.user, "allocation.edit_fairness", network)
    actions.use_network_default(service=service, by=request.user)
    messages.info(request, f"{service} now follows the network's default.")
    return redirect("allocation:allocation")


@network_page
def compare(request):
    network = request.network
    require(request.user, "allocation.view_allocation", network)
    options = queries.choices(network)
    agreed = queries.agreed_scenario(network)
    a = request.GET.get("a") or queries.EQUAL
    b = request.GET.get("b") or (str(agreed.pk) if agreed else queries.CURRENT)
    comparison = queries.compare(network, a, b)
    if comparison is None:
        messages.error(
            request, "That scenario is not one of this network's. Choose from the lists."
        )
        return redirect("allocation:compare")
    return render(
        request,
        "allocation/compare.jinja",
        {
            "comparison": comparison,
            "options": options,
            "a": a,
            "b": b,
            "page_title": "Compare allocations",
            "nav": "allocation",
        },
    )


@network_page
def scenarios(request):
    network = request.network
    require(request.user, "allocation.view_allocation", network)
    can_save = request.user.has_perm("allocation.save_scenario", network)
    form = ScenarioForm(data=request.POST or None, initial=_policy_initial(default_policy(network)))
    if request.method == "POST":
        require(request.user, "allocation.save_scenario", network)
        if form.is_valid():
            try:
                scenario = actions.save_scenario(
                    network=network,
                    name=form.cleaned_data["name"],
                    equal=form.cleaned_data["kind"] == "equal",
                    settings=form.settings(),
                    week=queries.next_week(),
                    by=request.user,
                )
            except ActionRefused as refusal:
                show_on(form, refusal)
            else:
                messages.info(
                    request, f"Saved {scenario}. Practice managers can now agree or object."
                )
                return redirect("allocation:scenario", scenario.pk)
    return render(
        request,
        "allocation/scenarios.jinja",
        {
            "scenarios": queries.scenarios(network),
            "form": form,
            "can_save": can_save,
            "page_title": "Scenarios",
            "nav": "allocation",
        },
    )


@network_page
def scenario(request, scenario_id):
    network = request.network
    scenario = get_object_or_404(network.scenarios, pk=scenario_id)
    require(request.user, "allocation.view_allocation", network)
    practices = list(network.practices.all())
    mine = [p for p in practices if p.pk in managed_practice_ids(request.user, network.pk)]
    form = ResponseForm(data=request.POST or None)
    if request.method == "POST":
        practice = get_object_or_404(network.practices, ods_code=request.POST.get("practice", ""))
        require(request.user, "allocation.respond_for_practice", practice)
        if form.is_valid():
            try:
                actions.respond(
                    scenario=scenario,
                    practice=practice,
                    agrees=form.cleaned_data["agrees"] == "yes",
                    comment=form.cleaned_data["comment"],
                    by=request.user,
                )
            except ActionRefused as refusal:
                show_on(form, refusal)
            else:
                messages.info(request, f"Recorded {practice.name}'s response.")
                return redirect("allocation:scenario", scenario.pk)
    return render(
        request,
        "allocation/scenario.jinja",
        {
            "scenario": scenario,
            "totals": queries.practice_totals(scenario.result),
            "settings": queries.scenario_settings(scenario),
            "practices": practices,
            "responses": queries.scenario_responses(scenario),
            "my_practices": mine,
            "form": form,
            "can_agree": request.user.has_perm("allocation.agree_scenario", network),
            "holdouts": actions.scenario_holdouts(scenario),
            "basis_label": queries.basis_label,
            "page_title": scenario.name,
            "nav": "allocation",
        },
    )


@network_page
def agree_scenario(request, scenario_id):
    """Agree a scenario for the network: one click when every practice agreed; otherwise a
    step naming the practices that have not, with a tick and a reason."""
    network = request.network
    scenario = get_object_or_404(network.scenarios, pk=scenario_id)
    require(request.user, "allocation.agree_scenario", network)
    if scenario.status != Scenario.Status.DRAFT:
        messages.error(request, f"{scenario} is {scenario.get_status_display().lower()}.")
        return redirect("allocation:scenario", scenario.pk)
    form = AgreeWithoutForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.agree_scenario(
                scenario=scenario,
                confirmed=form.confirmed(),
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ActionRefused as refusal:
            show_on(form, refusal)
        else:
            messages.info(request, f"{scenario} is now the network's agreed allocation.")
            return redirect("allocation:scenario", scenario.pk)
    return render(
        request,
        "allocation/agree.jinja",
        {
            "scenario": scenario,
            "holdouts": actions.scenario_holdouts(scenario),
            "form": form,
            "page_title": f"Agree {scenario}",
            "nav": "allocation",
        },
    )


@network_page
def ledger(request):
    network = request.network
    require(request.user, "allocation.view_allocation", network)
    return render(
        request,
        "allocation/ledger.jinja",
        {"ledger": queries.ledger(network), "page_title": "Fair-share ledger", "nav": "allocation"},
    )
