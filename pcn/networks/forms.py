from django import forms

from pcn.core import limits
from pcn.core.csv_files import ONE_MB, check_upload
from pcn.core.fields import DateField
from pcn.core.versioning import VersionField

from .models import Basis
from .week import WEEK_SLOTS, is_enhanced, slot_name


class VersionedForm(forms.Form):
    """Carries the version the user started from, so a stale save can be refused."""

    version = VersionField()


class FindPcnForm(forms.Form):
    q = forms.CharField(
        label="PCN code, PCN name or practice name",
        max_length=100,
        help_text="For example U35980, Central Liverpool, or Dingle Park Practice.",
    )


class PracticeDetailsForm(VersionedForm):
    address = forms.CharField(label="Address", max_length=400, required=False)
    phone = forms.CharField(label="Telephone", max_length=40, required=False)
    email = forms.EmailField(label="Email address for the PCN team", required=False)


class PracticeMembershipForm(PracticeDetailsForm):
    """The PCN manager also says since when the practice has been a member."""

    joined_on = DateField(
        label="Member of the network since",
        required=False,
        help_text=(
            "Leave blank for a founding member. A practice that joined after 1 January before "
            "a financial year is not counted in that year's entitlement. For example, 1 4 2026"
        ),
    )


def room_field_name(weekday, session):
    return f"rooms_{weekday}_{session}"


class RoomsForm(VersionedForm):
    """One whole-number box per weekday session."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for day, session in WEEK_SLOTS:
            name = slot_name(day, session)
            self.fields[room_field_name(day, session)] = forms.IntegerField(
                label=name,
                min_value=0,
                max_value=50,
                # An evening or Saturday left blank is not offered: most practices don't.
                required=not is_enhanced(session),
                error_messages={
                    "required": f"Enter the rooms for {name}, or 0.",
                    "invalid": f"{name}: enter a whole number, like 2.",
                    "min_value": f"{name}: rooms can't be fewer than 0.",
                    "max_value": f"{name}: rooms can't be more than 50.",
                },
            )

    def grid(self):
        return {
            (day, session): self.cleaned_data[room_field_name(day, session)] or 0
            for day, session in WEEK_SLOTS
        }


class OfficialPopulationForm(VersionedForm):
    basis = forms.ChoiceField(label="Which population", choices=Basis.choices)
    value = forms.IntegerField(
        label="Figure",
        min_value=1,
        max_value=1_000_000,
        error_messages={
            "invalid": "Enter the figure as a whole number, like 12450.",
            "min_value": "The figure must be above 0.",
            "max_value": "The figure can't be more than 1,000,000 for one practice.",
        },
    )
    as_at = DateField(label="Date the figure applies to", help_text="For example, 1 1 2026")
    source = forms.CharField(
        label="Source",
        max_length=300,
        help_text="Where the figure comes from, for example 'ICB letter of 3 February 2026'.",
    )


class OfficialPopulationsUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload the figures as a CSV file",
        help_text="Columns: practice_code, registered, adjusted, weighted. Leave a cell blank "
        "where the ICB gives no figure. At most 1 MB.",
        error_messages={"required": "Choose a CSV file to upload."},
    )
    as_at = DateField(
        label="Date the figures are the population at",
        help_text="Usually 1 January, for the financial year starting the April after. "
        "For example, 1 1 2026",
    )
    source = forms.CharField(
        label="Source",
        max_length=300,
        help_text="Where the figures come from, for example 'ICB letter of 3 February 2026'.",
        error_messages={"required": "Say where the figures come from."},
    )

    def clean_file(self):
        return check_upload(
            self.cleaned_data["file"], max_bytes=ONE_MB, what="a file of practice populations"
        )


class RefuseApplicationForm(forms.Form):
    reason = forms.CharField(
        label="Why is it refused?",
        max_length=limits.NOTE,
        widget=forms.Textarea,
        help_text="The person who asked is emailed this.",
    )


class AddIcbUserForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=limits.NAME)
    icb_code = forms.CharField(
        label="ICB code", max_length=10, help_text="The ICB's code in the NHS files, like QYG."
    )
    full_name = forms.CharField(
        label="Full name (optional)",
        max_length=limits.NAME,
        required=False,
        help_text="For a new account. Someone who has an account keeps their name.",
    )
