"""The ARRS role catalogue by year, with the network's own figures where the sources have none."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from pcn.core.decorators import network_page, require
from pcn.core.refusals import ActionRefused, show_on
from pcn.reference.models import ArrsRole
from pcn.reference.queries import current_financial_year

from .. import catalogue
from ..actions.catalogue import set_role_figure


class FigureForm(forms.Form):
    value = forms.CharField(label="Figure", max_length=20)
    source = forms.CharField(
        label="Where it comes from",
        max_length=300,
        help_text="For example: ICB letter of 3 June 2026, or our supervision policy.",
    )


@network_page
def roles(request):
    network = request.network
    require(request.user, "workforce.view_catalogue", network)
    years = catalogue.years()
    year = request.GET.get("year") or current_financial_year()
    if year not in years:
        year = years[-1] if years else year
    rows = list(catalogue.effective_roles(network, year).values())
    return render(
        request,
        "workforce/roles.jinja",
        {
            "year": year,
            "years": years,
            "rows": rows,
            "sources": catalogue.cited(row.role for row in rows),
            "figures": catalogue.FIGURES,
            "can_edit": request.user.has_perm("workforce.edit_catalogue", network),
            "can_see_maxima": request.user.has_perm("money.view_totals", network),
            "page_title": f"ARRS role catalogue {year}",
            "nav": "staff",
        },
    )


@network_page
def enter_figure(request, role_id, field):
    network = request.network
    require(request.user, "workforce.edit_catalogue", network)
    role = get_object_or_404(ArrsRole, pk=role_id)
    if field not in catalogue.FIGURES:
        raise Http404
    current = catalogue.effective_roles(network, role.year)[role.code].figures[field]
    form = FigureForm(
        request.POST or None,
        initial={"value": current.value, "source": current.source} if current.by_network else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_role_figure(
                network=network, role=role, field=field, by=request.user, **form.cleaned_data
            )
        except ActionRefused as refusal:
            show_on(form, refusal)
        else:
            messages.info(request, f"{catalogue.FIGURES[field]} for {role.name} is saved.")
            return redirect(reverse("workforce:roles") + "?" + urlencode({"year": role.year}))
    return render(
        request,
        "workforce/role_figure_form.jinja",
        {
            "form": form,
            "role": role,
            "label": catalogue.FIGURES[field],
            "current": current,
            "page_title": f"{catalogue.FIGURES[field]}: {role.name}",
            "nav": "staff",
        },
    )
