import csv
import io
import uuid
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pcn.core.actions import ActionRefused
from pcn.core.decorators import network_page, require
from pcn.core.roles import managed_practice_ids
from pcn.core.versioning import StaleEdit
from pcn.workforce.catalogue import role_names

from . import actions, claims, entitlements, salary_import, statements
from .distribution import rule_for
from .exact import pounds
from .forms import (
    IncomeForm,
    PaidClaimForm,
    ProfileForm,
    RateForm,
    RuleForm,
    SalaryLineForm,
    StartClaimForm,
    SubmitClaimForm,
    UploadForm,
    WhatIfForm,
)
from .models import Claim, DistributionBasis, IncomeReceipt
from .queries import forecast_for, recruitment_what_if, unspent_money_warning
from .rates import rates_for, show_rate, years_for
from .streams import SHORT_NAMES, STREAM_BY_KEY, STREAMS, income_name
from .years import QUARTERS, check_year, label_month, months, next_year, this_year

IMPORT_KEY = "salary_import"


def _page(request, template, title, **context):
    network = request.network
    user = request.user
    return render(
        request,
        template,
        {
            "page_title": title,
            "nav": "money",
            "pounds": pounds,
            "show_rate": show_rate,
            "can": {
                "pay": user.has_perm("money.view_pay", network),
                "edit_pay": user.has_perm("money.edit_pay", network),
                "edit_rates": user.has_perm("money.edit_rates", network),
                "edit_income": user.has_perm("money.edit_income", network),
                "ledger": user.has_perm("money.view_ledger", network),
            },
            **context,
        },
    )


def _refused(form, refusal):
    field = getattr(refusal, "field", None)
    form.add_error(field if field in form.fields else None, str(refusal))


def _year(request, default=None):
    year = request.GET.get("year") or default or this_year()
    try:
        return check_year(year)
    except ValueError:
        raise Http404 from None


def _month(text):
    try:
        return salary_import.parse_month(text)
    except ValueError:
        raise Http404 from None


def _claimable_months(today):
    """This financial year's months to date and last year's: what lines and claims are for."""
    year = this_year(today)
    return [m for m in months(_previous(year)) + months(year) if m <= today.replace(day=1)]


def _previous(year):
    start = int(year[:4]) - 1
    return f"{start}/{(start + 1) % 100:02d}"


# Entitlements and rates -------------------------------------------------------------------


@network_page
def overview(request):
    network = request.network
    require(request.user, "money.view_totals", network)
    year = _year(request)
    lines = entitlements.for_network(network, year)
    total, incomplete = entitlements.network_total(lines)
    mine = managed_practice_ids(request.user, network.pk)
    return _page(
        request,
        "money/overview.jinja",
        "Money",
        year=year,
        years=years_for(network),
        lines=lines,
        total=total,
        incomplete=incomplete,
        warning=unspent_money_warning(network) if year == this_year() else None,
        my_practices=[p for p in network.practices.all() if p.pk in mine],
    )


@network_page
def rates(request):
    network = request.network
    require(request.user, "money.view_totals", network)
    years = years_for(network)
    table = {year: rates_for(network, year) for year in years}
    return _page(
        request,
        "money/rates.jinja",
        "Payment rates by year",
        years=years,
        table=table,
        streams=STREAMS,
    )


