from django import forms

from engine.rota.problem import DEFAULT_WEIGHTS
from pcn.core.fields import DateField

from .models import MAX_WEEKS

RULE_LABELS = {
    "fair_share_shortfall": "Each session a practice gets below its agreed sessions",
    "enhanced_access_shortfall": "Each hour a week short of the enhanced access minutes required",
    "away_from_home": "Each session away from a person's home base",
    "extra_site": "Each site beyond the first a person works at in a week",
    "split_day": "Each day with the morning and afternoon at different sites",
    "irregular_week": "Each session placed differently from the first week",
    "team_apart": "Each team member not with their team in its weekly session",
    "supervision_missed": "Each supervision period without a session shared with the supervisor",
    "change_from_published": "Each session moved from the published rota when re-planning",
}


class PlanForm(forms.Form):
    start = DateField(label="First Monday", help_text="The rota starts on this Monday.")
    weeks = forms.IntegerField(label="Weeks", min_value=1, max_value=MAX_WEEKS, initial=4)
    seconds = forms.IntegerField(
        label="Seconds the optimiser may take",
        min_value=1,
        max_value=300,
        initial=10,
        help_text="It stops sooner when it has proved the rota is within 1% of the best possible.",
    )
    tolerance = forms.IntegerField(
        label="Allocation tolerance (sessions a week)",
        min_value=0,
        max_value=10,
        initial=1,
        help_text="How far each practice's sessions of a service may be from the agreed allocation, either way.",
    )
    strict_allocation = forms.BooleanField(
        label="Never go below the agreed sessions less the tolerance, even if no rota is then possible",
        required=False,
        help_text="Otherwise a practice can fall short when its staff are on leave or at their site limit; each session short is the heaviest penalty and is named.",
    )
    max_sites = forms.IntegerField(
        label="Most sites a person works at in a week", min_value=1, max_value=8, initial=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for rule, weight in DEFAULT_WEIGHTS.items():
            self.fields[f"weight_{rule}"] = forms.IntegerField(
                label=RULE_LABELS[rule], min_value=0, max_value=1000, initial=weight
            )

    def weight_fields(self):
        return [self[f"weight_{rule}"] for rule in DEFAULT_WEIGHTS]

    def settings(self):
        data = self.cleaned_data
        return {
            "tolerance": data["tolerance"],
            "strict_allocation": data["strict_allocation"],
            "max_sites": data["max_sites"],
            "weights": {rule: data[f"weight_{rule}"] for rule in DEFAULT_WEIGHTS},
        }


class MoveForm(forms.Form):
    site = forms.ChoiceField(label="Where")
    service = forms.ChoiceField(label="Service", required=False)
    lock = forms.BooleanField(
        label="Lock it: re-optimising keeps it here", required=False, initial=True
    )

    def __init__(self, *args, practices, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("hub", "Hub or remote (network work)")] + [
            (p.ods_code, p.name) for p in practices
        ]
        self.fields["service"].choices = [("", "Network work (at the hub)")] + [
            (s, s) for s in services
        ]


class RunForm(forms.Form):
    seconds = forms.IntegerField(
        label="Seconds the optimiser may take", min_value=1, max_value=300, initial=10
    )
