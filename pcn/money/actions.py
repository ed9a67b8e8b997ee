"""Every write about money. Keyword-only, an explicit `by`, one transaction, audited."""

from decimal import Decimal, InvalidOperation

from django.db import transaction

from pcn.core import audit
from pcn.core.actions import ActionRefused
from pcn.workforce.models import Funding

from .distribution import parse_percentages, rule_for, split, weights_for
from .exact import ZERO, parse_amount, pounds
from .models import (
    Claim,
    DistributionBasis,
    DistributionRule,
    IncomeReceipt,
    IncomeShare,
    MoneyProfile,
    PaymentRate,
    SalaryLine,
)
from .reimbursement import days_in_post
from .streams import STREAM_BY_KEY
from .years import check_year, label_month, population_date, year_of


def _amount(text, field, label):
    try:
        value = parse_amount(text)
    except ValueError as problem:
        raise ActionRefused(f"{label}: {problem}", field=field) from None
    if value < 0:
        raise ActionRefused(f"{label} can't be negative.", field=field)
    if value >= Decimal("100000000"):
        raise ActionRefused(f"{label} is too large.", field=field)
    return value


# Rates ------------------------------------------------------------------------------------


@transaction.atomic
def set_rate(*, network, year, stream, value, source, by):
    try:
        year = check_year(str(year).strip())
    except ValueError as problem:
        raise ActionRefused(str(problem), field="year") from None
    if stream not in STREAM_BY_KEY:
        raise ActionRefused("Choose a payment stream.", field="stream")
    text = str(value).replace("£", "").replace(",", "").strip()
    try:
        rate = Decimal(text)
    except InvalidOperation:
        raise ActionRefused(
            f"“{value}” is not a rate: enter it like 26.631.", field="value"
        ) from None
    if not rate.is_finite() or rate <= 0 or rate >= 100000:
        raise ActionRefused("The rate must be more than 0 and less than £100,000.", field="value")
    if rate != rate.quantize(Decimal("0.001")):
        raise ActionRefused("Rates have at most three decimal places.", field="value")
    source = source.strip()
    if not source:
        raise ActionRefused("Say where the rate comes from, with its reference.", field="source")
    existing = PaymentRate.objects.filter(network=network, year=year, stream=stream).first()
    before = {"value": str(existing.value), "source": existing.source} if existing else None
    row, _ = PaymentRate.objects.update_or_create(
        network=network, year=year, stream=stream, defaults={"value": rate, "source": source}
    )
    audit.record(
        by=by,
        action="money.set_rate",
        target=row,
        network=network,
        before=before,
        after={"year": year, "stream": stream, "value": str(rate), "source": source},
    )
    return row


PROFILE_FIELDS = ["pay_area", "mental_health_agreement", "care_home_beds", "care_home_beds_source"]


@transaction.atomic
def update_profile(*, network, version, by, **fields):
    profile, _ = MoneyProfile.objects.get_or_create(network=network)
    beds = fields.get("care_home_beds")
    if beds is not None and not fields.get("care_home_beds_source", "").strip():
        raise ActionRefused(
            "Say where the number of beds comes from, for example the CQC register.",
            field="care_home_beds_source",
        )
    before = audit.snapshot(profile, PROFILE_FIELDS)
    profile.bump_version(version)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()
    audit.record(
        by=by,
        action="money.update_profile",
        target=profile,
        network=network,
        before=before,
        after=audit.snapshot(profile, PROFILE_FIELDS),
    )
    return profile


# Salary lines -----------------------------------------------------------------------------


