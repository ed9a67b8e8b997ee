"""Coordination pages: the hub, who does what, and requests to practices."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from pcn.core.actions import ActionRefused
from pcn.core.decorators import network_page, require
from pcn.core.refusals import show_on
from pcn.core.roles import managed_practice_ids
from pcn.core.versioning import StaleEdit

from . import actions, matrix, queries
from .forms import MatrixAnswerForm, MatrixForm, RequestAnswerForm, RequestForm
from .models import Concern


@network_page
def hub(request):
    network, user = request.network, request.user
    require(user, "coordination.view_coordination", network)
    mine = managed_practice_ids(user, network.pk)
    box = queries.inbox(user, network) if mine else None
    board = (
        queries.request_board(network)
        if user.has_perm("coordination.view_all_requests", network)
        else None
    )
    proposal = queries.proposed_matrix(network)
    waiting_on_me = []
    if proposal and mine:
        answered = set(proposal.answers.values_list("practice_id", flat=True))
        waiting_on_me = [p for p in network.practices.filter(pk__in=mine) if p.pk not in answered]
    open_concerns = (
        network.concerns.exclude(status=Concern.Status.ANSWERED).count()
        if user.has_perm("coordination.view_all_concerns", network)
        else None
    )
    return render(
        request,
        "coordination/hub.jinja",
        {
            "inbox": box,
            "board": board,
            "agreed": queries.agreed_matrix(network),
            "proposal": proposal,
            "waiting_on_me": waiting_on_me,
            "my_actions": queries.action_tracker(network, status="outstanding", owner_id=user.pk),
            "open_concerns": open_concerns,
            "announcements": network.announcements.select_related("posted_by")[:3],
            "can_send": user.has_perm("coordination.send_request", network),
            "page_title": "Coordination",
            "nav": "coordination",
        },
    )


# Who does what ---------------------------------------------------------------------------


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
            version = actions.propose_matrix(
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
            actions.answer_matrix(
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


# Requests to practices -------------------------------------------------------------------


@network_page
def requests_page(request):
    network, user = request.network, request.user
    sees_all = user.has_perm("coordination.view_all_requests", network)
    if not sees_all:
        require(user, "coordination.view_inbox", network)
    return render(
        request,
        "coordination/requests.jinja",
        {
            "board": queries.request_board(network) if sees_all else None,
            "inbox": None if sees_all else queries.inbox(user, network),
            "can_send": user.has_perm("coordination.send_request", network),
            "page_title": "Requests to practices" if sees_all else "What is asked of your practice",
            "nav": "coordination",
        },
    )


@network_page
def send_request(request):
    network = request.network
    require(request.user, "coordination.send_request", network)
    practices = list(network.practices.all())
    form = RequestForm(
        data=request.POST or None,
        practices=practices,
        initial={"practices": [str(p.pk) for p in practices]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = actions.send_request(
                network=network,
                title=data["title"],
                reason=data["reason"],
                due=data["due"],
                practices=form.chosen_practices(),
                by=request.user,
            )
        except ActionRefused as refusal:
            show_on(form, refusal)
        else:
            messages.info(
                request,
                f"Sent to {sent.answers.count()} practices. Their answers appear here as they come.",
            )
            return redirect("coordination:request", sent.pk)
    return render(
        request,
        "coordination/request_new.jinja",
        {"form": form, "page_title": "Send a request to practices", "nav": "coordination"},
    )


def _request(request, request_id):
    practice_request = get_object_or_404(request.network.practice_requests, pk=request_id)
    require(request.user, "coordination.view_request", practice_request)
    return practice_request


def _answer_forms(row, user):
    mine = managed_practice_ids(user, row.request.network_id)
    return [
        (
            answer,
            RequestAnswerForm(
                initial={
                    "practice": answer.practice_id,
                    "version": answer.version,
                    "status": answer.status if answer.status != answer.Status.WAITING else "",
                    "note": answer.note,
                },
                auto_id=f"id_{answer.practice.ods_code}_%s",
            ),
        )
        for answer in row.answers
        if answer.practice_id in mine
    ]


@network_page
def request_detail(request, request_id):
    practice_request = _request(request, request_id)
    row = queries.request_row(practice_request)
    form_pairs = _answer_forms(row, request.user)
    if request.method == "POST":
        form = RequestAnswerForm(data=request.POST)
        if not form.is_valid():
            messages.error(request, "Choose done, acknowledged or cannot do.")
            return redirect("coordination:request", practice_request.pk)
        practice = get_object_or_404(request.network.practices, pk=form.cleaned_data["practice"])
        if not request.user.has_perm("coordination.answer_request", practice):
            raise PermissionDenied
        try:
            actions.answer_request(
                request=practice_request,
                practice=practice,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except (ActionRefused, StaleEdit) as refusal:
            show_on(form, refusal)
            form_pairs = [(a, form if a.practice_id == practice.pk else f) for a, f in form_pairs]
        else:
            messages.info(request, f"Your answer for {practice.name} is recorded.")
            return redirect("coordination:request", practice_request.pk)
    return render(
        request,
        "coordination/request.jinja",
        {
            "row": row,
            "form_pairs": form_pairs,
            "page_title": practice_request.title,
            "nav": "coordination",
        },
    )
