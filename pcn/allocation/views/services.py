"""The network's services and each practice's answers: opted in or out, demand and constraints."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from pcn.core.actions import ActionRefused
from pcn.core.decorators import network_page, require
from pcn.core.refusals import show_on
from pcn.core.roles import managed_practice_ids
from pcn.core.versioning import StaleEdit
from pcn.workforce.catalogue import role_names

from .. import actions
from ..forms import AnswerForm, EditServiceForm, ServiceForm
from ..models import Participation


@network_page
def services(request):
    network = request.network
    require(request.user, "allocation.view_allocation", network)
    services = list(network.services.all())
    practices = list(network.practices.all())
    answers = {
        (a.service_id, a.practice_id): a
        for a in Participation.objects.filter(service__network=network)
    }
    unanswered = [p for p in practices if any((s.pk, p.pk) not in answers for s in services)]
    mine = managed_practice_ids(request.user, network.pk)
    return render(
        request,
        "allocation/services.jinja",
        {
            "services": services,
            "practices": practices,
            "answers": answers,
            "unanswered": unanswered,
            "my_practices": [p for p in practices if p.pk in mine],
            "roles": role_names(),
            "can_edit": request.user.has_perm("allocation.edit_services", network),
            "page_title": "Services",
            "nav": "allocation",
        },
    )


@network_page
@require_POST
def add_starter_services(request):
    network = request.network
    require(request.user, "allocation.edit_services", network)
    added = actions.add_starter_services(network=network, by=request.user)
    messages.info(request, f"Added {len(added)} services. Edit or remove any that don't fit.")
    return redirect("allocation:services")


@network_page
def add_service(request):
    network = request.network
    require(request.user, "allocation.edit_services", network)
    form = ServiceForm(data=request.POST or None, initial={"needs_rooms": True, "hours": "core"})
    if request.method == "POST" and form.is_valid():
        try:
            service = actions.add_service(network=network, by=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            show_on(form, refusal)
        else:
            messages.info(request, f"Added {service}. Practices can now opt in or out.")
            return redirect("allocation:services")
    return render(
        request,
        "allocation/service_form.jinja",
        {"form": form, "service": None, "page_title": "Add a service", "nav": "allocation"},
    )


@network_page
def edit_service(request, service_id):
    network = request.network
    service = get_object_or_404(network.services, pk=service_id)
    require(request.user, "allocation.edit_services", network)
    initial = {
        "name": service.name,
        "description": service.description,
        "role_codes": service.role_codes,
        "needs_rooms": service.needs_rooms,
        "hours": service.hours,
        "version": service.version,
    }
    form = EditServiceForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        version = fields.pop("version")
        try:
            actions.update_service(service=service, version=version, by=request.user, **fields)
        except (ActionRefused, StaleEdit) as refusal:
            show_on(form, refusal)
        else:
            messages.info(request, f"Saved {service}.")
            return redirect("allocation:services")
    return render(
        request,
        "allocation/service_form.jinja",
        {"form": form, "service": service, "page_title": f"Change {service}", "nav": "allocation"},
    )


@network_page
@require_POST
def remove_service(request, service_id):
    network = request.network
    service = get_object_or_404(network.services, pk=service_id)
    require(request.user, "allocation.edit_services", network)
    actions.remove_service(service=service, by=request.user)
    messages.info(request, f"Removed {service}, with every practice's answer for it.")
    return redirect("allocation:services")


@network_page
def practice_answers(request, ods_code):
    network = request.network
    practice = get_object_or_404(network.practices, ods_code=ods_code)
    require(request.user, "allocation.answer_for_practice", practice)
    services = list(network.services.all())
    existing = {a.service_id: a for a in practice.participations.filter(service__network=network)}
    forms = []
    for service in services:
        answer = existing.get(service.pk)
        initial = (
            {
                "opted_in": "yes" if answer.opted_in else "no",
                "demand": answer.demand,
                "constraints": answer.constraints,
            }
            if answer
            else {}
        )
        forms.append(
            (
                service,
                answer,
                AnswerForm(data=request.POST or None, prefix=f"s{service.pk}", initial=initial),
            )
        )
    refusal = None
    if request.method == "POST" and all(form.is_valid() for _, _, form in forms):
        try:
            actions.answer(
                practice=practice,
                answers=[
                    (
                        service,
                        form.cleaned_data["opted_in"] == "yes",
                        form.cleaned_data["demand"],
                        form.cleaned_data["constraints"],
                    )
                    for service, _, form in forms
                ],
                by=request.user,
            )
        except ActionRefused as error:
            refusal = str(error)
            # The refusal names the service's demand field: the message goes beside it too.
            for service, _, form in forms:
                if error.field == f"demand_{service.pk}":
                    form.add_error("demand", str(error))
        else:
            messages.info(request, f"Saved {practice.name}'s answers for {len(services)} services.")
            return redirect("allocation:allocation")
    return render(
        request,
        "allocation/answers.jinja",
        {
            "practice": practice,
            "forms": forms,
            "refusal": refusal,
            "roles": role_names(),
            "page_title": f"{practice.name}: services",
            "nav": "allocation",
        },
    )
