"""The shared purpose: the page every member reads, drafting a version, each practice's answer,
the leadership's agreement and progress on a priority."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pcn.core.decorators import network_page, require
from pcn.core.refusals import ActionRefused, show_on
from pcn.core.roles import managed_practice_ids

from . import actions, queries
from .forms import PRIORITY_SLOTS, AgreeForm, AnswerForm, PriorityForm, ProgressForm, PurposeForm


def _context(request, **extra):
    return {"nav": "purpose", **extra}


@network_page
def purpose_page(request):
    network = request.network
    require(request.user, "purpose.view_purpose", network)
    version = queries.agreed(network)
    draft = queries.proposed(network)
    return render(
        request,
        "purpose/purpose.jinja",
        _context(
            request,
            version=version,
            rows=queries.priorities(version, request.user),
            draft=draft,
            draft_answers=queries.answers_by_practice(draft) if draft else [],
            versions=network.purpose_versions.select_related("proposed_by"),
            can_draft=request.user.has_perm("purpose.draft_purpose", network),
            page_title="Our shared purpose",
        ),
    )


def _priority_forms(network, data, start):
    """One form a slot: the priorities of the version a draft starts from, then blank ones."""
    forms = []
    terms = list(start.priorities.prefetch_related("services")) if start else []
    for index in range(PRIORITY_SLOTS):
        initial = {}
        if index < len(terms):
            t = terms[index]
            initial = {
                "title": t.title,
                "owner": str(t.owner_id),
                "measure": t.measure,
                "target": None if t.target is None else f"{t.target.normalize():f}",
                "unit": t.unit,
                "services": [str(s.pk) for s in t.services.all()],
                "priority": str(t.priority_id),
            }
        forms.append(PriorityForm(data=data, initial=initial, prefix=f"p{index}", network=network))
    return forms


def _drafts(network, forms):
    """The filled-in priority forms as drafts, in order, with their forms."""
    from pcn.core.models import User

    chosen = []
    for form in forms:
        if form.is_blank:
            continue
        data = form.cleaned_data
        owner = User.objects.filter(pk=data["owner"]).first() if data["owner"] else None
        priority = None
        if data["priority"]:
            priority = network.priorities.filter(pk=data["priority"]).first()
        chosen.append(
            (
                form,
                actions.PriorityDraft(
                    title=data["title"],
                    owner=owner,
                    measure=data["measure"],
                    target=data["target"],
                    unit=data["unit"],
                    services=list(network.services.filter(pk__in=data["services"])),
                    priority=priority,
                ),
            )
        )
    return chosen


@network_page
def draft_purpose(request):
    network = request.network
    require(request.user, "purpose.draft_purpose", network)
    start = queries.latest(network)
    initial = {}
    if start:
        initial = {
            "statement": start.statement,
            "values": "\n".join(start.values),
            "year": start.year,
        }
    data = request.POST if request.method == "POST" else None
    form = PurposeForm(data=data, initial=initial)
    priority_forms = _priority_forms(network, data, start)
    if data is not None and form.is_valid() and all(p.is_valid() for p in priority_forms):
        chosen = _drafts(network, priority_forms)
        try:
            version = actions.draft(
                network=network,
                statement=form.cleaned_data["statement"],
                values=form.value_lines(),
                year=form.cleaned_data["year"],
                priorities=[d for _, d in chosen],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ActionRefused as refusal:
            _show(refusal, form, [f for f, _ in chosen])
        else:
            messages.info(
                request,
                f"Version {version.number} is drafted. Each practice manager sees it and agrees "
                "or objects; then the PCN manager or clinical director agrees it.",
            )
            return redirect("purpose:version", version.pk)
    return render(
        request,
        "purpose/draft.jinja",
        _context(
            request,
            form=form,
            priority_forms=priority_forms,
            start=start,
            page_title="Draft the shared purpose",
        ),
    )


def _show(refusal, form, priority_forms):
    """A refusal about the n-th chosen priority ("p2-title") on that priority's own field."""
    name = refusal.field or ""
    if name.startswith("p") and "-" in name:
        index, _, field = name[1:].partition("-")
        if index.isdigit() and int(index) < len(priority_forms):
            target = priority_forms[int(index)]
            target.add_error(field if field in target.fields else None, str(refusal))
            return
    show_on(form, refusal)


