"""The planner's settings: the headroom to use, and each role left to the planner, pinned (at
any size or one) or ruled out. Read from the address, so a plan can be shared and re-planned."""

from decimal import Decimal

from django import forms

from pcn.core.fields import MoneyField
from pcn.money.exact import pounds
from pcn.money.models import PlannedPost

from .problems import HEADROOM_LIMIT

CHOICES = [("", "Planner chooses"), ("pin", "Must include"), ("forbid", "Rule out")]
SIZES = [("", "Any size")] + [
    (str(Decimal(n) / 2), f"{Decimal(n) / 2} WTE") for n in range(1, 11)
]  # 0.5 to 5 WTE


class PlanForm(forms.Form):
    headroom = MoneyField(
        column=PlannedPost._meta.get_field("cost_this_year"),
        what="The headroom to use",
        label="Headroom to use, in pounds",
        required=False,
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = roles  # [(code, name)]
        for code, name in roles:
            self.fields[f"role-{code}"] = forms.ChoiceField(
                label=f"{name}: what the planner may do", choices=CHOICES, required=False
            )
            self.fields[f"wte-{code}"] = forms.ChoiceField(
                label=f"{name}: size if included", choices=SIZES, required=False
            )

    def clean_headroom(self):
        value = self.cleaned_data["headroom"]
        if value is not None and not Decimal(0) <= value <= HEADROOM_LIMIT:
            raise forms.ValidationError(
                f"The headroom to use must be from £0 to {pounds(HEADROOM_LIMIT)}."
            )
        return value

    def clean(self):
        data = super().clean()
        for code, name in self.roles:
            if data.get(f"wte-{code}") and data.get(f"role-{code}") != "pin":
                self.add_error(
                    f"wte-{code}", f"Choose “Must include” for {name} to give it a size."
                )
        return data

    def settings(self):
        """(headroom or None, {role: hundredths or None}, {ruled-out roles})"""
        data = self.cleaned_data
        pins, forbidden = {}, set()
        for code, _ in self.roles:
            choice = data.get(f"role-{code}")
            if choice == "pin":
                size = data.get(f"wte-{code}")
                pins[code] = int(Decimal(size) * 100) if size else None
            elif choice == "forbid":
                forbidden.add(code)
        return data.get("headroom"), pins, forbidden
