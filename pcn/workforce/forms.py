from django import forms
from django.db.models import Q
from django.utils import timezone

from pcn.core import limits
from pcn.core.fields import DateField
from pcn.core.versioning import VersionField
from pcn.networks.forms import VersionedForm
from pcn.networks.models import WEEKDAYS
from pcn.reference.models import ArrsRole

from .models import (
    Employer,
    Funding,
    Leave,
    LeaverReason,
    MeetingFrequency,
    PayArea,
    SupervisionSession,
)
from .teams import can_join

NETWORK_TEAM = "network"


def _choices(queryset, blank):
    return [("", blank)] + [(str(obj.pk), str(obj)) for obj in queryset]


class StaffForm(VersionedForm):
    """Everything the register holds about a person. Choices come from the network only."""

    full_name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(
        label="Work email address",
        required=False,
        help_text="When they join PCN Commons with this address, they see their own work.",
    )
    phone = forms.CharField(label="Telephone", max_length=40, required=False)
    role_code = forms.ChoiceField(label="Role")
    band = forms.CharField(
        label="Agenda for Change band",
        max_length=20,
        required=False,
        help_text="For example 7, or 8a.",
    )
    wte = forms.DecimalField(
        label="WTE (whole-time equivalent)",
        max_digits=4,
        decimal_places=2,
        help_text="1.0 is 37.5 hours a week; for example 0.6 for 22.5 hours.",
        error_messages={"invalid": "Enter the WTE as a number, like 0.8."},
    )
    nhs_identifier = forms.CharField(
        label="NHS workforce identifier",
        max_length=20,
        required=False,
        help_text="The number of their record in NHS England Digital's PCN workforce file "
        "(UNIQUE_IDENTIFIER): it matches them with the census. Leave blank if they are not in it.",
    )
    start_date = DateField(label="Start date", required=False)
    end_date = DateField(
        label="End date", required=False, help_text="Leave blank if they have no end date."
    )
    employer = forms.ChoiceField(label="Employer", choices=Employer.choices)
    employer_practice = forms.ChoiceField(
        label="Employing practice",
        required=False,
        help_text="Required if a member practice employs them; also for the lead practice.",
    )
    employer_name = forms.CharField(
        label="Employer's name",
        max_length=200,
        required=False,
        help_text="The network's employing body, or the federation or provider that invoices "
        "the network for them.",
    )
    pay_area = forms.ChoiceField(
        label="Employer's pay area",
        required=False,
        choices=[("", "The network's pay area")] + list(PayArea.choices),
        help_text="Chooses the national, outer or inner London maximum for their claims.",
    )
    funding = forms.ChoiceField(label="Funding", choices=Funding.choices)
    additionality_confirmed = forms.BooleanField(
        label="Additionality confirmed",
        required=False,
        help_text="The role is additional to the PCN's baseline: without it, their pay is not "
        "claimed from the ARRS.",
    )
    cct_date = DateField(
        label="Date of Certificate of Completion of Training (CCT)",
        required=False,
        help_text="GPs only: in 2025/26 the ARRS reimburses GPs who start within two years of "
        "their CCT.",
    )
    recent_network_employment_end = DateField(
        label="Last employed by the PCN or a member practice on",
        required=False,
        help_text="Nurses and healthcare support workers only: from 2025/26 someone employed by "
        "the PCN or a member practice in the 12 months before starting is not reimbursed. Leave "
        "blank if they were not.",
    )
    moved_to_senior_nursing_role = forms.BooleanField(
        label="Moved to a more senior or specialist nursing role",
        required=False,
        help_text="The exception to the 12-month rule for nurses.",
    )
    home_base = forms.ChoiceField(
        label="Home base",
        required=False,
        help_text="Where they belong: one practice, or the network team.",
    )
    line_manager = forms.ChoiceField(label="Line manager", required=False)
    supervisor = forms.ChoiceField(label="Clinical supervisor", required=False)
    external_supervisor = forms.CharField(
        label="Clinical supervisor outside the register",
        max_length=200,
        required=False,
        help_text="Only if their supervisor is not in the register.",
    )
    teams = forms.MultipleChoiceField(
        label="Teams", required=False, widget=forms.CheckboxSelectMultiple
    )
    services = forms.CharField(label="Services they can deliver", max_length=400, required=False)

    def __init__(self, *args, network, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        # One choice per role code, named as in its latest year.
        roles = ArrsRole.objects.order_by("year").values_list("code", "name")
        self.fields["role_code"].choices = [("", "Choose a role")] + sorted(
            dict(roles).items(), key=lambda pair: pair[1]
        )
        self.practices = {str(p.pk): p for p in network.practices.all()}
        practice_choices = [(pk, p.name) for pk, p in self.practices.items()]
        self.fields["employer_practice"].choices = [("", "Not a practice")] + practice_choices
        self.fields["home_base"].choices = [
            ("", "No home base yet"),
            (NETWORK_TEAM, "The network team"),
        ] + practice_choices
        # Only people in post are offered as line manager or supervisor. One who has left stays
        # a choice only where they are this person's already, marked, so saving the form
        # changes nothing the manager didn't.
        current = {person.line_manager_id, person.supervisor_id} - {None} if person else set()
        others = (
            network.staff.exclude(pk=person.pk if person else None)
            .exclude(is_draft=True)
            .filter(
                Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate()) | Q(pk__in=current)
            )
        )
        self.people = {str(p.pk): p for p in others}
        for name in ("line_manager", "supervisor"):
            self.fields[name].choices = [("", "None in the register")] + [
                (pk, _person_label(p))
                for pk, p in self.people.items()
                if not _has_left(p) or (person and getattr(person, f"{name}_id") == p.pk)
            ]
        # Not self.teams: that would hide the form's own `teams` field from the template.
        self.team_choices = {str(t.pk): t for t in network.teams.all()}
        self.fields["teams"].choices = [(pk, t.name) for pk, t in self.team_choices.items()]

    def clean(self):
        data = super().clean()
        data["employer_practice"] = self.practices.get(data.get("employer_practice") or "")
        if data.get("employer") == Employer.MEMBER_PRACTICE and data["employer_practice"] is None:
            self.add_error("employer_practice", "Choose the member practice that employs them.")
        base = data.pop("home_base", "")
        data["home_is_network_team"] = base == NETWORK_TEAM
        data["home_practice"] = self.practices.get(base or "")
        data["line_manager"] = self.people.get(data.get("line_manager") or "")
        data["supervisor"] = self.people.get(data.get("supervisor") or "")
        data["teams"] = [self.team_choices[pk] for pk in data.get("teams", [])]
        return data

    @staticmethod
    def initial_for(person):
        return {
            "version": person.version,
            "full_name": person.full_name,
            "email": person.email,
            "phone": person.phone,
            "role_code": person.role_code,
            "band": person.band,
            "wte": person.wte,
            "nhs_identifier": person.nhs_identifier,
            "start_date": person.start_date,
            "end_date": person.end_date,
            "employer": person.employer,
            "employer_practice": person.employer_practice_id,
            "employer_name": person.employer_name,
            "funding": person.funding,
            "additionality_confirmed": person.additionality_confirmed,
            "pay_area": person.pay_area,
            "cct_date": person.cct_date,
            "recent_network_employment_end": person.recent_network_employment_end,
            "moved_to_senior_nursing_role": person.moved_to_senior_nursing_role,
            "home_base": NETWORK_TEAM if person.home_is_network_team else person.home_practice_id,
            "line_manager": person.line_manager_id,
            "supervisor": person.supervisor_id,
            "external_supervisor": person.external_supervisor,
            "teams": [str(t.pk) for t in person.teams.all()],
            "services": person.services,
        }