def _version(request, purpose_version_id):
    version = get_object_or_404(request.network.purpose_versions, pk=purpose_version_id)
    require(request.user, "purpose.view_purpose", version)
    return version


def _version_page(request, version, bound=None):
    answers = queries.answers_by_practice(version)
    mine = managed_practice_ids(request.user, request.network.pk)
    answer_forms = []
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
                form = AnswerForm(initial=initial, prefix=row.practice.ods_code)
            answer_forms.append((row.practice, row.answer, form))
    previous, changes = queries.changes(version)
    return render(
        request,
        "purpose/version.jinja",
        _context(
            request,
            version=version,
            rows=queries.priorities(version, request.user, with_progress=False),
            answers=answers,
            answer_forms=answer_forms,
            previous=previous,
            changes=changes,
            can_agree=version.status == version.Status.PROPOSED
            and request.user.has_perm("purpose.agree_purpose", version),
            page_title=str(version),
        ),
    )


@network_page
def version_page(request, purpose_version_id):
    return _version_page(request, _version(request, purpose_version_id))


@network_page
@require_POST
def answer(request, purpose_version_id, ods_code):
    version = _version(request, purpose_version_id)
    practice = get_object_or_404(request.network.practices, ods_code=ods_code)
    require(request.user, "purpose.answer_purpose", practice)
    form = AnswerForm(data=request.POST, prefix=practice.ods_code)
    if form.is_valid():
        try:
            actions.answer(
                version=version,
                practice=practice,
                agrees=form.cleaned_data["answer"] == "agree",
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except ActionRefused as refusal:
            show_on(form, refusal)
        else:
            messages.info(request, f"Your answer for {practice.name} is recorded.")
            return redirect("purpose:version", version.pk)
    return _version_page(request, version, bound=(practice, form))


@network_page
def agree(request, purpose_version_id):
    """Agreeing a draft. With every practice agreed, one button; otherwise a page that names
    each practice that has not agreed and asks why the network agrees without them."""
    version = _version(request, purpose_version_id)
    require(request.user, "purpose.agree_purpose", version)
    if version.status != version.Status.PROPOSED:
        raise Http404
    pending = actions.not_agreed(version)
    form = AgreeForm(data=request.POST if request.method == "POST" else None, pending=pending)
    if request.method == "POST" and form.is_valid():
        try:
            actions.agree(
                version=version,
                without=form.cleaned_data["without"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ActionRefused as refusal:
            show_on(form, refusal)
            pending = actions.not_agreed(version)  # someone may have answered meanwhile
        else:
            messages.info(request, f"{version} is agreed and now in force.")
            return redirect("purpose:purpose")
    return render(
        request,
        "purpose/agree.jinja",
        _context(
            request,
            version=version,
            pending=pending,
            form=form,
            page_title=f"Agree {version}",
        ),
    )


@network_page
def add_progress(request, priority_id):
    network = request.network
    priority = get_object_or_404(network.priorities, pk=priority_id)
    require(request.user, "purpose.view_purpose", priority)
    require(request.user, "purpose.add_progress", priority)
    version = queries.agreed(network)
    terms = version.priorities.filter(priority=priority).first() if version else None
    if terms is None:
        raise Http404
    form = ProgressForm(
        data=request.POST if request.method == "POST" else None,
        initial={"on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_progress(
                priority=priority,
                on=form.cleaned_data["on"] or timezone.localdate(),
                note=form.cleaned_data["note"],
                figure=form.cleaned_data["figure"],
                by=request.user,
            )
        except ActionRefused as refusal:
            show_on(form, refusal)
        else:
            messages.info(request, f"Progress on {terms.title} is recorded.")
            return redirect("purpose:purpose")
    return render(
        request,
        "purpose/progress.jinja",
        _context(
            request,
            terms=terms,
            progress=list(priority.progress.select_related("added_by")[:5]),
            form=form,
            page_title=f"Add progress: {terms.title}",
        ),
    )
