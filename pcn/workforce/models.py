"""The network's staff register: people, their roles, where and when they work, who supports them."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from pcn.core import limits
from pcn.core.versioning import Versioned
from pcn.networks.models import DAYS, WEEKDAYS, AnySession, Network, Practice, Session
from pcn.reference.models import ArrsRole

# The whole-time equivalent a person may hold in the register. Above 1: a contracted service
# can report more than one FTE in one record of the NHS workforce file.
WTE_RANGE = (Decimal("0.01"), Decimal("1.5"))


class NetworkRoleFigure(models.Model):
    """A network's own figure where the catalogue has none (or corrects one), audited."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="role_figures")
    role = models.ForeignKey(ArrsRole, on_delete=models.CASCADE, related_name="network_figures")
    field = models.CharField(max_length=30)  # one of ArrsRole's figure fields
    value = models.DecimalField(max_digits=9, decimal_places=2)
    source = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "role", "field"], name="unique_network_role_figure"
            )
        ]

    def __str__(self):
        return f"{self.role} {self.field}: {self.value}"


class MeetingFrequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every other week"
    MONTHLY = "monthly", "Once a month"


class Team(Versioned):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)
    purpose = models.CharField(max_length=300, blank=True)
    meets_weekday = models.PositiveSmallIntegerField(
        choices=list(enumerate(WEEKDAYS)), null=True, blank=True, help_text="When the team meets"
    )
    meets_session = models.CharField(max_length=2, choices=Session.choices, blank=True)
    # When and where the team meets. The session above follows from the time: a meeting
    # before 13:00 is in the morning session, from 13:00 in the afternoon's.
    meets_at = models.TimeField("meeting time", null=True, blank=True)
    meets_every = models.CharField(
        "how often", max_length=12, choices=MeetingFrequency.choices, blank=True
    )
    meets_where = models.CharField("where", max_length=limits.NAME, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["network", "name"], name="unique_team_name")]

    def __str__(self):
        return self.name

    @property
    def has_meeting(self):
        return self.meets_weekday is not None and bool(self.meets_session)

    @property
    def meeting(self):
        """'Wednesdays at 13:30, every other week, in the Dingle Park meeting room', or ''."""
        if not self.has_meeting:
            return ""
        when = f"{WEEKDAYS[self.meets_weekday]}s"
        if self.meets_at:
            when += f" at {self.meets_at:%H:%M}"
        else:
            when += f" {self.get_meets_session_display().lower()}"
        if self.meets_every:
            when += f", {self.get_meets_every_display().lower()}"
        if self.meets_where:
            when += f", {self.meets_where}"
        return when


class Employer(models.TextChoices):
    MEMBER_PRACTICE = "member_practice", "A member practice"
    LEAD_PRACTICE = "lead_practice", "The PCN's lead practice"
    NETWORK_BODY = "network_body", "The network's own employing body"
    FEDERATION = "federation", "A GP federation (invoices the network)"
    THIRD_PARTY = "third_party", "Another provider (invoices the network)"


# Sub-contracted: the network pays the provider's invoice (with VAT where charged), and the
# ARRS reimbursement for the role passes to that provider.
INVOICING_EMPLOYERS = {Employer.FEDERATION, Employer.THIRD_PARTY}


class PayArea(models.TextChoices):
    """Where the employer is: chooses the national, outer or inner London maximum."""

    NATIONAL = "national", "National"
    OUTER_LONDON = "outer_london", "Outer London"
    INNER_LONDON = "inner_london", "Inner London"


class Funding(models.TextChoices):
    ARRS = "arrs", "ARRS"
    OTHER = "other", "Other"


class LeaverReason(models.TextChoices):
    ISOLATION = "isolation", "Felt isolated or that they didn't belong"
    SUPERVISION = "supervision", "Not enough support or supervision"
    ROLE_UNCLEAR = "role_unclear", "Role unclear or not used well"
    WORKLOAD = "workload", "Workload"
    PAY = "pay", "Pay or banding"
    CAREER = "career", "Career progression elsewhere"
    TRAVEL = "travel", "Travel between sites"
    PERSONAL = "personal", "Personal or family reasons"
    RETIREMENT = "retirement", "Retirement"
    CONTRACT_END = "contract_end", "Fixed-term contract ended"
    OTHER = "other", "Other"


