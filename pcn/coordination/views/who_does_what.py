"""Who does what: the responsibility matrix, its versions, and each practice's answer."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from pcn.core.actions import ActionRefused
from pcn.core.decorators import network_page, require
from pcn.core.forms import AgreeWithoutForm
from pcn.core.refusals import show_on
from pcn.core.roles import managed_practice_ids

from .. import actions, matrix, queries
from ..forms import (
    MatrixAnswerForm,
    MatrixForm,
)


@network_page
def matrix_page(request):
    network = request.network
    require(request.user, "coordination.view_matrix", network)
    proposal = queries.proposed_matrix(network)
    return render(
        request,
        "coordination/matrix.jinja",
        {
            "agreed": queries.agreed_matrix(network),
            "proposal": proposal,
            "versions": network.matrix_versions.select_related("proposed_by"),
            "can_propose": request.user.has_perm("coordination.propose_matrix", network),
            "parties": matrix.PARTIES,
            "letter_labels": matrix.LETTER_LABELS,
            "page_title": "Who does what",
            "nav": "coordination",
        },
    )


@network_page
def propose_matrix(request):
    network = request.network
    require(request.user, "coordination.propose_matrix", network)
    latest = queries.latest_matrix(network)
    rows = latest.rows if latest else matrix.starting_rows()
    form = MatrixForm(data=request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.who_does_what.propose_matrix(
                network=network, rows=form.rows(), note=form.cleaned_data["note"], by=request.user
            )
        except ActionRefused as refusal:
            show_on(form, refusal)
        else:
            messages.info(
                request,
                f"Version {version.number} is proposed. Each practice manager sees it on their "
                "coordination page and agrees or objects.",
            )
            return redirect("coordination:matrix_version", version.pk)
    return render(
        request,
        "coordination/matrix_propose.jinja",
        {
            "form": form,
            "latest": latest,
            "parties": matrix.PARTIES,
            "page_title": "Propose who does what",
            "nav": "coordination",
        },
    )


def _version(request, version_id):
    version = get_object_or_404(request.network.matrix_versions, pk=version_id)
    require(request.user, "coordination.view_matrix", version)
    return version


def _my_practices(request):
    ids = managed_practice_ids(request.user, request.network.pk)
    return list(request.network.practices.filter(pk__in=ids))


def _version_page(request, version, bound=None):
    """The version, what changed, each practice's answer, and an answer form per practice the
    viewer manages (`bound`: (practice, form) of a refused answer, shown with its message)."""
    previous, changes = queries.changes_since_agreed(version)
    answers = queries.answers_by_practice(version)
    mine = {p.pk for p in _my_practices(request)}
    forms = []
    if version.status == version.Status.PROPOSED:
        for row in answers:
            if row.practice.pk not in mine:
                continue
            if bound and bound[0].pk == row.practice.pk:
                form = bound[1]
            else:
                initial = {}
                if row.answer is not None:
                    initial = {
                        "answer": "agree" if row.answer.agrees else "object",
                        "comment": row.answer.comment,
                    }
                form = MatrixAnswerForm(initial=initial, prefix=row.practice.ods_code)
            forms.append((row.practice, row.answer, form))
    return render(
        request,
        "coordination/matrix_version.jinja",
        {
            "version": version,
            "previous": previous,
            "changes": changes,
            "answers": answers,
            "answer_forms": forms,
            "can_agree": version.status == version.Status.PROPOSED
            and request.user.has_perm("coordination.agree_matrix", request.network),
            "parties": matrix.PARTIES,
            "letter_labels": matrix.LETTER_LABELS,
            "page_title": str(version),
            "nav": "coordination",
        },
    )


@network_page
def matrix_version(request, version_id):
    return _version_page(request, _version(request, version_id))


@network_page
@require_POST
def answer_matrix(request, version_id, ods_code):
    version = _version(request, version_id)
    practice = get_object_or_404(request.network.practices, ods_code=ods_code)
    require(request.user, "coordination.answer_matrix", practice)
    form = MatrixAnswerForm(data=request.POST, prefix=practice.ods_code)
    if form.is_valid():
        try:
            actions.who_does_what.answer_matrix(
                version=version,
                practice=practice,
                agrees=form.cleaned_data["answer"] == "agree",
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except ActionRefused as refusal:
            show_on(form, refusal)
        else:
            version.refresh_from_db()
            if version.status == version.Status.AGREED:
                messages.info(request, f"Every practice has agreed: {version} is now in force.")
            else:
                messages.info(request, f"Your answer for {practice.name} is recorded.")
            return redirect("coordination:matrix_version", version.pk)
    return _version_page(request, version, bound=(practice, form))


@network_page
def agree_matrix(request, version_id):
    """The clinical director puts a proposed version in force before every practice agreed:
    a step naming the practices that have not, with a tick and a reason."""
    version = _version(request, version_id)
    require(request.user, "coordination.agree_matrix", request.network)
    if version.status != version.Status.PROPOSED:
        messages.error(request, f"{version} is {version.get_status_display().lower()}.")
        return redirect("coordination:matrix_version", version.pk)
    form = AgreeWithoutForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.who_does_what.agree_matrix(
                version=version,
                confirmed=form.confirmed(),
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ActionRefused as refusal:
            show_on(form, refusal)
        else:
            messages.info(request, f"{version} is now in force for the network.")
            return redirect("coordination:matrix_version", version.pk)
    return render(
        request,
        "coordination/matrix_agree.jinja",
        {
            "version": version,
            "holdouts": actions.who_does_what.matrix_holdouts(version),
            "form": form,
            "page_title": f"Agree {version}",
            "nav": "coordination",
        },
    )
