"""The register against the NHS workforce census: the comparison, explaining a difference,
and the register in the shape of the next workforce return."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pcn.core.decorators import network_page, require
from pcn.core.refusals import ActionRefused, attempt

from .. import census_return
from ..actions import census as census_actions
from ..census_match import DIFFERENCE, ONLY_IN_CENSUS, ONLY_IN_REGISTER, reconcile
from ..forms import CensusExplanationForm


@network_page
def census(request):
    network = request.network
    require(request.user, "workforce.view_census", network)
    today = timezone.localdate()
    found = reconcile(network, today)
    return render(
        request,
        "workforce/census.jinja",
        {
            "found": found,
            "today": today,
            "sections": [
                (
                    ONLY_IN_REGISTER,
                    "In the register, not in the census",
                    "People in post on the census date whom the census does not have.",
                ),
                (
                    ONLY_IN_CENSUS,
                    "In the census, not in the register",
                    "Records of the census that nobody in the register matches.",
                ),
                (
                    DIFFERENCE,
                    "FTE, role or date differences",
                    "The same person in both, with something that disagrees.",
                ),
            ],
            "can_explain": request.user.has_perm("workforce.explain_census", network),
            "page_title": "Register and the NHS census",
            "nav": "staff",
        },
    )


@network_page
def explain(request):
    network = request.network
    require(request.user, "workforce.explain_census", network)
    today = timezone.localdate()
    form = CensusExplanationForm(
        data=request.POST or None, initial={"item": request.GET.get("item", "")[:400]}
    )
    item = request.POST.get("item") or request.GET.get("item") or ""
    entry = reconcile(network, today).find(item[:400])
    if request.method == "POST" and form.is_valid():
        done = attempt(
            form,
            lambda: census_actions.explain(
                network=network,
                item=form.cleaned_data["item"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                today=today,
            ),
        )
        if done:
            messages.info(request, f"Marked explained: {done.summary}.")
            return redirect(reverse("workforce:census") + "#explained")
    if entry is None and request.method == "GET":
        raise Http404("No such difference in the comparison")
    return render(
        request,
        "workforce/census_explain.jinja",
        {
            "form": form,
            "entry": entry,
            "page_title": "Mark a difference explained",
            "nav": "staff",
        },
    )


@require_POST
@network_page
def reopen(request):
    network = request.network
    require(request.user, "workforce.explain_census", network)
    explanation_id = request.POST.get("explanation", "")
    if not explanation_id.isdigit() or len(explanation_id) > 12:
        raise Http404("No such explanation")
    if not network.census_explanations.filter(pk=int(explanation_id)).exists():
        raise Http404("No such explanation in this network")
    try:
        census_actions.reopen(network=network, explanation_id=int(explanation_id), by=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.info(request, "The difference is open again.")
    return redirect("workforce:census")


@network_page
def census_export(request):
    network = request.network
    require(request.user, "workforce.view_census", network)
    today = timezone.localdate()
    response = HttpResponse(
        census_return.csv_text(network, today), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{census_return.file_name(network, today)}"'
    )
    return response
