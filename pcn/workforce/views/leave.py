"""Leave: staff ask for it and withdraw it; the PCN manager records it, and approves or declines
requests seeing what each would take out of the published rota."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pcn.core.actions import ActionRefused
from pcn.core.decorators import network_page, require
from pcn.core.refusals import attempt

from .. import leave as leave_rules
from .. import queries
from ..actions import staff
from ..forms import LeaveForm
from ..identity import my_record
from ..models import Leave


def _network_leave(request, leave_id):
    # Through the current network: another network's leave is a 404.
    return get_object_or_404(
        Leave.objects.filter(staff__network=request.network).select_related("staff"), pk=leave_id
    )


@network_page
def record_leave(request, pk):
    person = queries.person(request.network, pk)
    if person is None:
        raise Http404
    is_me = (me := my_record(request.user, request.network.pk)) is not None and me.pk == person.pk
    if not is_me:
        require(request.user, "workforce.edit_person", person)
    form = LeaveForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Staff ask; the PCN manager records (approved at once) or decides on requests.
        asks = is_me and not request.user.has_perm("workforce.decide_leave", request.network)
        do = staff.request_leave if asks else staff.record_leave
        leave = attempt(form, lambda: do(person=person, by=request.user, **form.cleaned_data))
        if leave:
            days = leave_rules.working_days(leave.start, leave.end)
            what = f"{leave_rules.describe(leave)} ({days} working day{'s' if days != 1 else ''})"
            messages.info(
                request,
                f"Your request for {what[0].lower()}{what[1:]} is with the PCN manager."
                if asks
                else f"Recorded: {what}.",
            )
            return redirect(
                "home:my_work" if is_me else "workforce:person",
                **({} if is_me else {"pk": person.pk}),
            )
    return render(
        request,
        "workforce/leave_form.jinja",
        {
            "person": person,
            "form": form,
            "is_me": is_me,
            "today": leave_rules.day(timezone.localdate()),
            "max_days": leave_rules.MAX_DAYS,
            "page_title": "Ask for leave" if is_me else "Record leave",
            "nav": "my_work" if is_me else "staff",
        },
    )


@network_page
def leave_requests(request):
    require(request.user, "workforce.decide_leave", request.network)
    return render(
        request,
        "workforce/leave_requests.jinja",
        {
            "requests": leave_rules.impacts(
                request.network, queries.leave_requests(request.network)
            ),
            "span": leave_rules.span,
            "roles": queries.role_names(),
            "page_title": "Leave requests",
            "nav": "staff",
        },
    )


@network_page
@require_POST
def decide_leave(request, leave_id):
    require(request.user, "workforce.decide_leave", request.network)
    leave = _network_leave(request, leave_id)
    try:
        leave = staff.decide_leave(
            leave=leave, approve=request.POST.get("decision") == "approve", by=request.user
        )
    except ActionRefused as refusal:
        messages.error(request, f"{leave.staff}, {leave_rules.describe(leave)}: {refusal}")
    else:
        messages.info(
            request,
            f"{leave.get_status_display()}: {leave.staff}, {leave_rules.describe(leave)}.",
        )
    return redirect("workforce:leave_requests")


@network_page
@require_POST
def withdraw_leave(request, leave_id):
    leave = _network_leave(request, leave_id)
    require(request.user, "workforce.withdraw_leave", leave)
    try:
        leave, told = staff.withdraw_leave(leave=leave, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        said = leave_rules.describe(leave)
        messages.info(
            request,
            f"Withdrawn: {said[0].lower()}{said[1:]}."
            + (f" {told}, who approved it, has been told by email." if told else ""),
        )
    return redirect("home:my_work")