class StaffMember(Versioned):
    """A person in the network's register. A draft from the NHS file has no name yet."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_records",
    )
    full_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    role_code = models.SlugField("role", max_length=60, blank=True)  # ArrsRole.code
    nhs_role = models.CharField("NHS detailed role", max_length=200, blank=True)
    nhs_identifier = models.CharField(max_length=20, blank=True)
    band = models.CharField("Agenda for Change band", max_length=20, blank=True)
    wte = models.DecimalField("WTE", max_digits=4, decimal_places=2)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    employer = models.CharField(
        max_length=20, choices=Employer.choices, default=Employer.MEMBER_PRACTICE
    )
    employer_practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.SET_NULL, related_name="employees"
    )
    employer_name = models.CharField(max_length=200, blank=True)
    funding = models.CharField(max_length=10, choices=Funding.choices, default=Funding.ARRS)
    pay_area = models.CharField(
        "employer's pay area",
        max_length=15,
        choices=PayArea.choices,
        blank=True,
        help_text="Blank: the network's own pay area",
    )
    additionality_confirmed = models.BooleanField(default=False)
    cct_date = models.DateField(
        "date of Certificate of Completion of Training",
        null=True,
        blank=True,
        help_text="GPs only: in 2025/26 the ARRS reimburses GPs within two years of their CCT",
    )
    recent_network_employment_end = models.DateField(
        "last employed by the PCN or a member practice on",
        null=True,
        blank=True,
        help_text="Nurses and healthcare support workers: from 2025/26 not reimbursable if "
        "employed by the PCN or a member practice in the 12 months before",
    )
    moved_to_senior_nursing_role = models.BooleanField(
        "moved to a more senior or specialist nursing role",
        default=False,
        help_text="The exception to the 12-month rule for nurses",
    )
    home_practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.SET_NULL, related_name="based_staff"
    )
    home_is_network_team = models.BooleanField("based with the network team", default=False)
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="line_reports"
    )
    supervisor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supervisees"
    )
    external_supervisor = models.CharField(max_length=200, blank=True)
    teams = models.ManyToManyField(Team, blank=True, related_name="members")
    services = models.CharField(max_length=400, blank=True, help_text="Services they can deliver")
    is_draft = models.BooleanField(default=False)
    leaver_reason = models.CharField(max_length=20, choices=LeaverReason.choices, blank=True)
    leaver_note = models.TextField(blank=True, max_length=limits.NOTE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["full_name", "pk"]

    def __str__(self):
        return self.full_name or f"Unnamed {self.nhs_role or self.role_code} ({self.wte} WTE)"

    @property
    def invoiced(self):
        return self.employer in INVOICING_EMPLOYERS

    @property
    def has_home_base(self):
        return self.home_practice_id is not None or self.home_is_network_team


class WorkingSession(models.Model):
    """Where a person usually is in one weekday session: a practice, or the network hub/remote."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="usual_week")
    weekday = models.PositiveSmallIntegerField(choices=list(enumerate(DAYS)))
    session = models.CharField(max_length=6, choices=AnySession.choices)
    practice = models.ForeignKey(Practice, null=True, blank=True, on_delete=models.CASCADE)
    # No practice: at the network hub or working remotely.

    class Meta:
        ordering = ["weekday", "session"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "weekday", "session"], name="unique_working_session"
            )
        ]

    def __str__(self):
        return f"{DAYS[self.weekday]} {self.session}"


class Leave(models.Model):
    class Kind(models.TextChoices):
        ANNUAL = "annual", "Annual leave"
        SICKNESS = "sickness", "Sickness"
        STUDY = "study", "Study leave"
        OTHER = "other", "Other absence"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="leave")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    start = models.DateField()
    end = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    note = models.CharField(max_length=300, blank=True)
    # Who approved or declined it: told if approved leave is later withdrawn.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-start"]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.dates}"

    @property
    def dates(self):
        """'Mon 7 Dec 2026 to Fri 11 Dec 2026': the weekday people check leave against."""
        if self.start == self.end:
            return day_text(self.start)
        return f"{day_text(self.start)} to {day_text(self.end)}"

    @property
    def can_be_withdrawn(self):
        """Pending leave at any time; approved leave until its first day."""
        if self.status == self.Status.REQUESTED:
            return True
        return self.status == self.Status.APPROVED and self.start > timezone.localdate()


def day_text(value):
    """'Mon 7 Dec 2026', never an ISO date."""
    return f"{value:%a} {value.day} {value:%b %Y}"


class SupervisionSession(models.Model):
    class Kind(models.TextChoices):
        CLINICAL = "clinical", "Clinical supervision"
        CASE_REVIEW = "case_review", "Case review"
        GROUP = "group", "Group supervision"
        LINE = "line", "Line-management one-to-one"

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="supervision")
    supervisor = models.ForeignKey(
        StaffMember,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervision_given",
    )
    supervisor_name = models.CharField(max_length=200, blank=True)
    date = models.DateField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    note = models.TextField(
        blank=True,
        max_length=limits.NOTE,
        help_text="Seen only by the two people and the PCN manager",
    )

    class Meta:
        ordering = ["-date"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.date}"


class PulseResponse(models.Model):
    """One person's monthly pulse. Shown only aggregated, where at least 5 people answered."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="pulse")
    month = models.DateField(help_text="The first day of the month answered for")
    belong = models.PositiveSmallIntegerField()
    support = models.PositiveSmallIntegerField()
    clarity = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True, max_length=limits.NOTE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["staff", "month"], name="one_pulse_per_month"),
            models.CheckConstraint(
                condition=models.Q(
                    belong__range=(1, 5), support__range=(1, 5), clarity__range=(1, 5)
                ),
                name="pulse_scores_1_to_5",
            ),
        ]

    def __str__(self):
        return f"Pulse {self.month:%B %Y}"


class CensusExplanation(models.Model):
    """The PCN manager's reason why a difference between the register and one NHS workforce
    census is as it should be. It holds for that census only: a newer census reopens it."""

    REASON = 300  # a short reason: a sentence or two

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="census_explanations"
    )
    census_date = models.DateField()
    # Which difference (pcn.workforce.census_match.Entry.item), and what it was when explained.
    item = models.CharField(max_length=400)
    summary = models.CharField(max_length=300)
    reason = models.CharField(max_length=REASON)
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    explained_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["explained_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "census_date", "item"], name="unique_census_explanation"
            )
        ]

    def __str__(self):
        return f"Explained: {self.summary}"
