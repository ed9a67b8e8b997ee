from django import forms

from pcn.core.csv_files import ONE_MB, check_upload
from pcn.core.fields import DateField, MoneyField
from pcn.core.versioning import VersionField
from pcn.core.years import label_month
from pcn.networks.forms import VersionedForm
from pcn.workforce.models import Funding, PayArea

from .models import (
    Claim,
    DistributionBasis,
    FirstCall,
    IncomeReceipt,
    NetworkMaximum,
    PaymentRate,
    SalaryLine,
)
from .streams import STREAM_CHOICES, STREAMS, income_name


def column(model, name):
    return model._meta.get_field(name)


def line_column(name):
    return column(SalaryLine, name)


def month_choices(months):
    return [(f"{m:%Y-%m}", label_month(m)) for m in months]


class RateForm(forms.Form):
    year = forms.CharField(label="Financial year", max_length=7, help_text="For example, 2026/27")
    stream = forms.ChoiceField(label="Payment stream", choices=STREAM_CHOICES)
    value = MoneyField(
        column=column(PaymentRate, "value"),
        what="The rate",
        label="Rate in pounds",
        help_text="Per patient, or per bed for the care home premium. For example, 26.631",
    )
    source = forms.CharField(
        label="Source",
        max_length=300,
        help_text="Where the rate comes from, for example the DES specification and its table",
    )
    # The entered rate's version when the page was opened; blank when there was none.
    version = VersionField(required=False)


class ProfileForm(VersionedForm):
    pay_area = forms.ChoiceField(
        label="Which maximum reimbursable amounts apply",
        choices=PayArea.choices,
        widget=forms.RadioSelect,
    )
    mental_health_agreement = forms.ChoiceField(
        label="Is there a written agreement with the mental health provider?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        help_text="With one, a second or later mental health practitioner in a band can be "
        "reimbursed up to 100%; the first in each band is 50%.",
    )
    care_home_beds = forms.IntegerField(
        label="Beds in aligned care homes (optional)",
        required=False,
        min_value=0,
        max_value=100000,
        error_messages={"invalid": "Enter the number of beds as a whole number."},
    )
    care_home_beds_source = forms.CharField(
        label="Where the number of beds comes from", max_length=300, required=False
    )


class SalaryLineForm(forms.Form):
    staff = forms.ChoiceField(label="Staff member")
    month = forms.ChoiceField(label="Month")
    # Salary, NI and pension for someone a practice or the network employs; the invoice for a
    # role a federation or another provider invoices the network for (the action checks which).
    salary = MoneyField(
        column=line_column("salary"),
        what="Salary",
        label="Salary for the month (£)",
        required=False,
    )
    employer_ni = MoneyField(
        column=line_column("employer_ni"),
        what="Employer NI",
        label="Employer National Insurance (£)",
        required=False,
    )
    employer_pension = MoneyField(
        column=line_column("employer_pension"),
        what="Employer pension",
        label="Employer pension contribution (£)",
        required=False,
    )
    invoice_amount = MoneyField(
        column=line_column("salary"),
        what="Invoice amount before VAT",
        label="Invoice amount before VAT (£)",
        required=False,
    )
    vat = MoneyField(
        column=line_column("vat"),
        what="VAT",
        label="VAT (£)",
        required=False,
        help_text="0 if the invoice has none; at most 20% of the amount before VAT.",
    )
    invoice_reference = forms.CharField(label="Invoice reference", max_length=60, required=False)
    # The line's version when it was opened to change; blank for a new line.
    version = VersionField(required=False)

    def __init__(self, *args, network, months, **kwargs):
        super().__init__(*args, **kwargs)
        people = network.staff.filter(funding=Funding.ARRS).exclude(role_code="")
        self.people = {str(p.pk): p for p in people}
        self.fields["staff"].choices = [("", "Choose a person")] + [
            (str(p.pk), f"{p} (invoiced by their employer)" if p.invoiced else str(p))
            for p in people
        ]
        self.fields["month"].choices = month_choices(months)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload salary lines as a CSV file",
        help_text="Columns: staff_id, month (like 2026-10), salary, employer_ni, "
        "employer_pension, and optionally vat and invoice_reference (for a role a provider "
        "invoices for, salary is the invoice amount before VAT). Download a month's lines to see "
        "the layout.",
        error_messages={"required": "Choose a CSV file to upload."},
    )

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], max_bytes=2 * ONE_MB, what="salary lines")


