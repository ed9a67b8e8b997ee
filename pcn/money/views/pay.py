"""Pay lines (entered or imported from a CSV file) and the monthly ARRS claims."""

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from pcn.core import spreadsheet_cells
from pcn.core.actions import ActionRefused
from pcn.core.decorators import network_page, require
from pcn.core.refusals import attempt, show_on
from pcn.core.years import label_month
from pcn.workforce.catalogue import role_names

from .. import actions, arrears, claims, salary_import
from ..claim_dates import days_between
from ..eligibility import left_out
from ..forms import (
    ClaimDatesForm,
    PaidClaimForm,
    SalaryLineForm,
    StartClaimForm,
    SubmitClaimForm,
    UploadForm,
)
from ..models import Claim
from ..salary_import import STAFF_ID
from .pages import claimable_months, month_in_url, page

IMPORT_KEY = "salary_import"


# Pay lines --------------------------------------------------------------------------------


@network_page
def salary_lines(request):
    network = request.network
    require(request.user, "money.view_pay", network)
    today = timezone.localdate()
    choices = claimable_months(today)
    latest = network.salary_lines.order_by("-month").values_list("month", flat=True).first()
    default = latest if latest in choices else choices[-1]
    month = month_in_url(request.GET["month"]) if request.GET.get("month") else default
    form = None
    if request.user.has_perm("money.edit_pay", network):
        form = SalaryLineForm(
            data=request.POST or None,
            network=network,
            months=choices,
            initial=_line_initial(network, month, request.GET.get("staff")),
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            person = form.people[data["staff"]]
            try:
                if person.invoiced:
                    line = actions.enter_invoice_line(
                        network=network,
                        staff=person,
                        month=month_in_url(data["month"]),
                        invoice_amount=data["invoice_amount"],
                        vat=data["vat"],
                        invoice_reference=data["invoice_reference"],
                        by=request.user,
                        version=data["version"],
                    )
                else:
                    line = actions.enter_salary_line(
                        network=network,
                        staff=person,
                        month=month_in_url(data["month"]),
                        salary=data["salary"],
                        employer_ni=data["employer_ni"],
                        employer_pension=data["employer_pension"],
                        by=request.user,
                        version=data["version"],
                    )
            except ActionRefused as refusal:
                show_on(form, refusal)
            else:
                messages.info(request, f"Saved {line.staff}'s pay for {label_month(line.month)}.")
                return redirect(f"{request.path}?month={line.month:%Y-%m}")
    elif request.method == "POST":
        require(request.user, "money.edit_pay", network)
    found = claims.lines_for(network, [month])
    return page(
        request,
        "money/salary_lines.jinja",
        f"Pay lines for {label_month(month)}",
        month=month,
        months=choices,
        lines=found,
        totals=claims.totals(found),
        excluded=left_out(found),
        roles=role_names(),
        form=form,
        claim=network.claims.filter(month=month).first(),
        change_lines=form is not None,
    )


def _line_initial(network, month, staff_id):
    """The form for a new line in `month`, or, asked for a person whose line is saved, that
    line's values and version: a save from it is refused if someone changes the line first."""
    initial = {"month": f"{month:%Y-%m}"}
    line = (
        network.salary_lines.filter(month=month, staff_id=staff_id).select_related("staff").first()
        if staff_id and STAFF_ID.fullmatch(staff_id)
        else None
    )
    if line is None:
        return initial
    initial.update(staff=str(line.staff_id), version=line.version)
    if line.staff.invoiced:
        initial.update(
            invoice_amount=line.salary, vat=line.vat, invoice_reference=line.invoice_reference
        )
    else:
        initial.update(
            salary=line.salary,
            employer_ni=line.employer_ni,
            employer_pension=line.employer_pension,
        )
    return initial


@network_page
def salary_lines_csv(request):
    network = request.network
    require(request.user, "money.view_pay", network)
    month = month_in_url(request.GET.get("month", ""))
    lines = network.salary_lines.filter(month=month).select_related("staff")
    response = HttpResponse(salary_import.export(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="salary-lines-{network.pcn_code}-{month:%Y-%m}.csv"'
    )
    return response


@network_page
def import_lines(request):
    network = request.network
    require(request.user, "money.edit_pay", network)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        preview = salary_import.parse(network, upload, upload.name)
        token = uuid.uuid4().hex
        if preview.ok:
            request.session[IMPORT_KEY] = {"token": token, "preview": preview.to_dict()}
        else:
            request.session.pop(IMPORT_KEY, None)
        return page(
            request,
            "money/import_preview.jinja",
            f"Check {upload.name} before importing",
            preview=preview,
            token=token,
        )
    return page(request, "money/import.jinja", "Import salary lines from a CSV file", form=form)


@network_page
@require_POST
def confirm_import(request):
    network = request.network
    require(request.user, "money.edit_pay", network)
    waiting = request.session.pop(IMPORT_KEY, None)
    if not waiting or waiting.get("token") != request.POST.get("token"):
        messages.error(
            request,
            "There is no checked file to import (it may have been imported already). Nothing "
            "was imported: upload the file again.",
        )
        return redirect("money:import_lines")
    preview = salary_import.Preview.from_dict(waiting["preview"])
    try:
        rows = salary_import.to_action_rows(network, preview)
        saved = actions.import_salary_lines(network=network, rows=rows, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, f"Nothing was imported. {refusal}")
        return redirect("money:import_lines")
    messages.info(request, f"{preview.file_name} is imported: {len(saved)} salary lines saved.")
    return redirect(f"{_url('money:salary_lines')}?month={saved[-1].month:%Y-%m}")


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


# Claims -----------------------------------------------------------------------------------


@network_page
def claims_page(request):
    network = request.network
    require(request.user, "money.view_pay", network)
    today = timezone.localdate()
    all_claims = list(network.claims.all())
    claimed = {c.month for c in all_claims}
    with_lines = sorted(set(network.salary_lines.values_list("month", flat=True)) - claimed)
    form = None
    if request.user.has_perm("money.edit_pay", network):
        form = StartClaimForm(
            data=request.POST or None,
            months=[m for m in reversed(claimable_months(today)) if m not in claimed],
        )
        if request.method == "POST" and form.is_valid():
            try:
                claim = actions.start_claim(
                    network=network,
                    month=month_in_url(form.cleaned_data["month"]),
                    by=request.user,
                    today=today,
                )
            except ActionRefused as refusal:
                show_on(form, refusal)
            else:
                messages.info(request, f"Started the {claim}. Check its lines, then submit it.")
                return redirect("money:claim", claim.pk)
    elif request.method == "POST":
        require(request.user, "money.edit_pay", network)
    owed = [c for c in all_claims if c.status == Claim.Status.SUBMITTED]
    draft = next((c for c in all_claims if c.status == Claim.Status.DRAFT), None)
    arrears_owed = arrears.owed(network)
    return page(
        request,
        "money/claims.jinja",
        "ARRS claims",
        claims=all_claims,
        arrears_owed=arrears_owed,
        arrears_total=arrears.total(arrears_owed),
        draft=draft,
        owed=owed,
        owed_total=sum((c.amount_claimed for c in owed), 0),
        waiting={c.pk: days_between(c.submitted_on, today) for c in owed},
        paid_after={
            c.pk: days_between(c.submitted_on, c.paid_on)
            for c in all_claims
            if c.status == Claim.Status.PAID
        },
        unclaimed=with_lines,
        form=form,
        today=today,
    )


@network_page
def claim(request, claim_id):
    network = request.network
    found = get_object_or_404(network.claims, pk=claim_id)
    require(request.user, "money.view_pay", network)
    return _claim_page(request, found)


def _claim_page(request, found, *, submit_form=None, paid_form=None, dates_form=None):
    """The claim with its lines; the form for its next step (submitted, then paid) to those who
    may edit pay, as given (a refused one keeps its answers and errors) or fresh."""
    network = request.network
    lines = claims.lines_for(network, [found.month])
    edit = request.user.has_perm("money.edit_pay", network)
    today = timezone.localdate()
    if edit and found.status == Claim.Status.DRAFT and submit_form is None:
        submit_form = SubmitClaimForm(initial={"version": found.version, "submitted_on": today})
    if edit and found.status == Claim.Status.SUBMITTED and paid_form is None:
        paid_form = PaidClaimForm(
            initial={
                "version": found.version,
                "paid_on": today,
                "amount_paid": found.amount_claimed,
            }
        )
    if edit and found.status != Claim.Status.DRAFT and dates_form is None:
        dates_form = ClaimDatesForm(
            initial={
                "version": found.version,
                "submitted_on": found.submitted_on,
                "paid_on": found.paid_on,
            }
        )
    return page(
        request,
        "money/claim.jinja",
        str(found),
        claim=found,
        lines=lines,
        totals=claims.totals(lines),
        excluded=left_out(lines),
        dates_form=dates_form if edit and found.status != Claim.Status.DRAFT else None,
        roles=role_names(),
        submit_form=submit_form if edit and found.status == Claim.Status.DRAFT else None,
        paid_form=paid_form if edit and found.status == Claim.Status.SUBMITTED else None,
        arrears_lines=list(found.arrears_lines.select_related("staff")),
        owed=arrears.owed(network, before=found.month)
        if found.status == Claim.Status.DRAFT
        else [],
    )


@network_page
@require_POST
def add_arrears(request, claim_id):
    network = request.network
    require(request.user, "money.edit_pay", network)
    found = get_object_or_404(network.claims, pk=claim_id)
    try:
        rows = actions.add_arrears(claim=found, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.info(request, f"Added {len(rows)} arrears lines to {found}.")
    return redirect("money:claim", found.pk)


@network_page
@require_POST
def submit_claim(request, claim_id):
    return _claim_step(
        request, claim_id, SubmitClaimForm, actions.submit_claim, "submitted", "submit_form"
    )


@network_page
@require_POST
def pay_claim(request, claim_id):
    return _claim_step(request, claim_id, PaidClaimForm, actions.mark_paid, "paid", "paid_form")


@network_page
@require_POST
def correct_dates(request, claim_id):
    return _claim_step(
        request,
        claim_id,
        ClaimDatesForm,
        actions.correct_claim_dates,
        None,
        "dates_form",
    )


def _claim_step(request, claim_id, form_class, action, done, form_name):
    """A claim's next step (submitted, then paid) from its form's answers: back to the claim
    once recorded, or the claim again with the form, its answers and why it was refused."""
    network = request.network
    found = get_object_or_404(network.claims, pk=claim_id)
    require(request.user, "money.edit_pay", network)
    form = form_class(data=request.POST)
    if form.is_valid() and attempt(
        form, lambda: action(claim=found, by=request.user, **form.cleaned_data)
    ):
        if done:
            messages.info(request, f"Recorded the {found} as {done}.")
        else:
            messages.info(request, f"Corrected the dates of the {found}.")
        return redirect("money:claim", found.pk)
    found.refresh_from_db()
    return _claim_page(request, found, **{form_name: form})


@network_page
def claim_csv(request, claim_id):
    network = request.network
    found = get_object_or_404(network.claims, pk=claim_id)
    require(request.user, "money.view_pay", network)
    rows = claims.csv_rows(claims.lines_for(network, [found.month]), role_names())
    response = HttpResponse(
        spreadsheet_cells.csv_text(rows, header=claims.CSV_HEADER),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="arrs-claim-{network.pcn_code}-{found.month:%Y-%m}.csv"'
    )
    return response
