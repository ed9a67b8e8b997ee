"""Every write about money. Keyword-only, an explicit `by`, one transaction, audited."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from pcn.core import audit
from pcn.core.actions import ActionRefused
from pcn.core.fields import read_money
from pcn.core.refusals import StaleEdit
from pcn.core.years import (
    check_year,
    first_day,
    label_month,
    next_year,
    population_date,
    this_year,
    year_of,
)
from pcn.workforce.models import Funding, PayArea

from . import pay_lines
from .claim_dates import check_paid, check_submitted, correct_claim_dates  # noqa: F401
from .distribution import parse_percentages, rule_for, split, weights_for
from .exact import ZERO, pounds
from .models import (
    ArrearsLine,
    Claim,
    DistributionBasis,
    DistributionRule,
    FirstCall,
    IncomeReceipt,
    IncomeShare,
    MoneyProfile,
    NetworkMaximum,
    PaymentRate,
    PlannedPost,
    SalaryLine,
)
from .rates import show_rate
from .reimbursement import days_in_post
from .streams import CLAIMABLE, STREAM_BY_KEY, TO_PRACTICES


def _amount(text, field, label, model, column=None):
    """The amount typed, refused (naming `field`) unless pounds and pence from 0 to less than
    what the model's column (named `column`, or as the field) holds."""
    return read_money(text, column=model._meta.get_field(column or field), label=label, field=field)


# Rates ------------------------------------------------------------------------------------

RATE_LIMIT = Decimal("100000")  # per patient or bed: far above any rate; the column holds more


