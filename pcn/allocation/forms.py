from django import forms

from pcn.networks.forms import VersionedForm
from pcn.reference import queries as reference

from .models import BLENDABLE, Basis, Service


def role_choices():
    roles = reference.role_catalogue(reference.current_financial_year())
    return [(role.code, role.name) for role in roles]


class ServiceForm(forms.Form):
    name = forms.CharField(label="Service name", max_length=120)
    description = forms.CharField(label="What it is", max_length=300, required=False)
    role_codes = forms.MultipleChoiceField(
        label="Roles that can deliver it",
        error_messages={"required": "Choose at least one role that can deliver it."},
    )
    needs_rooms = forms.BooleanField(
        label="Delivered in practice rooms (uses the practices' clinical rooms)", required=False
    )
    hours = forms.ChoiceField(
        label="When it runs",
        choices=Service.Hours.choices,
        initial=Service.Hours.CORE,
        widget=forms.RadioSelect,
        required=False,  # core hours unless said
    )

    def clean_hours(self):
        return self.cleaned_data.get("hours") or Service.Hours.CORE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role_codes"].choices = role_choices()


class EditServiceForm(VersionedForm, ServiceForm):
    pass


class AnswerForm(forms.Form):
    """One practice's answer for one service; the page shows one per service, prefixed."""

    opted_in = forms.ChoiceField(
        label="Does the practice take part?",
        choices=[("yes", "Yes, opt in"), ("no", "No, opt out")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the practice takes part."},
    )
    demand = forms.DecimalField(
        label="Sessions a week the practice needs (optional)",
        required=False,
        max_digits=5,
        decimal_places=1,
        error_messages={"invalid": "Enter the sessions a week as a number, like 4 or 2.5."},
    )
    constraints = forms.CharField(
        label="Constraints (optional)",
        required=False,
        max_length=300,
        help_text="For example: no room on Friday afternoons.",
    )


class PolicyForm(forms.Form):
    basis = forms.ChoiceField(
        label="Share staff time by",
        choices=Basis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how to share staff time."},
    )
    floor = forms.IntegerField(
        label="Floor: sessions a week each opted-in practice gets at least (optional)",
        required=False,
        min_value=0,
        max_value=50,
    )
    cap = forms.IntegerField(
        label="Cap: sessions a week any practice gets at most (optional)",
        required=False,
        min_value=0,
        max_value=100,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for basis in BLENDABLE:
            self.fields[f"weight_{basis}"] = forms.DecimalField(
                label=f"Weight of {Basis(basis).label.lower()}",
                required=False,
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
            )

    def weight_fields(self):
        return [self[f"weight_{basis}"] for basis in BLENDABLE]

    def weights(self):
        return {
            basis: self.cleaned_data[f"weight_{basis}"]
            for basis in BLENDABLE
            if self.cleaned_data.get(f"weight_{basis}")
        }


class ScenarioForm(PolicyForm):
    """A scenario's name and which allocation it freezes: the live settings, the equal split,
    or its own fairness settings (the live settings' fields, starting from the live values)."""

    name = forms.CharField(label="Scenario name", max_length=120)
    kind = forms.ChoiceField(
        label="Which allocation",
        choices=[
            ("current", "The current fairness settings"),
            ("own", "Its own fairness settings, set below"),
            ("equal", "The equal split, for comparison"),
        ],
        widget=forms.RadioSelect,
        initial="current",
    )
    field_order = ["name", "kind", "basis"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["basis"].required = False
        self.fields["basis"].label = "This scenario shares staff time by"

    def clean(self):
        data = super().clean()
        if data.get("kind") == "own" and not data.get("basis"):
            self.add_error("basis", "Choose how this scenario shares staff time.")
        return data

    def settings(self):
        """The scenario's own settings, or None when it uses the live ones or the equal split."""
        if self.cleaned_data.get("kind") != "own":
            return None
        data = self.cleaned_data
        return {
            "basis": data["basis"],
            "weights": self.weights(),
            "floor": data["floor"],
            "cap": data["cap"],
        }


class ResponseForm(forms.Form):
    agrees = forms.ChoiceField(
        label="Does your practice agree?",
        choices=[("yes", "We agree"), ("no", "We object")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether your practice agrees."},
    )
    comment = forms.CharField(
        label="Comment", required=False, widget=forms.Textarea, max_length=2000
    )