class StartClaimForm(forms.Form):
    month = forms.ChoiceField(label="Month to claim for")

    def __init__(self, *args, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices(months)


class SubmitClaimForm(VersionedForm):
    submitted_on = DateField(label="Date submitted", help_text="For example, 10 11 2026")


class PaidClaimForm(VersionedForm):
    paid_on = DateField(label="Date paid", help_text="For example, 20 12 2026")
    amount_paid = MoneyField(
        column=column(Claim, "amount_paid"), what="Amount paid", label="Amount paid (£)"
    )


class ClaimDatesForm(VersionedForm):
    """Correcting a submitted or paid claim's dates."""

    submitted_on = DateField(label="Date submitted", help_text="For example, 10 11 2026")
    paid_on = DateField(label="Date paid", required=False, help_text="Only once the claim is paid")


class IncomeForm(forms.Form):
    stream = forms.ChoiceField(
        label="Payment stream",
        choices=[
            (s.key, income_name(s.key))
            for s in STREAMS
            if not s.paid_to.startswith("each practice")
        ],
    )
    month = forms.ChoiceField(label="Month it is for")
    amount = MoneyField(
        column=column(IncomeReceipt, "amount"), what="Amount", label="Amount received (£)"
    )
    received_on = DateField(label="Date received", help_text="For example, 20 11 2026")

    def __init__(self, *args, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices(months)


class RuleForm(forms.Form):
    basis = forms.ChoiceField(
        label="Share it out by",
        # ARRS reimbursements always go to the employer: not a rule to choose.
        choices=[c for c in DistributionBasis.choices if c[0] != DistributionBasis.EMPLOYER],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, practices, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice_fields = []
        for practice in practices:
            name = f"pct_{practice.ods_code}"
            self.fields[name] = forms.CharField(
                label=f"{practice.name} (%)", max_length=10, required=False
            )
            self.practice_fields.append(name)

    def percentages(self):
        return {
            name.removeprefix("pct_"): self.cleaned_data.get(name, "")
            for name in self.practice_fields
        }


class WhatIfForm(forms.Form):
    role = forms.ChoiceField(label="Role")
    wte = forms.DecimalField(
        label="WTE",
        min_value=0.01,
        max_value=2,
        max_digits=4,
        decimal_places=2,
        help_text="1.0 is full time (37.5 hours a week)",
        error_messages={"invalid": "Enter the WTE as a number, like 1.0 or 0.6."},
    )
    start = DateField(label="Start date", help_text="For example, 1 1 2027")

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            (code, f"{role.name} (band {role.band or 'n/a'})") for code, role in roles.items()
        ]


class MaximumForm(forms.Form):
    role_code = forms.ChoiceField(label="Role")
    band = forms.CharField(
        label="Band (mental health practitioners only)",
        max_length=20,
        required=False,
        help_text="The post's Agenda for Change band, for example 7 or 8a",
    )
    pay_area = forms.ChoiceField(label="Pay area", choices=PayArea.choices)
    valid_from = DateField(
        label="In force from",
        help_text="The date the ICB says it applies from. A date before claims already made "
        "creates arrears on them, for example 1 4 2025 for a rise backdated to April.",
    )
    value = MoneyField(
        column=column(NetworkMaximum, "value"),
        what="The maximum",
        label="Maximum per whole-time equivalent a year (£)",
        help_text="Salary plus employer NI and employer pension, for example 36500",
    )
    source = forms.CharField(
        label="Source",
        max_length=300,
        help_text="Where it comes from, for example the ICB's letter of 4 August 2025",
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role_code"].choices = [("", "Choose a role")] + sorted(
            roles.items(), key=lambda item: item[1]
        )


class FirstCallForm(forms.Form):
    year = forms.CharField(label="Financial year", max_length=7, help_text="For example, 2026/27")
    stream = forms.ChoiceField(label="Taken from")
    name = forms.CharField(
        label="What it pays for", max_length=120, help_text="For example, Clinical director"
    )
    annual_amount = MoneyField(
        column=column(FirstCall, "annual_amount"),
        what="The amount a year",
        label="Amount a year (£)",
    )
    agreed_in = forms.CharField(
        label="Where it is agreed",
        max_length=300,
        help_text="For example, Network Agreement schedule 2, signed 3 April 2026",
    )

    def __init__(self, *args, **kwargs):
        from .streams import CONDITIONAL, PAID

        super().__init__(*args, **kwargs)
        self.fields["stream"].choices = [
            (s.key, s.name) for s in STREAMS if s.kind in (PAID, CONDITIONAL)
        ]
