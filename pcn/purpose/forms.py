from django import forms

from pcn.core import limits
from pcn.core.fields import DateField
from pcn.core.models import Role
from pcn.core.years import next_year, this_year

from . import models

PRIORITY_SLOTS = models.MOST_PRIORITIES


class PurposeForm(forms.Form):
    statement = forms.CharField(
        label="Our purpose",
        max_length=models.STATEMENT,
        widget=forms.Textarea,
        required=False,
        help_text="Why the network exists, in a sentence or two everyone can remember.",
    )
    values = forms.CharField(
        label="Our values",
        max_length=models.MOST_VALUES * (models.VALUE + 1),
        widget=forms.Textarea,
        required=False,
        help_text=f"How we work together: one a line, {models.MOST_VALUES} at most.",
    )
    year = forms.ChoiceField(label="The priorities are for")
    note = forms.CharField(
        max_length=limits.NOTE,
        label="What changed and why",
        required=False,
        widget=forms.Textarea,
        help_text="Practice managers read this before they agree.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = this_year()
        self.fields["year"].choices = [
            (y, f"{y} (April to March)") for y in (year, next_year(year))
        ]

    def value_lines(self):
        return [line for line in self.cleaned_data["values"].splitlines() if line.strip()]


def owner_choices(network):
    """Everyone who works in the network, once each, by name."""
    people = {}
    for m in (
        network.memberships.exclude(role=Role.OBSERVER)
        .select_related("user")
        .order_by("user__full_name")
    ):
        if m.user.is_active:
            people.setdefault(m.user.pk, m.user.full_name or m.user.email)
    return [("", "Choose an owner")] + [(str(pk), name) for pk, name in people.items()]


class PriorityForm(forms.Form):
    title = forms.CharField(label="Priority", max_length=limits.NAME, required=False)
    owner = forms.ChoiceField(label="Owner", required=False)
    measure = forms.CharField(
        label="What will show progress",
        max_length=models.MEASURE,
        required=False,
        help_text="For example, structured medication reviews completed for care home residents",
    )
    target = forms.DecimalField(
        label="Target figure (optional)",
        required=False,
        min_value=0,
        max_value=999_999_999,
        decimal_places=1,
    )
    unit = forms.CharField(
        label="Unit (optional)",
        max_length=models.UNIT,
        required=False,
        help_text="For example, reviews or patients",
    )
    services = forms.MultipleChoiceField(
        label="Services it involves",
        required=False,
        help_text="Staff who deliver these services see that their work contributes.",
    )
    priority = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owner_choices(network)
        self.fields["services"].choices = [(str(s.pk), s.name) for s in network.services.all()]

    @property
    def is_blank(self):
        data = self.cleaned_data
        return not any(
            [data.get("title"), data.get("measure"), data.get("owner"), data.get("services")]
        )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Does your practice agree to this version?",
        choices=[("agree", "We agree"), ("object", "We object")],
    )
    comment = forms.CharField(
        max_length=limits.NOTE,
        label="Comment",
        required=False,
        widget=forms.Textarea,
        help_text="Needed if you object: say what should change.",
    )


class AgreeForm(forms.Form):
    without = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput)
    reason = forms.CharField(
        max_length=limits.NOTE,
        label="Why agree it now",
        required=False,
        widget=forms.Textarea,
        help_text="Kept with the agreed version, for the practices to read.",
    )

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["without"].choices = [(p.ods_code, p.name) for p, _ in pending]


class ProgressForm(forms.Form):
    on = DateField(label="Date", required=False, help_text="For example, 17 11 2026")
    note = forms.CharField(
        max_length=limits.NOTE, label="What happened", widget=forms.Textarea, required=False
    )
    figure = forms.DecimalField(
        label="Figure so far (optional)",
        required=False,
        min_value=0,
        max_value=999_999_999,
        decimal_places=1,
    )