@transaction.atomic
def set_rate(*, network, year, stream, value, source, by, version=None):
    """`version`: the entered rate's when the page was opened, None if there was none; a rate
    someone else entered or corrected since is refused with what it is now."""
    try:
        year = check_year(str(year).strip())
    except ValueError as problem:
        raise ActionRefused(str(problem), field="year") from None
    if stream not in STREAM_BY_KEY:
        raise ActionRefused("Choose a payment stream.", field="stream")
    rate = read_money(value, column=PaymentRate._meta.get_field("value"), label="The rate")
    if rate <= 0 or rate >= RATE_LIMIT:
        raise ActionRefused(
            f"The rate must be more than 0 and less than {pounds(RATE_LIMIT)}.", field="value"
        )
    source = source.strip()
    if not source:
        raise ActionRefused("Say where the rate comes from, with its reference.", field="source")
    existing = (
        PaymentRate.objects.select_for_update()
        .filter(network=network, year=year, stream=stream)
        .first()
    )
    before = {"value": str(existing.value), "source": existing.source} if existing else None
    if existing:
        try:
            existing.bump_version(version)
        except StaleEdit:
            raise StaleEdit(
                existing, now=f"{show_rate(existing.value)}, from {existing.source}"
            ) from None
        existing.value, existing.source = rate, source
        existing.save(update_fields=["value", "source"])
        row = existing
    else:
        row = PaymentRate.objects.create(
            network=network, year=year, stream=stream, value=rate, source=source
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


LINE_FIELDS = ["salary", "employer_ni", "employer_pension", "vat", "invoice_reference"]


def _save_line(*, network, staff, month, amounts, by, version=None, where=""):
    """`version`: the line's version when the person opened it, or None for a new line. A line
    saved by someone else since (or created, when this one was meant to be new) is refused with
    what it holds now, so the second of two edits never silently replaces the first."""
    amounts = pay_lines.checked(staff, amounts, where=where)
    line = SalaryLine.objects.select_for_update().filter(staff=staff, month=month).first()
    before = audit.snapshot(line, LINE_FIELDS) if line else None
    if line:
        try:
            line.bump_version(version)
        except StaleEdit:
            raise StaleEdit(f"{where}{line}", now=pay_lines.describe(line)) from None
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
def enter_salary_line(
    *, network, staff, month, salary, employer_ni, employer_pension, by, version=None
):
    month = month.replace(day=1)
    check_line(network=network, staff=staff, month=month)
    if staff.invoiced:
        raise ActionRefused(
            f"{staff}'s employer invoices the network: enter the invoice amount before VAT, the "
            "VAT and the invoice reference instead of salary, NI and pension.",
            field="staff",
        )
    amounts = pay_lines.employed(
        staff, salary=salary, employer_ni=employer_ni, employer_pension=employer_pension
    )
    return _save_line(
        network=network, staff=staff, month=month, amounts=amounts, by=by, version=version
    )


@transaction.atomic
def enter_invoice_line(
    *, network, staff, month, invoice_amount, vat, invoice_reference, by, version=None
):
    """A month's line for a role a federation or another provider invoices the network for."""
    month = month.replace(day=1)
    check_line(network=network, staff=staff, month=month)
    if not staff.invoiced:
        raise ActionRefused(
            f"{staff} is employed by a practice or the network, not invoiced for: enter their "
            "salary, employer NI and pension.",
            field="staff",
        )
    amounts = pay_lines.invoice(
        staff, invoice_amount=invoice_amount, vat=vat, invoice_reference=invoice_reference
    )
    return _save_line(
        network=network, staff=staff, month=month, amounts=amounts, by=by, version=version
    )


@transaction.atomic
def import_salary_lines(*, network, rows, by):
    """`rows`: the preview's checked rows [(line number, staff, month, amounts, version)], the
    version being the line's when the file was checked (None: there was none). All or none:
    each is checked again, and the first refusal names its file line."""
    saved = []
    for number, staff, month, amounts, *seen in rows:
        where = f"Line {number}: "
        check_line(network=network, staff=staff, month=month, where=where)
        saved.append(
            _save_line(
                network=network,
                staff=staff,
                month=month,
                amounts=amounts,
                by=by,
                version=seen[0] if seen else None,
                where=where,
            )
        )
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
    check_submitted(claim, submitted_on)
    found = totals(lines_for(claim.network, [claim.month]))
    if found["unknown"]:
        raise ActionRefused(
            "A line's role has no known maximum for this year. Enter it in the role catalogue "
            "first, so the amount claimed is right."
        )
    claim.bump_version(version)
    lines = lines_for(claim.network, [claim.month])
    for claim_line in lines:
        claim_line.line.claimed = claim_line.result.amount
    SalaryLine.objects.bulk_update([c.line for c in lines], ["claimed"])
    arrears = sum((a.amount for a in claim.arrears_lines.all()), ZERO)
    claim.status = Claim.Status.SUBMITTED
    claim.submitted_on = submitted_on
    claim.amount_claimed = found["reimbursable"] + arrears
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
    check_paid(claim, claim.submitted_on, paid_on)
    amount = _amount(amount_paid, "amount_paid", "Amount paid", Claim)
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


@transaction.atomic
def add_arrears(*, claim, by):
    """Put every month's arrears not yet claimed on this draft claim, one line per person and
    month, each saying why."""
    from .arrears import owed

    if claim.status != Claim.Status.DRAFT:
        raise ActionRefused("Arrears can only be added to a draft claim.")
    items = owed(claim.network, before=claim.month)
    if not items:
        raise ActionRefused("No arrears are owed on earlier claims.")
    rows = ArrearsLine.objects.bulk_create(
        ArrearsLine(
            network=claim.network,
            staff=item.staff,
            month=item.month,
            claimed_before=item.claimed,
            due_now=item.due,
            claim=claim,
            note=f"Maximum raised since it was claimed: {item.rule}"[:300],
        )
        for item in items
    )
    audit.record(
        by=by,
        action="money.add_arrears",
        target=claim,
        network=claim.network,
        after={
            f"{row.staff} {row.month:%B %Y}": str(row.due_now - row.claimed_before) for row in rows
        },
        label=f"Arrears added to {claim}",
    )
    return rows


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
    """Record a payment and route it at once (routing.py): ARRS to each person's employer; any
    other stream to the network's first calls on it, then to the practices by its rule."""
    from . import routing
    from .claims import lines_for

    if stream not in STREAM_BY_KEY:
        raise ActionRefused("Choose a payment stream.", field="stream")
    if STREAM_BY_KEY[stream].paid_to.startswith("each practice"):
        raise ActionRefused(
            "This payment goes to each practice directly, not to the network.", field="stream"
        )
    value = _amount(amount, "amount", "Amount", IncomeReceipt)
    if value == ZERO:
        raise ActionRefused("Enter the amount received.", field="amount")
    month = month.replace(day=1)
    practices = list(network.practices.all())
    try:
        if stream == "arrs":
            routed = routing.arrs(value, lines_for(network, [month]), practices)
            basis, note = DistributionBasis.EMPLOYER, "Passed to each person's employer"
        else:
            routed = routing.Routed(first_calls=routing.first_calls(network, stream, month, value))
            rule = rule_for(network, stream)
            weights, how = weights_for(
                network,
                rule.basis,
                rule.percentages,
                practices,
                as_at=population_date(year_of(month)),
            )
            rest = value - sum(routed.first_calls.values(), ZERO)
            routed.practices = split(rest, weights) if rest else {p: ZERO for p in practices}
            basis, note = rule.basis, f"Shared by {how}"
            if routed.first_calls:
                note += " after the network's first calls"
    except ValueError as problem:
        raise ActionRefused(str(problem), field="stream") from None
    receipt = IncomeReceipt.objects.create(
        network=network,
        stream=stream,
        month=month,
        amount=value,
        received_on=received_on,
        basis=basis,
        basis_note=note,
        first_calls=routing.to_json(routed.first_calls),
        passed_on=routing.to_json(routed.passed_on),
        recorded_by=by,
    )
    IncomeShare.objects.bulk_create(
        IncomeShare(receipt=receipt, practice=p, amount=a) for p, a in routed.practices.items()
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
            "shares": {p.ods_code: str(a) for p, a in routed.practices.items()},
            **({"first calls": receipt.first_calls} if routed.first_calls else {}),
            **({"passed on": receipt.passed_on} if routed.passed_on else {}),
        },
        label=f"{receipt}: {pounds(value)}",
    )
    return receipt


