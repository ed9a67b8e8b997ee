from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from pcn.core.actions import ActionRefused
from pcn.core.decorators import network_page, require
from pcn.core.refusals import attempt
from pcn.core.versioning import StaleEdit
from pcn.networks import week

from .. import queries
from ..actions import staff
from ..catalogue import RECENT_EMPLOYMENT_ROLES
from ..forms import LeaverForm, StaffForm, SupervisionForm
from ..identity import my_record
from ..models import LeaverReason
from ..sessions import usual_sessions, week_against_wte, wte_in_sessions
from ..where_they_work import short_day


def _person(request, pk):
    # Through the current network: another network's person is a 404.
    found = queries.person(request.network, pk)
    if found is None:
        raise Http404
    return found


@network_page
def register(request):
    network = request.network
    require(request.user, "workforce.view_register", network)
    filters = queries.Filters.from_request(request.GET)
    return render(
        request,
        "workforce/register.jinja",
        {
            "staff": queries.register(network, filters),
            "filters": filters,
            "statuses": queries.STATUSES,
            "roles": queries.role_names(),
            "practices": network.practices.all(),
            "teams": network.teams.all(),
            "can_edit": request.user.has_perm("workforce.edit_register", network),
            "can_see_overdue_supervision": request.user.has_perm(
                "workforce.view_overdue_supervision", network
            ),
            "page_title": "Staff register",
            "nav": "staff",
        },
    )


@network_page
def person_detail(request, pk):
    person = _person(request, pk)
    require(request.user, "workforce.view_person", person)
    return render(
        request,
        "workforce/person.jinja",
        {
            "person": person,
            "page": queries.person_page(person),
            "roles": queries.role_names(),
            "nursing_roles": RECENT_EMPLOYMENT_ROLES,
            "week_grid": week.grid(),
            "can_edit": request.user.has_perm("workforce.edit_person", person),
            "can_log_supervision": request.user.has_perm("workforce.log_supervision", person),
            "can_read_note": lambda s: request.user.has_perm("workforce.view_supervision_note", s),
            "page_title": str(person),
            "nav": "staff",
        },
    )


def _staff_form_page(request, form, person=None):
    return render(
        request,
        "workforce/person_form.jinja",
        {
            "form": form,
            "person": person,
            "page_title": f"Change {person}" if person else "Add a person",
            "nav": "staff",
        },
    )


@network_page
def person_add(request):
    network = request.network
    require(request.user, "workforce.edit_register", network)
    form = StaffForm(data=request.POST or None, network=network, initial={"version": 1})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version")
        person = attempt(form, lambda: staff.add(network=network, by=request.user, **data))
        if person:
            messages.info(request, f"{person} is added to the register.")
            return redirect("workforce:person", pk=person.pk)
    return _staff_form_page(request, form)


@network_page
def person_edit(request, pk):
    person = _person(request, pk)
    require(request.user, "workforce.edit_person", person)
    form = StaffForm(
        data=request.POST or None,
        network=request.network,
        person=person,
        initial=StaffForm.initial_for(person),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        saved = attempt(
            form, lambda: staff.update(person=person, version=version, by=request.user, **data)
        )
        if saved:
            messages.info(request, f"{saved} is saved.")
            return redirect("workforce:person", pk=person.pk)
    return _staff_form_page(request, form, person)


@network_page
def usual_week(request, pk):
    person = _person(request, pk)
    require(request.user, "workforce.edit_person", person)
    practices = {str(p.pk): p for p in request.network.practices.all()}
    current = {(w.weekday, w.session): w.practice for w in person.usual_week.all()}
    slots = week.WEEK_SLOTS
    error = None
    if request.method == "POST":
        chosen = {}
        for d, s in slots:
            value = request.POST.get(f"slot_{d}_{s}", "")
            if value == "hub":
                chosen[(d, s)] = None
            elif value in practices:
                chosen[(d, s)] = practices[value]
            elif value:
                error = (
                    f"{week.slot_name(d, s)}: choose a member practice, the hub, or not working."
                )
        if error is None:
            try:
                staff.set_usual_week(
                    person=person,
                    version=request.POST.get("version"),
                    slots=chosen,
                    by=request.user,
                )
            except (StaleEdit, ActionRefused) as refusal:
                error = str(refusal)
            else:
                messages.info(request, f"{person}'s usual week is saved.")
                return redirect("workforce:person", pk=person.pk)
    return render(
        request,
        "workforce/usual_week.jinja",
        {
            "person": person,
            "practices": practices.values(),
            "current": current,
            "wte_in_sessions": wte_in_sessions(person),
            "week_against_wte": week_against_wte(person, usual_sessions(current)),
            "week_grid": week.grid(),
            "week_days": week.by_day(),
            "slot_name": week.slot_name,
            "error": error,
            "page_title": f"{person}'s usual week",
            "nav": "staff",
        },
    )


@network_page
def log_supervision(request, pk):
    person = _person(request, pk)
    require(request.user, "workforce.log_supervision", person)
    me = my_record(request.user, request.network.pk)
    form = SupervisionForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        supervisor = me if me and me.pk != person.pk else person.supervisor
        name = "" if supervisor else person.external_supervisor or str(request.user)
        if attempt(
            form,
            lambda: staff.log_supervision(
                person=person,
                supervisor=supervisor,
                supervisor_name=name,
                by=request.user,
                **form.cleaned_data,
            ),
        ):
            messages.info(request, f"Supervision for {person} is logged.")
            return redirect("workforce:person", pk=person.pk)
    return render(
        request,
        "workforce/supervision_form.jinja",
        {
            "person": person,
            "form": form,
            "page_title": f"Log supervision for {person}",
            "nav": "staff",
        },
    )


@network_page
def record_leaver(request, pk):
    person = _person(request, pk)
    require(request.user, "workforce.edit_person", person)
    form = LeaverForm(
        data=request.POST or None, initial={"version": person.version, "end_date": person.end_date}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: staff.record_leaver(
                person=person,
                version=data["version"],
                end_date=data["end_date"],
                reason=data["reason"],
                note=data["note"],
                by=request.user,
            ),
        ):
            messages.info(request, f"{person}'s leaving is recorded.")
            return redirect("workforce:person", pk=person.pk)
    return render(
        request,
        "workforce/leaver_form.jinja",
        {
            "person": person,
            "form": form,
            "reasons": LeaverReason.choices,
            "page_title": f"{person} is leaving",
            "nav": "staff",
        },
    )


@network_page
def practice_staff(request, ods_code):
    practice = get_object_or_404(request.network.practices, ods_code=ods_code)
    require(request.user, "workforce.view_practice_staff", practice)
    found = queries.practice_staff(practice)
    return render(
        request,
        "workforce/practice_staff.jinja",
        {
            "practice": practice,
            **found,
            "week_from": short_day(found["monday"]),
            "roles": queries.role_names(),
            "week_grid": week.grid(),
            "week_days": week.by_day(),
            "page_title": f"PCN staff at {practice.name}",
            "nav": "practices",
        },
    )