def check_line(*, network, staff, month, where=""):
    """Refuse a salary line that can't be part of a claim; `where` prefixes the message
    (a file line)."""
    if staff.network_id != network.pk:
        raise ActionRefused(f"{where}That person is not in this network.", field="staff")
    if staff.funding != Funding.ARRS or not staff.role_code:
        raise ActionRefused(
            f"{where}{staff} is not in an ARRS-funded role, so their pay is not claimable.",
            field="staff",
        )
    if days_in_post(month, staff.start_date, staff.end_date) == 0:
        raise ActionRefused(
            f"{where}{staff} was not in post in {label_month(month)}.", field="month"
        )
    claim = Claim.objects.filter(network=network, month=month).first()
    if claim and claim.status != Claim.Status.DRAFT:
        raise ActionRefused(
            f"{where}The claim for {label_month(month)} is {claim.get_status_display().lower()}: "
            "its lines can't change.",
            field="month",
        )


LINE_FIELDS = ["salary", "employer_ni", "employer_pension"]


def _save_line(*, network, staff, month, amounts, by):
    line = SalaryLine.objects.filter(staff=staff, month=month).first()
    before = audit.snapshot(line, LINE_FIELDS) if line else None
    if line:
        line.bump_version(line.version)
        for name, value in amounts.items():
            setattr(line, name, value)
        line.entered_by = by
        line.save()
    else:
        line = SalaryLine.objects.create(
            network=network, staff=staff, month=month, entered_by=by, **amounts
        )
    audit.record(
        by=by,
        action="money.enter_salary_line",
        target=line,
        network=network,
        before=before,
        after=audit.snapshot(line, LINE_FIELDS),
    )
    return line


@transaction.atomic
def enter_salary_line(*, network, staff, month, salary, employer_ni, employer_pension, by):
    month = month.replace(day=1)
    check_line(network=network, staff=staff, month=month)
    amounts = {
        "salary": _amount(salary, "salary", "Salary"),
        "employer_ni": _amount(employer_ni, "employer_ni", "Employer NI"),
        "employer_pension": _amount(employer_pension, "employer_pension", "Employer pension"),
    }
    return _save_line(network=network, staff=staff, month=month, amounts=amounts, by=by)


@transaction.atomic
def import_salary_lines(*, network, rows, by):
    """`rows`: the preview's checked rows [(line number, staff, month, amounts)]. All or none:
    each is checked again, and the first refusal names its file line."""
    saved = []
    for number, staff, month, amounts in rows:
        check_line(network=network, staff=staff, month=month, where=f"Line {number}: ")
        saved.append(_save_line(network=network, staff=staff, month=month, amounts=amounts, by=by))
    return saved


# Claims -----------------------------------------------------------------------------------


@transaction.atomic
def start_claim(*, network, month, by, today):
    month = month.replace(day=1)
    if month > today.replace(day=1):
        raise ActionRefused(
            f"{label_month(month)} hasn't started: claims are made after the month.",
            field="month",
        )
    if Claim.objects.filter(network=network, month=month).exists():
        raise ActionRefused(f"There is already a claim for {label_month(month)}.", field="month")
    if not SalaryLine.objects.filter(network=network, month=month).exists():
        raise ActionRefused(
            f"There are no salary lines for {label_month(month)} yet: enter or import them first.",
            field="month",
        )
    claim = Claim.objects.create(network=network, month=month)
    audit.record(
        by=by,
        action="money.start_claim",
        target=claim,
        network=network,
        after={"month": str(month)},
    )
    return claim


@transaction.atomic
def submit_claim(*, claim, version, submitted_on, by):
    from .claims import lines_for, totals

    if claim.status != Claim.Status.DRAFT:
        raise ActionRefused(f"{claim} is already {claim.get_status_display().lower()}.")
    if submitted_on < claim.month:
        raise ActionRefused(
            "A claim can't be submitted before the month it is for.", field="submitted_on"
        )
    found = totals(lines_for(claim.network, [claim.month]))
    if found["unknown"]:
        raise ActionRefused(
            "A line's role has no known maximum for this year. Enter it in the role catalogue "
            "first, so the amount claimed is right."
        )
    claim.bump_version(version)
    claim.status = Claim.Status.SUBMITTED
    claim.submitted_on = submitted_on
    claim.amount_claimed = found["reimbursable"]
    claim.save()
    audit.record(
        by=by,
        action="money.submit_claim",
        target=claim,
        network=claim.network,
        before={"status": "draft"},
        after={"status": "submitted", "on": str(submitted_on), "amount": str(claim.amount_claimed)},
    )
    return claim