@transaction.atomic
def add_first_call(*, network, year, stream, name, annual_amount, agreed_in, by):
    """A cost the Network Agreement takes off a stream before it is shared, from now on."""
    try:
        year = check_year(str(year).strip())
    except ValueError as problem:
        raise ActionRefused(str(problem), field="year") from None
    if stream not in STREAM_BY_KEY or STREAM_BY_KEY[stream].kind in (CLAIMABLE, TO_PRACTICES):
        raise ActionRefused(
            "Choose a stream the network is paid: ARRS reimbursements go to employers.",
            field="stream",
        )
    name = name.strip()
    if not name:
        raise ActionRefused("Name the first call, for example Clinical director.", field="name")
    amount = _amount(annual_amount, "annual_amount", "The amount a year", FirstCall)
    if amount == ZERO:
        raise ActionRefused("Enter the amount a year.", field="annual_amount")
    if amount >= Decimal("10000000"):
        raise ActionRefused("The amount a year is too large.", field="annual_amount")
    agreed_in = agreed_in.strip()
    if not agreed_in:
        raise ActionRefused(
            "Say where it is agreed, for example the Network Agreement's schedule 2.",
            field="agreed_in",
        )
    if FirstCall.objects.filter(network=network, year=year, stream=stream, name=name).exists():
        raise ActionRefused(f"There is already a first call “{name}” on it.", field="name")
    call = FirstCall.objects.create(
        network=network,
        year=year,
        stream=stream,
        name=name,
        annual_amount=amount,
        agreed_in=agreed_in,
    )
    audit.record(
        by=by,
        action="money.add_first_call",
        target=call,
        network=network,
        after={
            "year": year,
            "stream": stream,
            "name": name,
            "amount a year": str(amount),
            "agreed in": agreed_in,
        },
    )
    return call


@transaction.atomic
def remove_first_call(*, call, by):
    audit.record(
        by=by,
        action="money.remove_first_call",
        target=call,
        network=call.network,
        before={"name": call.name, "amount a year": str(call.annual_amount)},
    )
    call.delete()


# Maxima -------------------------------------------------------------------------------------


MAXIMUM_FIELDS = ["value", "source"]