@network_page
def set_rate(request):
    network = request.network
    require(request.user, "money.edit_rates", network)
    initial = {"year": request.GET.get("year", this_year()), "stream": request.GET.get("stream")}
    form = RateForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            row = actions.set_rate(network=network, by=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            _refused(form, refusal)
        else:
            messages.info(request, f"Saved the {row.get_stream_display()} rate for {row.year}.")
            return redirect("money:rates")
    return _page(request, "money/rate_form.jinja", "Enter or correct a rate", form=form)


@network_page
def profile(request):
    network = request.network
    require(request.user, "money.edit_rates", network)
    current = claims.profile_of(network)
    initial = {
        "pay_area": current.pay_area,
        "mental_health_agreement": "yes" if current.mental_health_agreement else "no",
        "care_home_beds": current.care_home_beds,
        "care_home_beds_source": current.care_home_beds_source,
        "version": current.version,
    }
    form = ProfileForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        version = fields.pop("version")
        fields["mental_health_agreement"] = fields["mental_health_agreement"] == "yes"
        try:
            actions.update_profile(network=network, version=version, by=request.user, **fields)
        except (ActionRefused, StaleEdit) as refusal:
            _refused(form, refusal)
        else:
            messages.info(request, "Saved the claim and entitlement settings.")
            return redirect("money:overview")
    return _page(request, "money/profile_form.jinja", "Claim and entitlement settings", form=form)


# Pay lines --------------------------------------------------------------------------------


@network_page
def salary_lines(request):
    network = request.network
    require(request.user, "money.view_pay", network)
    today = timezone.localdate()
    choices = _claimable_months(today)
    latest = network.salary_lines.order_by("-month").values_list("month", flat=True).first()
    default = latest if latest in choices else choices[-1]
    month = _month(request.GET["month"]) if request.GET.get("month") else default
    form = None
    if request.user.has_perm("money.edit_pay", network):
        form = SalaryLineForm(
            data=request.POST or None,
            network=network,
            months=choices,
            initial={"month": f"{month:%Y-%m}"},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                line = actions.enter_salary_line(
                    network=network,
                    staff=form.people[data["staff"]],
                    month=_month(data["month"]),
                    salary=data["salary"],
                    employer_ni=data["employer_ni"],
                    employer_pension=data["employer_pension"],
                    by=request.user,
                )
            except ActionRefused as refusal:
                _refused(form, refusal)
            else:
                messages.info(request, f"Saved {line.staff}'s pay for {label_month(line.month)}.")
                return redirect(f"{request.path}?month={line.month:%Y-%m}")
    elif request.method == "POST":
        require(request.user, "money.edit_pay", network)
    found = claims.lines_for(network, [month])
    return _page(
        request,
        "money/salary_lines.jinja",
        f"Pay lines for {label_month(month)}",
        month=month,
        months=choices,
        lines=found,
        totals=claims.totals(found),
        roles=role_names(),
        form=form,
        claim=network.claims.filter(month=month).first(),
    )


@network_page
def salary_lines_csv(request):
    network = request.network
    require(request.user, "money.view_pay", network)
    month = _month(request.GET.get("month", ""))
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
        return _page(
            request,
            "money/import_preview.jinja",
            f"Check {upload.name} before importing",
            preview=preview,
            token=token,
        )
    return _page(request, "money/import.jinja", "Import salary lines from a CSV file", form=form)


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
            months=[m for m in reversed(_claimable_months(today)) if m not in claimed],
        )
        if request.method == "POST" and form.is_valid():
            try:
                claim = actions.start_claim(
                    network=network,
                    month=_month(form.cleaned_data["month"]),
                    by=request.user,
                    today=today,
                )
            except ActionRefused as refusal:
                _refused(form, refusal)
            else:
                messages.info(request, f"Started the {claim}. Check its lines, then submit it.")
                return redirect("money:claim", claim.pk)
    elif request.method == "POST":
        require(request.user, "money.edit_pay", network)
    owed = [c for c in all_claims if c.status == Claim.Status.SUBMITTED]
    return _page(
        request,
        "money/claims.jinja",
        "ARRS claims",
        claims=all_claims,
        owed=owed,
        owed_total=sum((c.amount_claimed for c in owed), 0),
        waiting={c.pk: (today - c.submitted_on).days for c in owed},
        paid_after={
            c.pk: (c.paid_on - c.submitted_on).days
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
    lines = claims.lines_for(network, [found.month])
    edit = request.user.has_perm("money.edit_pay", network)
    today = timezone.localdate()
    return _page(
        request,
        "money/claim.jinja",
        str(found),
        claim=found,
        lines=lines,
        totals=claims.totals(lines),
        roles=role_names(),
        submit_form=SubmitClaimForm(initial={"version": found.version, "submitted_on": today})
        if edit and found.status == Claim.Status.DRAFT
        else None,
        paid_form=PaidClaimForm(
            initial={
                "version": found.version,
                "paid_on": today,
                "amount_paid": found.amount_claimed,
            }
        )
        if edit and found.status == Claim.Status.SUBMITTED
        else None,
    )


@network_page
@require_POST
def submit_claim(request, claim_id):
    network = request.network
    found = get_object_or_404(network.claims, pk=claim_id)
    require(request.user, "money.edit_pay", network)
    form = SubmitClaimForm(data=request.POST)
    if form.is_valid():
        try:
            actions.submit_claim(
                claim=found,
                version=form.cleaned_data["version"],
                submitted_on=form.cleaned_data["submitted_on"],
                by=request.user,
            )
        except (ActionRefused, StaleEdit) as refusal:
            messages.error(request, str(refusal))
        else:
            messages.info(request, f"Recorded the {found} as submitted.")
    else:
        messages.error(request, "Enter the date the claim was submitted, like 10 11 2026.")
    return redirect("money:claim", found.pk)


@network_page
@require_POST
def pay_claim(request, claim_id):
    network = request.network
    found = get_object_or_404(network.claims, pk=claim_id)
    require(request.user, "money.edit_pay", network)
    form = PaidClaimForm(data=request.POST)
    if form.is_valid():
        try:
            actions.mark_paid(
                claim=found,
                version=form.cleaned_data["version"],
                paid_on=form.cleaned_data["paid_on"],
                amount_paid=form.cleaned_data["amount_paid"],
                by=request.user,
            )
        except (ActionRefused, StaleEdit) as refusal:
            messages.error(request, str(refusal))
        else:
            messages.info(request, f"Recorded the {found} as paid.")
    else:
        messages.error(request, "Enter the date paid and the amount paid.")
    return redirect("money:claim", found.pk)


@network_page
def claim_csv(request, claim_id):
    network = request.network
    found = get_object_or_404(network.claims, pk=claim_id)
    require(request.user, "money.view_pay", network)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(claims.CSV_HEADER)
    writer.writerows(claims.csv_rows(claims.lines_for(network, [found.month]), role_names()))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="arrs-claim-{network.pcn_code}-{found.month:%Y-%m}.csv"'
    )
    return response


# Forecast ---------------------------------------------------------------------------------


@network_page
def forecast(request):
    network = request.network
    require(request.user, "money.view_totals", network)
    today = timezone.localdate()
    result, _, terms = forecast_for(network, today=today)
    what_if, form = None, None
    if request.user.has_perm("money.view_pay", network):
        roles = terms.roles(result.year)
        form = WhatIfForm(data=request.GET if "role" in request.GET else None, roles=roles)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if data["start"] < today or data["start"] > date(int(result.year[:4]) + 1, 3, 31):
                form.add_error("start", "Choose a start date from today to 31 March.")
            else:
                _, what_if = recruitment_what_if(
                    network,
                    role_code=data["role"],
                    wte=data["wte"],
                    start=data["start"],
                    today=today,
                )
    return _page(
        request,
        "money/forecast.jinja",
        f"ARRS forecast to 31 March {int(result.year[:4]) + 1}",
        forecast=result,
        form=form,
        what_if=what_if,
        next_year=next_year(result.year),
    )


# Income and distribution ------------------------------------------------------------------


@network_page
def income(request):
    network = request.network
    require(request.user, "money.view_totals", network)
    today = timezone.localdate()
    year = this_year(today)
    form = None
    if request.user.has_perm("money.edit_income", network):
        form = IncomeForm(
            data=request.POST or None,
            months=_claimable_months(today),
            initial={"received_on": today, "month": f"{today.replace(day=1):%Y-%m}"},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                receipt = actions.record_income(
                    network=network,
                    stream=data["stream"],
                    month=_month(data["month"]),
                    amount=data["amount"],
                    received_on=data["received_on"],
                    by=request.user,
                )
            except ActionRefused as refusal:
                _refused(form, refusal)
            else:
                messages.info(
                    request, f"Recorded {pounds(receipt.amount)} {receipt} and shared it out."
                )
                return redirect("money:income")
    elif request.method == "POST":
        require(request.user, "money.edit_income", network)
    receipts = list(
        IncomeReceipt.objects.filter(network=network, month__in=months(year)).order_by(
            "-received_on", "stream"
        )
    )
    by_stream = {}
    for receipt in receipts:
        by_stream[receipt.stream] = by_stream.get(receipt.stream, 0) + receipt.amount
    return _page(
        request,
        "money/income.jinja",
        "Income and how it is shared",
        year=year,
        receipts=receipts,
        by_stream=[(income_name(k), v) for k, v in by_stream.items()],
        total=sum(by_stream.values(), 0),
        rules=[(s, rule_for(network, s.key)) for s in STREAMS if s.key != "participation"],
        income_name=income_name,
        form=form,
    )


@network_page
def distribution_rule(request):
    network = request.network
    require(request.user, "money.edit_income", network)
    stream = request.GET.get("stream", "")
    if stream not in STREAM_BY_KEY or stream == "participation":
        raise Http404
    practices = list(network.practices.all())
    current = rule_for(network, stream)
    initial = {"basis": current.basis}
    for practice in practices:
        initial[f"pct_{practice.ods_code}"] = current.percentages.get(practice.ods_code, "")
    form = RuleForm(data=request.POST or None, initial=initial, practices=practices)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_distribution_rule(
                network=network,
                stream=stream,
                basis=form.cleaned_data["basis"],
                percentages=form.percentages(),
                by=request.user,
            )
        except ActionRefused as refusal:
            _refused(form, refusal)
        else:
            messages.info(request, f"Saved how {income_name(stream)} is shared out.")
            return redirect("money:income")
    return _page(
        request,
        "money/rule_form.jinja",
        f"How {income_name(stream)} is shared out",
        form=form,
        stream=stream,
        agreed=DistributionBasis.AGREED,
    )


@network_page
def ledger(request):
    network = request.network
    require(request.user, "money.view_ledger", network)
    year = _year(request)
    columns, rows, totals = statements.ledger(network, year)
    return _page(
        request,
        "money/ledger.jinja",
        f"Practice ledger {year}",
        year=year,
        columns=[(SHORT_NAMES[c.key], income_name(c.key)) for c in columns],
        rows=rows,
        totals=totals,
    )


# Practice statements ----------------------------------------------------------------------


def _period(request):
    year = _year(request)
    quarter = request.GET.get("quarter") or None
    if quarter and quarter not in QUARTERS:
        raise Http404
    return year, quarter


@network_page
def statements_index(request):
    network = request.network
    practices = [
        p for p in network.practices.all() if request.user.has_perm("money.view_statement", p)
    ]
    if not practices:
        require(request.user, "money.view_ledger", network)  # refuses
    if len(practices) == 1 and not request.user.has_perm("money.view_ledger", network):
        return redirect("money:statement", practices[0].ods_code)
    return _page(request, "money/statements.jinja", "Practice statements", practices=practices)


def _statement(request, ods_code):
    network = request.network
    practice = get_object_or_404(network.practices, ods_code=ods_code)
    require(request.user, "money.view_statement", practice)
    year, quarter = _period(request)
    return statements.statement(practice, year, quarter)


@network_page
def statement(request, ods_code):
    result = _statement(request, ods_code)
    return _page(
        request,
        "money/statement.jinja",
        f"{result.practice.name}: statement {result.period}",
        s=result,
        years=years_for(request.network),
        quarters=list(QUARTERS),
    )


@network_page
def statement_print(request, ods_code):
    result = _statement(request, ods_code)
    return _page(
        request,
        "money/statement_print.jinja",
        f"{result.practice.name}: statement {result.period}",
        s=result,
    )


@network_page
def statement_csv(request, ods_code):
    result = _statement(request, ods_code)
    out = io.StringIO()
    csv.writer(out).writerows(statements.csv_rows(result))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    period = result.period.replace("/", "-").replace(" ", "-")
    response["Content-Disposition"] = (
        f'attachment; filename="statement-{result.practice.ods_code}-{period}.csv"'
    )
    return response
