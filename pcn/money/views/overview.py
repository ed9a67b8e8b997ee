from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pcn.core.actions import ActionRefused
from pcn.core.decorators import network_page, require
from pcn.core.refusals import show_on
from pcn.core.roles import managed_practice_ids
from pcn.core.versioning import StaleEdit
from pcn.core.years import next_year, population_date, this_year
from pcn.workforce.catalogue import role_names

from .. import actions, claims, entitlements
from ..forms import (
    ProfileForm,
    RateForm,
    WhatIfForm,
)
from ..queries import forecast_for, recruitment_what_if, roles_of_year, unspent_money_warning
from ..rates import rates_for, show_rate, years_for
from ..streams import STREAMS
from .pages import page, year_asked

# Entitlements and rates -------------------------------------------------------------------


@network_page
def overview(request):
    network = request.network
    require(request.user, "money.view_totals", network)
    year = year_asked(request)
    lines = entitlements.for_network(network, year)
    mine = managed_practice_ids(request.user, network.pk)
    return page(
        request,
        "money/overview.jinja",
        "Money",
        year=year,
        population_date=population_date(year),
        years=years_for(network),
        lines=lines,
        totals=entitlements.totals_by_kind(lines),
        warning=unspent_money_warning(network) if year == this_year() else None,
        my_practices=[p for p in network.practices.all() if p.pk in mine],
    )


@network_page
def rates(request):
    network = request.network
    require(request.user, "money.view_totals", network)
    years = years_for(network)
    table = {year: rates_for(network, year) for year in years}
    return page(
        request,
        "money/rates.jinja",
        "Payment rates by year",
        years=years,
        table=table,
        streams=STREAMS,
    )


@network_page
def set_rate(request):
    network = request.network
    require(request.user, "money.edit_rates", network)
    initial = {"year": request.GET.get("year", this_year()), "stream": request.GET.get("stream")}
    entered = network.payment_rates.filter(
        year=str(initial["year"])[:7], stream=str(initial["stream"])[:20]
    ).first()
    if entered:
        initial.update(value=show_rate(entered.value), source=entered.source)
        initial["version"] = entered.version
    form = RateForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            row = actions.set_rate(network=network, by=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            show_on(form, refusal)
        else:
            messages.info(request, f"Saved the {row.get_stream_display()} rate for {row.year}.")
            return redirect("money:rates")
    return page(request, "money/rate_form.jinja", "Enter or correct a rate", form=form)


@network_page
def profile(request):
    network = request.network
    require(request.user, "money.edit_rates", network)
    current = claims.profile_of(network)
    initial = {
        "pay_area": current.pay_area,
        "mental_health_agreement": "yes" if current.mental_health_agreement else "no",
        "care_home_beds": current.care_home_beds,
        "care_home_beds_source": current.care_home_beds_source,
        "version": current.version,
    }
    form = ProfileForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        version = fields.pop("version")
        fields["mental_health_agreement"] = fields["mental_health_agreement"] == "yes"
        try:
            actions.update_profile(network=network, version=version, by=request.user, **fields)
        except (ActionRefused, StaleEdit) as refusal:
            show_on(form, refusal)
        else:
            messages.info(request, "Saved the claim and entitlement settings.")
            return redirect("money:overview")
    return page(request, "money/profile_form.jinja", "Claim and entitlement settings", form=form)


# Forecast ---------------------------------------------------------------------------------


@network_page
def forecast(request):
    network = request.network
    require(request.user, "money.view_totals", network)
    today = timezone.localdate()
    result, _, terms = forecast_for(network, today=today)
    what_if, form = None, None
    can_see_pay = request.user.has_perm("money.view_pay", network)
    if can_see_pay:
        roles = roles_of_year(result.year)
        form = WhatIfForm(data=request.GET if "role" in request.GET else None, roles=roles)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if data["start"] < today or data["start"] > date(int(result.year[:4]) + 1, 3, 31):
                form.add_error("start", "Choose a start date from today to 31 March.")
            else:
                _, what_if = recruitment_what_if(
                    network,
                    role_code=data["role"],
                    wte=data["wte"],
                    start=data["start"],
                    today=today,
                )
    planned = list(network.planned_posts.filter(year=result.year).select_related("added_by"))
    planned_this_year = sum((p.cost_this_year for p in planned), Decimal("0.00"))
    return page(
        request,
        "money/forecast.jinja",
        f"ARRS forecast to 31 March {int(result.year[:4]) + 1}",
        planned=planned if can_see_pay else [],
        planned_this_year=planned_this_year,
        planned_full_year=sum((p.cost_full_year for p in planned), Decimal("0.00")),
        headroom_after_planned=None
        if result.headroom is None
        else result.headroom - planned_this_year,
        can_plan=request.user.has_perm("planning.view_plan", network),
        forecast=result,
        form=form,
        what_if=what_if,
        next_year=next_year(result.year),
        names=role_names(),
        people={p.pk: p for p in network.staff.all()} if can_see_pay else {},
    )


@require_POST
@network_page
def remove_planned_post(request, planned_post_id):
    network = request.network
    require(request.user, "money.plan_posts", network)
    post = get_object_or_404(network.planned_posts, pk=planned_post_id)
    actions.remove_planned_post(post=post, by=request.user)
    messages.info(request, "Removed the planned post from the forecast.")
    return redirect(reverse("money:forecast") + "#planned")
