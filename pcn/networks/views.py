import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pcn.core.decorators import network_page, require
from pcn.core.middleware import choose_network
from pcn.core.names import display_name
from pcn.core.refusals import ActionRefused, show_on
from pcn.core.versioning import StaleEdit
from pcn.reference import queries as reference

from . import actions, queries
from .forms import (
    FindPcnForm,
    OfficialPopulationForm,
    PracticeDetailsForm,
    RoomsForm,
    room_field_name,
)
from .models import Network

PCN_CODE = re.compile(r"^\s*U\d{5}\s*$", re.IGNORECASE)


@login_required
def set_up(request):
    """Find a PCN by code or name, then confirm its practices to create the network."""
    form = FindPcnForm(data=request.GET if "q" in request.GET else None)
    context = {"form": form, "page_title": "Set up a network"}
    if form.is_valid():
        text = form.cleaned_data["q"].strip()
        if PCN_CODE.match(text):
            return _confirm_or_refuse(request, text.upper(), context)
        context["results"] = reference.search_pcns(text)
        if not context["results"]:
            context["nearest"] = reference.nearest_pcns(text)
            form.add_error("q", f"No PCN or practice name contains “{text}”.")
    return render(request, "networks/set_up.jinja", context)


def _confirm_or_refuse(request, code, context):
    record = reference.find_pcn(code)
    if record is None:
        context["nearest"] = reference.nearest_pcns(code)
        context["form"].add_error(
            "q", f"No PCN has the code {code} in the NHS files. Check the code, or search by name."
        )
        return render(request, "networks/set_up.jinja", context)
    existing = Network.objects.filter(pcn_code=record.code).first()
    members = list(reference.member_practices(record.code))
    codes = [m.code for m in members]
    context.update(
        record=record,
        existing=existing,
        is_member=bool(existing and existing.memberships.filter(user=request.user).exists()),
        members=members,
        list_sizes=reference.latest_list_sizes(codes),
        estimates=reference.population_estimates(codes),
        page_title=f"Set up {display_name(record.name)}",
    )
    return render(request, "networks/set_up_confirm.jinja", context)


@login_required
@require_POST
def create(request, pcn_code):
    try:
        network = actions.set_up(pcn_code=pcn_code, by=request.user)
    except actions.NetworkExists as refusal:
        messages.error(request, str(refusal))
        return redirect(f"{reverse('networks:set_up')}?q={pcn_code}")
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("networks:set_up")
    choose_network(request, network)
    messages.info(
        request,
        f"{network.name} is set up with {network.practices.count()} practices. "
        "You are its PCN manager: invite your practice managers next.",
    )
    return redirect("home:overview")


@network_page
def practices(request):
    network = request.network
    require(request.user, "networks.view_network", network)
    return render(
        request,
        "networks/practices.jinja",
        {"overview": queries.overview(network), "page_title": "Practices", "nav": "practices"},
    )


def _practice(request, ods_code):
    # Through the current network: another network's practice is a 404, never a 403.
    return get_object_or_404(request.network.practices, ods_code=ods_code)


@network_page
def practice(request, ods_code):
    practice = _practice(request, ods_code)
    require(request.user, "networks.view_practice", practice)
    return render(
        request,
        "networks/practice.jinja",
        {
            "page": queries.practice_page(practice),
            "can_edit": request.user.has_perm("networks.edit_practice", practice),
            "can_enter_official": request.user.has_perm(
                "networks.enter_official_population", practice
            ),
            "can_see_history": request.user.has_perm("core.view_record_history", practice),
            "page_title": practice.name,
            "nav": "practices",
        },
    )


def _save(request, form, do, success):
    """Run an edit; a stale version or a refusal becomes a message on the form."""
    try:
        do()
    except ActionRefused as refusal:
        show_on(form, refusal)
        return False
    messages.info(request, success)
    return True


@network_page
def edit_practice(request, ods_code):
    practice = _practice(request, ods_code)
    require(request.user, "networks.edit_practice", practice)
    initial = {
        "version": practice.version,
        "address": practice.address,
        "phone": practice.phone,
        "email": practice.email,
    }
    form = PracticeDetailsForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        if _save(
            request,
            form,
            lambda: actions.update_practice(
                practice=practice, version=version, by=request.user, **data
            ),
            f"{practice.name}'s details are saved.",
        ):
            return redirect("networks:practice", ods_code=ods_code)
    return render(
        request,
        "networks/practice_edit.jinja",
        {
            "practice": practice,
            "form": form,
            "page_title": f"Edit {practice.name}",
            "nav": "practices",
        },
    )


@network_page
def edit_rooms(request, ods_code):
    practice = _practice(request, ods_code)
    require(request.user, "networks.edit_practice", practice)
    grid = queries.room_grid(practice)
    initial = {"version": practice.version} | {
        room_field_name(d, s): n for (d, s), n in grid.items()
    }
    form = RoomsForm(data=request.POST or None, initial=initial)
    saved = (
        request.method == "POST"
        and form.is_valid()
        and _save(
            request,
            form,
            lambda: actions.set_rooms(
                practice=practice,
                version=form.cleaned_data["version"],
                grid=form.grid(),
                by=request.user,
            ),
            f"Rooms at {practice.name} are saved.",
        )
    )
    if saved:
        return redirect("networks:practice", ods_code=ods_code)
    page = queries.practice_page(practice)
    return render(
        request,
        "networks/rooms_edit.jinja",
        {
            "practice": practice,
            "form": form,
            "page": page,
            "field_name": room_field_name,
            "page_title": f"Rooms at {practice.name}",
            "nav": "practices",
        },
    )


@network_page
def enter_population(request, ods_code):
    practice = _practice(request, ods_code)
    require(request.user, "networks.enter_official_population", practice)
    form = OfficialPopulationForm(
        data=request.POST or None,
        initial={"version": practice.version, "basis": request.GET.get("basis")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if _save(
            request,
            form,
            lambda: actions.enter_official_population(practice=practice, by=request.user, **data),
            f"The official figure for {practice.name} is saved and now used everywhere.",
        ):
            return redirect("networks:practice", ods_code=ods_code)
    return render(
        request,
        "networks/population_enter.jinja",
        {
            "practice": practice,
            "form": form,
            "page_title": f"Official population for {practice.name}",
            "nav": "practices",
        },
    )


@network_page
@require_POST
def remove_population(request, ods_code, basis):
    practice = _practice(request, ods_code)
    require(request.user, "networks.enter_official_population", practice)
    try:
        actions.remove_official_population(
            practice=practice,
            version=int(request.POST.get("version", -1)),
            basis=basis,
            by=request.user,
        )
    except (StaleEdit, ActionRefused) as refusal:
        messages.error(request, str(refusal))
    else:
        messages.info(request, "The official figure is removed; the next best figure is used.")
    return redirect("networks:practice", ods_code=ods_code)