@transaction.atomic
def mark_paid(*, claim, version, paid_on, amount_paid, by):
    if claim.status != Claim.Status.SUBMITTED:
        raise ActionRefused(f"Only a submitted claim can be paid; {claim} is {claim.status}.")
    if paid_on < claim.submitted_on:
        raise ActionRefused("It can't have been paid before it was submitted.", field="paid_on")
    amount = _amount(amount_paid, "amount_paid", "Amount paid")
    claim.bump_version(version)
    claim.status = Claim.Status.PAID
    claim.paid_on = paid_on
    claim.amount_paid = amount
    claim.save()
    audit.record(
        by=by,
        action="money.mark_claim_paid",
        target=claim,
        network=claim.network,
        before={"status": "submitted"},
        after={"status": "paid", "on": str(paid_on), "amount": str(amount)},
    )
    return claim


# Income and its distribution ----------------------------------------------------------------


@transaction.atomic
def set_distribution_rule(*, network, stream, basis, percentages=None, by):
    if stream not in STREAM_BY_KEY:
        raise ActionRefused("Choose a payment stream.", field="stream")
    if basis not in DistributionBasis.values:
        raise ActionRefused("Choose how this stream is shared.", field="basis")
    practices = list(network.practices.all())
    agreed = {}
    if basis == DistributionBasis.AGREED:
        try:
            agreed = parse_percentages(percentages or {}, practices)
        except ValueError as problem:
            message, ods = problem.args
            raise ActionRefused(message, field=f"pct_{ods}" if ods else None) from None
    else:
        try:
            weights_for(network, basis, practices=practices)
        except ValueError as problem:
            raise ActionRefused(str(problem), field="basis") from None
    rule = DistributionRule.objects.filter(network=network, stream=stream).first()
    before = {"basis": rule.basis, "percentages": rule.percentages} if rule else None
    rule, _ = DistributionRule.objects.update_or_create(
        network=network,
        stream=stream,
        defaults={"basis": basis, "percentages": {k: str(v) for k, v in agreed.items()}},
    )
    audit.record(
        by=by,
        action="money.set_distribution_rule",
        target=rule,
        network=network,
        before=before,
        after={"basis": basis, "percentages": rule.percentages},
    )
    return rule


@transaction.atomic
def record_income(*, network, stream, month, amount, received_on, by):
    if stream not in STREAM_BY_KEY:
        raise ActionRefused("Choose a payment stream.", field="stream")
    if STREAM_BY_KEY[stream].paid_to.startswith("each practice"):
        raise ActionRefused(
            "This payment goes to each practice directly, not to the network.", field="stream"
        )
    value = _amount(amount, "amount", "Amount")
    if value == ZERO:
        raise ActionRefused("Enter the amount received.", field="amount")
    month = month.replace(day=1)
    rule = rule_for(network, stream)
    practices = list(network.practices.all())
    try:
        weights, note = weights_for(
            network,
            rule.basis,
            rule.percentages,
            practices,
            as_at=population_date(year_of(month)),
        )
        shares = split(value, weights)
    except ValueError as problem:
        raise ActionRefused(str(problem), field="stream") from None
    receipt = IncomeReceipt.objects.create(
        network=network,
        stream=stream,
        month=month,
        amount=value,
        received_on=received_on,
        basis=rule.basis,
        basis_note=f"Shared by {note}",
        recorded_by=by,
    )
    IncomeShare.objects.bulk_create(
        IncomeShare(receipt=receipt, practice=p, amount=a) for p, a in shares.items()
    )
    audit.record(
        by=by,
        action="money.record_income",
        target=receipt,
        network=network,
        after={
            "stream": stream,
            "month": str(month),
            "amount": str(value),
            "shares": {p.ods_code: str(a) for p, a in shares.items()},
        },
        label=f"{receipt}: {pounds(value)}",
    )
    return receipt