def _has_left(person):
    return person.end_date is not None and person.end_date < timezone.localdate()


def _person_label(person):
    if _has_left(person):
        return f"{person} (left on {person.end_date.day} {person.end_date:%b %Y})"
    return str(person)


class TeamForm(forms.Form):
    """A team's name and purpose, and when and where it meets (all three of day, time and how
    often, or none)."""

    name = forms.CharField(
        label="Team name", max_length=120, error_messages={"required": "Enter the team's name."}
    )
    purpose = forms.CharField(
        label="What the team is for", max_length=limits.SOURCE, required=False
    )
    meets_weekday = forms.TypedChoiceField(
        label="Day",
        choices=[("", "Not set")] + [(str(n), day) for n, day in enumerate(WEEKDAYS)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    meets_at = forms.TimeField(
        label="Time",
        required=False,
        help_text="For example 13:30.",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        error_messages={"invalid": "Enter the time as hours and minutes, like 13:30."},
    )
    meets_every = forms.ChoiceField(
        label="How often",
        choices=[("", "Not set")] + list(MeetingFrequency.choices),
        required=False,
    )
    meets_where = forms.CharField(
        label="Where",
        max_length=limits.NAME,
        required=False,
        help_text="A practice and room, or online.",
    )

    @staticmethod
    def initial_for(team):
        return {
            "version": team.version,
            "name": team.name,
            "purpose": team.purpose,
            "meets_weekday": team.meets_weekday,
            "meets_at": f"{team.meets_at:%H:%M}" if team.meets_at else "",
            "meets_every": team.meets_every,
            "meets_where": team.meets_where,
        }


class TeamEditForm(TeamForm):
    version = VersionField()


class MemberForm(forms.Form):
    """Someone in post, not yet in the team."""

    person = forms.ChoiceField(label="Person")

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in can_join(team)}
        self.fields["person"].choices = [("", "Choose a person")] + [
            (pk, str(p)) for pk, p in self.people.items()
        ]

    def clean_person(self):
        return self.people[self.cleaned_data["person"]]


class LeaveForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of leave or absence", choices=Leave.Kind.choices)
    start = DateField(label="First day")
    end = DateField(label="Last day")
    note = forms.CharField(label="Note", max_length=300, required=False)


class SupervisionForm(forms.Form):
    on = DateField(label="Date of the supervision")
    kind = forms.ChoiceField(label="Kind", choices=SupervisionSession.Kind.choices)
    note = forms.CharField(
        max_length=limits.NOTE,
        label="Note",
        required=False,
        widget=forms.Textarea,
        help_text="Only you, the person supervised and the PCN manager can read it.",
    )


SCORES = [
    ("1", "1 – Strongly disagree"),
    ("2", "2 – Disagree"),
    ("3", "3 – Neither agree nor disagree"),
    ("4", "4 – Agree"),
    ("5", "5 – Strongly agree"),
]


class PulseForm(forms.Form):
    belong = forms.ChoiceField(
        label="I feel I belong to a team", choices=SCORES, widget=forms.RadioSelect
    )
    support = forms.ChoiceField(
        label="I get the support I need", choices=SCORES, widget=forms.RadioSelect
    )
    clarity = forms.ChoiceField(label="My role is clear", choices=SCORES, widget=forms.RadioSelect)
    comment = forms.CharField(
        max_length=limits.NOTE,
        label="Anything you want to add (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="Comments are never shown with your name.",
    )


class LeaverForm(VersionedForm):
    end_date = DateField(label="Last working day")
    reason = forms.ChoiceField(
        label="Main reason for leaving",
        choices=[("", "Choose a reason")] + list(LeaverReason.choices),
    )
    note = forms.CharField(
        max_length=limits.NOTE,
        label="More about why they left",
        required=False,
        widget=forms.Textarea,
    )


class CensusExplanationForm(forms.Form):
    """Why a difference between the register and the NHS census is as it should be."""

    item = forms.CharField(widget=forms.HiddenInput, max_length=400)
    reason = forms.CharField(
        label="Why is this as it should be?",
        max_length=300,
        help_text="A sentence or two, up to 300 characters: for example “Started on 1 July, "
        "after the census” or “Contracted from the federation; they report the hours”.",
        error_messages={
            "required": "Enter why this difference is as it should be, in a sentence.",
            "max_length": "The reason must be 300 characters or fewer (it has %(show_value)d).",
        },
    )
