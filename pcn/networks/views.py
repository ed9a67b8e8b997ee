import re
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pcn.core.decorators import network_page, require
from pcn.core.fields import iso_date
from pcn.core.names import display_name
from pcn.core.refusals import ActionRefused, attempt, show_on
from pcn.core.versioning import StaleEdit
from pcn.reference import queries as reference

from . import actions, population_import, queries
from .forms import (
    AddIcbUserForm,
    FindPcnForm,
    OfficialPopulationForm,
    OfficialPopulationsUploadForm,
    PracticeDetailsForm,
    PracticeMembershipForm,
    RefuseApplicationForm,
    RoomsForm,
    room_field_name,
)
from .models import ApplicationStatus, Network

PCN_CODE = re.compile(r"^\s*U\d{5}\s*$", re.IGNORECASE)


@login_required
def set_up(request):
    """Find a PCN by code or name, then confirm its practices to create the network."""
    form = FindPcnForm(data=request.GET if "q" in request.GET else None)
    context = {
        "form": form,
        "my_applications": queries.applications_of(request.user),
        "can_see_applications": request.user.has_perm("networks.see_applications"),
        "page_title": "Set up a network",
    }
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
        waiting=request.user.network_applications.filter(
            pcn_code=record.code, status=ApplicationStatus.WAITING
        ).first(),
        members=members,
        list_sizes=reference.latest_list_sizes(codes),
        estimates=reference.population_estimates(codes),
        page_title=f"Set up {display_name(record.name)}",
    )
    return render(request, "networks/set_up_confirm.jinja", context)


@login_required
@require_POST
def create(request, pcn_code):
    """Ask to set up the network: it waits for approval before anything is made."""
    try:
        application = actions.apply(pcn_code=pcn_code, by=request.user)
    except actions.NetworkExists as refusal:
        messages.error(request, str(refusal))
        return redirect(f"{reverse('networks:set_up')}?q={pcn_code}")
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("networks:set_up")
    messages.info(
        request,
        f"Your request to set up {application.name} is waiting for approval by "
        f"{queries.approvers_of(application)}. We will email you when it is decided.",
    )
    return redirect(f"{reverse('networks:set_up')}?q={application.pcn_code}")


@login_required
def applications(request):
    """Requests to set up a network that this site administrator or ICB user may decide."""
    require(request.user, "networks.see_applications", None)
    shown = queries.applications_decided_by(request.user)
    # Site administrators also make ICB users here (decision 31).
    icb_form = None
    if request.user.has_perm("networks.add_icb_user"):
        icb_form = AddIcbUserForm(data=request.POST or None)
    elif request.method == "POST":
        raise PermissionDenied
    if icb_form is not None and request.method == "POST" and icb_form.is_valid():
        data = icb_form.cleaned_data
        site = request.build_absolute_uri("/")
        added = attempt(
            icb_form,
            lambda: actions.add_icb_user(
                email=data["email"],
                icb_code=data["icb_code"],
                full_name=data["full_name"],
                by=request.user,
                link_for=lambda user: actions.account_link(user, site),
            ),
        )
        if added:
            messages.info(
                request,
                f"{added.user.email} is now a user of ICB {added.icb_code}. "
                "They have been emailed a link.",
            )
            return redirect("networks:applications")
    return render(
        request,
        "networks/applications.jinja",
        {
            "waiting": shown.filter(status=ApplicationStatus.WAITING),
            "decided": shown.exclude(status=ApplicationStatus.WAITING)[:30],
            "icb_form": icb_form,
            "page_title": "Networks waiting for approval",
        },
    )


def _application(request, application_id):
    # Only among those the user may decide: any other is a 404.
    application = get_object_or_404(
        queries.applications_decided_by(request.user), pk=application_id
    )
    require(request.user, "networks.decide_application", application)
    return application


@login_required
def application(request, application_id):
    """One request: who asked, for which PCN; approve, or refuse with a reason."""
    application = _application(request, application_id)
    form = RefuseApplicationForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        refused = _decide(
            request,
            form,
            lambda: actions.refuse(
                application=application, reason=form.cleaned_data["reason"], by=request.user
            ),
        )
        if refused:
            messages.info(request, f"The request for {application.name} is refused.")
            return redirect("networks:applications")
    return render(
        request,
        "networks/application.jinja",
        {
            "application": application,
            "others": queries.other_requests_for(application),
            "practices": reference.member_practices(application.pcn_code),
            "form": form,
            "page_title": f"Request to set up {application.name}",
        },
    )


