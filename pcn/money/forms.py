from django import forms

from pcn.core.csv_files import ONE_MB, check_upload
from pcn.core.fields import DateField
from pcn.networks.forms import VersionedForm
from pcn.workforce.models import Funding, PayArea

from .models import DistributionBasis
from .streams import STREAM_CHOICES, STREAMS, income_name
from .years import label_month


def month_choices(months):
    return [(f"{m:%Y-%m}", label_month(m)) for m in months]


class RateForm(forms.Form):
    year = forms.CharField(label="Financial year", max_length=7, help_text="For example, 2026/27")
    stream = forms.ChoiceField(label="Payment stream", choices=STREAM_CHOICES)
    value = forms.CharField(
        label="Rate in pounds",
        max_length=20,
        help_text="Per patient, or per bed for the care home premium. For example, 26.631",
    )
    source = forms.CharField(
        label="Source",
        max_length=300,
        help_text="Where the rate comes from, for example the DES specification and its table",
    )


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
    salary = forms.CharField(label="Salary for the month (£)", max_length=20)
    employer_ni = forms.CharField(label="Employer National Insurance (£)", max_length=20)
    employer_pension = forms.CharField(label="Employer pension contribution (£)", max_length=20)

    def __init__(self, *args, network, months, **kwargs):
        super().__init__(*args, **kwargs)
        people = network.staff.filter(funding=Funding.ARRS).exclude(role_code="")
        self.people = {str(p.pk): p for p in people}
        self.fields["staff"].choices = [("", "Choose a person")] + [
            (str(p.pk), str(p)) for p in people
        ]
        self.fields["month"].choices = month_choices(months)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload salary lines as a CSV file",
        help_text="Columns: staff_id, month (like 2026-10), salary, employer_ni, "
        "employer_pension. Download a month's lines to see the layout.",
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
    amount_paid = forms.CharField(label="Amount paid (£)", max_length=20)


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
    amount = forms.CharField(label="Amount received (£)", max_length=20)
    received_on = DateField(label="Date received", help_text="For example, 20 11 2026")

    def __init__(self, *args, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices(months)


class RuleForm(forms.Form):
    basis = forms.ChoiceField(
        label="Share it out by", choices=DistributionBasis.choices, widget=forms.RadioSelect
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
            (code, f"{row.role.name} (band {row.role.band or 'n/a'})")
            for code, row in roles.items()
        ]