@transaction.atomic
def set_network_maximum(*, network, role_code, band, pay_area, valid_from, value, source, by):
    """The ICB's (or the network's own) maximum for a role from a date: it replaces the shipped
    figure from then on. Entered again for the same role, area and date, it is corrected."""
    from pcn.workforce.catalogue import role_names

    from .maxima import Maxima, band_key

    if role_code not in role_names():
        raise ActionRefused("Choose a role from the catalogue.", field="role_code")
    banded = role_code in Maxima().banded
    band = band_key(band) if banded else ""
    if banded and not band:
        raise ActionRefused(
            "A mental health practitioner's maximum depends on the post's band: enter it.",
            field="band",
        )
    if pay_area not in PayArea.values:
        raise ActionRefused("Choose the pay area.", field="pay_area")
    if valid_from < date(2019, 4, 1):
        raise ActionRefused(
            "The ARRS began on 1 April 2019: enter a later date.", field="valid_from"
        )
    latest = first_day(next_year(this_year()))
    if valid_from > latest:
        raise ActionRefused(
            f"Enter a date no later than {latest:%-d %B %Y}, the start of next year.",
            field="valid_from",
        )
    amount = _amount(value, "value", "The maximum", NetworkMaximum)
    if amount < Decimal("1000") or amount >= Decimal("1000000"):
        raise ActionRefused(
            "A maximum per WTE a year is between £1,000 and £1,000,000: check the figure.",
            field="value",
        )
    source = source.strip()
    if not source:
        raise ActionRefused("Say where the figure comes from.", field="source")
    row = NetworkMaximum.objects.filter(
        network=network, role_code=role_code, band=band, pay_area=pay_area, valid_from=valid_from
    ).first()
    before = audit.snapshot(row, MAXIMUM_FIELDS) if row else None
    if row:
        row.bump_version(row.version)
        row.value, row.source, row.entered_by = amount, source, by
        row.save()
    else:
        row = NetworkMaximum.objects.create(
            network=network,
            role_code=role_code,
            band=band,
            pay_area=pay_area,
            valid_from=valid_from,
            value=amount,
            source=source,
            entered_by=by,
        )
    audit.record(
        by=by,
        action="money.set_maximum",
        target=row,
        network=network,
        label=f"Maximum for {role_names()[role_code]}{f' band {band}' if band else ''}, "
        f"{row.get_pay_area_display().lower()}, from {valid_from:%-d %B %Y}",
        before=before,
        after=audit.snapshot(row, MAXIMUM_FIELDS),
    )
    return row


# Planned posts (the recruitment planner's what-if) ----------------------------------------

PLANNED_LIMIT = 60  # posts in one plan: far more than any network recruits in a year


@transaction.atomic
def add_planned_posts(*, network, year, posts, by):
    """Put a plan's posts on the forecast as planned posts, replacing the last plan's. `posts`:
    dicts of role_code, band, wte, start, cost_this_year, cost_full_year, why."""
    from pcn.core.limits import check_length

    year = check_year(str(year))
    if len(posts) > PLANNED_LIMIT:
        raise ActionRefused(f"A plan may have at most {PLANNED_LIMIT} posts.", field="posts")
    first, last = first_day(year), first_day(next_year(year))
    checked = []
    for post in posts:
        wte = Decimal(post["wte"])
        if not Decimal("0") < wte <= Decimal("5"):
            raise ActionRefused("A planned post's WTE must be above 0 and at most 5.", field="wte")
        if not first <= post["start"] < last:
            raise ActionRefused(f"A planned post must start within {year}.", field="start")
        for name in ("cost_this_year", "cost_full_year"):
            if not ZERO <= Decimal(post[name]) < Decimal("10000000"):
                raise ActionRefused("A planned post's cost is out of range.", field=name)
        checked.append({**post, "wte": wte, "why": check_length(post["why"], 1000, "Why", "why")})
    for old in network.planned_posts.all():
        _record_planned(old, by, "money.remove_planned_post", before=True)
    network.planned_posts.all().delete()
    made = []
    for post in checked:
        planned = PlannedPost.objects.create(network=network, year=year, added_by=by, **post)
        _record_planned(planned, by, "money.add_planned_post")
        made.append(planned)
    return made


@transaction.atomic
def remove_planned_post(*, post, by):
    _record_planned(post, by, "money.remove_planned_post", before=True)
    post.delete()


def _record_planned(post, by, action, before=False):
    values = {
        "role": post.role_code,
        "band": post.band,
        "wte": str(post.wte),
        "start": post.start.isoformat(),
        "cost this year": str(post.cost_this_year),
        "cost a full year": str(post.cost_full_year),
    }
    audit.record(
        by=by,
        action=action,
        target=post,
        network=post.network,
        **({"before": values} if before else {"after": values}),
    )