def _decide(request, form, do):
    try:
        return do()
    except ActionRefused as refusal:
        show_on(form, refusal)
        return None


@login_required
@require_POST
def approve_application(request, application_id):
    application = _application(request, application_id)
    try:
        network = actions.approve(application=application, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("networks:application", application_id=application.pk)
    messages.info(
        request, f"{network.name} is set up, with {application.applicant} as its PCN manager."
    )
    return redirect("networks:applications")


@network_page
def practices(request):
    network = request.network
    require(request.user, "networks.view_network", network)
    return render(
        request,
        "networks/practices.jinja",
        {
            "overview": queries.overview(network),
            "can_upload_populations": request.user.has_perm(
                "networks.upload_official_populations", network
            ),
            "page_title": "Practices",
            "nav": "practices",
        },
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
        "joined_on": practice.joined_on,
    }
    # Only the PCN manager says when a practice joined: it decides whose money counts.
    form_class = (
        PracticeMembershipForm
        if request.user.has_perm("networks.edit_membership", practice.network)
        else PracticeDetailsForm
    )
    form = form_class(data=request.POST or None, initial=initial)
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
        as_at = request.POST.get("as_at")
        actions.remove_official_population(
            practice=practice,
            version=request.POST.get("version"),
            basis=basis,
            as_at=iso_date(as_at) if as_at else None,
            by=request.user,
        )
    except ValueError:
        messages.error(request, "That date is not one of the practice's figures.")
    except (StaleEdit, ActionRefused) as refusal:
        messages.error(request, str(refusal))
    else:
        messages.info(request, "The official figure is removed; the next best figure is used.")
    return redirect("networks:practice", ods_code=ods_code)


UPLOAD_KEY = "population_import"


@network_page
def upload_populations(request):
    """Upload the ICB's official figures for one date: every row checked and shown, nothing
    saved until the PCN manager confirms."""
    network = request.network
    require(request.user, "networks.upload_official_populations", network)
    form = OfficialPopulationsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        preview = population_import.parse(
            network,
            upload,
            upload.name,
            form.cleaned_data["as_at"],
            form.cleaned_data["source"],
        )
        token = uuid.uuid4().hex
        if preview.ok:
            request.session[UPLOAD_KEY] = {"token": token, "preview": preview.to_dict()}
        else:
            request.session.pop(UPLOAD_KEY, None)
        return render(
            request,
            "networks/populations_upload_preview.jinja",
            {
                "preview": preview,
                "token": token,
                "bases": queries.BASES,
                "head": ["Line", "Practice"]
                + [
                    cell
                    for _, label in queries.BASES
                    for cell in (
                        {"text": label, "numeric": True},
                        f"Held at that date ({label.lower()})",
                    )
                ],
                "page_title": f"Check {upload.name} before saving",
                "nav": "practices",
            },
        )
    return render(
        request,
        "networks/populations_upload.jinja",
        {"form": form, "page_title": "Upload official populations", "nav": "practices"},
    )


@network_page
@require_POST
def confirm_populations(request):
    network = request.network
    require(request.user, "networks.upload_official_populations", network)
    waiting = request.session.pop(UPLOAD_KEY, None)
    if not waiting or waiting.get("token") != request.POST.get("token"):
        messages.error(
            request,
            "There is no checked file to save (it may have been saved already). Nothing was "
            "saved: upload the file again.",
        )
        return redirect("networks:upload_populations")
    preview = population_import.Preview.from_dict(waiting["preview"])
    try:
        saved = actions.import_official_populations(
            network=network,
            as_at=preview.date,
            source=preview.source,
            rows=population_import.to_action_rows(network, preview),
            by=request.user,
        )
    except ActionRefused as refusal:
        messages.error(request, f"Nothing was saved. {refusal}")
        return redirect("networks:upload_populations")
    messages.info(
        request,
        f"{preview.file_name} is saved: {saved} official figures at "
        f"{preview.date.day} {preview.date:%B %Y}.",
    )
    return redirect("networks:practices")
