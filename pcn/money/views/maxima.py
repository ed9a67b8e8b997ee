"""The ARRS maxima per WTE in force through a year, and the PCN manager's own figures."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from pcn.core.decorators import network_page, require
from pcn.core.refusals import ActionRefused, show_on
from pcn.core.years import first_day, last_day, year_of
from pcn.reference.models import ArrsRole
from pcn.workforce.catalogue import role_names
from pcn.workforce.models import PayArea

from .. import actions
from ..claims import profile_of
from ..forms import MaximumForm
from ..maxima import Maxima
from .pages import page, year_asked


def timeline(maxima, year):
    """[(role name, band, [(from, {area: Maximum})])]: the figures in force on 1 April and
    from each change within the year, for every role of the year's catalogue."""
    roles = ArrsRole.objects.filter(year=year).order_by("name")
    if not roles:
        roles = ArrsRole.objects.filter(year=ArrsRole.objects.order_by("-year")[0].year)
    start, end = first_day(year), last_day(year)
    rows = []
    for role in roles:
        bands = sorted(b for code, b in maxima.shipped if code == role.code and b) or [""]
        for band in bands:
            days = {start}
            for area in PayArea.values:
                days.update(maxima.changes_in(role.code, start, end, area, band))
            periods = [
                (day, {area: maxima.on(role.code, day, area, band) for area in PayArea.values})
                for day in sorted(days)
            ]
            rows.append((role.name, band, periods))
    return rows


@network_page
def maxima_page(request):
    network = request.network
    require(request.user, "money.view_totals", network)
    year = year_asked(request)
    maxima = Maxima(network)
    rows = timeline(maxima, year)
    names = role_names()
    areas = dict(PayArea.choices)
    methods = _methods(rows)
    return page(
        request,
        "money/maxima.jinja",
        f"ARRS maxima in {year}",
        year=year,
        rows=rows,
        areas=PayArea.choices,
        network_area=profile_of(network).pay_area,
        carried=any(m.carried_forward for m in _figures(rows)),
        methods=methods,
        method_ids={method: index for index, (method, _, _) in enumerate(methods, 1)},
        entered=[
            {
                "name": names.get(row.role_code, row.role_code)
                + (f" band {row.band}" if row.band else ""),
                "area": areas[row.pay_area].lower(),
                "valid_from": row.valid_from,
                "value": row.value,
                "source": row.source,
            }
            for rows_of_key in maxima.entered.values()
            for row in rows_of_key
        ],
    )


def _figures(rows):
    return [m for _, _, periods in rows for _, by_area in periods for m in by_area.values()]


def _methods(rows):
    """[(method, source, [role names])]: each way an estimate was worked out, once."""
    found = {}
    for name, band, periods in rows:
        for _, by_area in periods:
            for m in by_area.values():
                if m.estimated:
                    roles = found.setdefault((m.method, m.source), [])
                    label = f"{name} band {band}" if band else name
                    if label not in roles:
                        roles.append(label)
    return [(method, source, roles) for (method, source), roles in found.items()]


@network_page
def enter_maximum(request):
    network = request.network
    require(request.user, "money.edit_rates", network)
    names = role_names()
    form = MaximumForm(
        request.POST or None,
        roles=names,
        initial={"role_code": request.GET.get("role"), "pay_area": profile_of(network).pay_area},
    )
    if request.method == "POST" and form.is_valid():
        try:
            row = actions.set_network_maximum(network=network, by=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            show_on(form, refusal)
        else:
            messages.info(
                request,
                f"Saved: {names[row.role_code]} {row.get_pay_area_display().lower()} maximum "
                f"from {row.valid_from:%-d %B %Y}. Claims already made for months since then "
                "show any arrears on the claims page.",
            )
            return redirect(
                reverse("money:maxima") + "?" + urlencode({"year": year_of(row.valid_from)})
            )
    return page(request, "money/maximum_form.jinja", "Enter the ICB's maximum", form=form)
