"""Income received, the rule that shares it out to practices, and the practice ledger."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone

from pcn.core.actions import ActionRefused
from pcn.core.decorators import network_page, require
from pcn.core.refusals import show_on
from pcn.core.years import months, this_year

from .. import actions, statements
from ..distribution import rule_for
from ..exact import pounds
from ..forms import (
    FirstCallForm,
    IncomeForm,
    RuleForm,
)
from ..models import DistributionBasis, FirstCall, IncomeReceipt
from ..streams import CONDITIONAL, PAID, SHORT_NAMES, STREAM_BY_KEY, STREAMS, income_name
from .pages import claimable_months, month_in_url, page, year_asked


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
            months=claimable_months(today),
            initial={"received_on": today, "month": f"{today.replace(day=1):%Y-%m}"},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                receipt = actions.record_income(
                    network=network,
                    stream=data["stream"],
                    month=month_in_url(data["month"]),
                    amount=data["amount"],
                    received_on=data["received_on"],
                    by=request.user,
                )
            except ActionRefused as refusal:
                show_on(form, refusal)
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
    return page(
        request,
        "money/income.jinja",
        "Income and how it is shared",
        year=year,
        receipts=receipts,
        by_stream=[(income_name(k), v) for k, v in by_stream.items()],
        total=sum(by_stream.values(), 0),
        rules=[(s, rule_for(network, s.key)) for s in STREAMS if s.kind in (PAID, CONDITIONAL)],
        first_calls=FirstCall.objects.filter(network=network, year=year),
        income_name=income_name,
        form=form,
    )


@network_page
def distribution_rule(request):
    network = request.network
    require(request.user, "money.edit_income", network)
    stream = request.GET.get("stream", "")
    if stream not in STREAM_BY_KEY or STREAM_BY_KEY[stream].kind not in (PAID, CONDITIONAL):
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
            show_on(form, refusal)
        else:
            messages.info(request, f"Saved how {income_name(stream)} is shared out.")
            return redirect("money:income")
    return page(
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
    year = year_asked(request)
    columns, rows, others, totals = statements.ledger(network, year)
    return page(
        request,
        "money/ledger.jinja",
        f"Practice ledger {year}",
        year=year,
        columns=[(SHORT_NAMES[c.key], income_name(c.key)) for c in columns],
        rows=rows,
        others=others,
        totals=totals,
    )


@network_page
def add_first_call(request):
    network = request.network
    require(request.user, "money.edit_income", network)
    form = FirstCallForm(
        data=request.POST or None, initial={"year": this_year(), "stream": "core_registered"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            call = actions.add_first_call(network=network, by=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            show_on(form, refusal)
        else:
            messages.info(request, f"Added the first call “{call.name}” for {call.year}.")
            return redirect("money:income")
    return page(request, "money/first_call_form.jinja", "Add a first call on income", form=form)
