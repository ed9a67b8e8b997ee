"""The network's money: rates it entered, staff pay lines, monthly ARRS claims, income
received and how each stream is shared out to practices."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from pcn.core.versioning import Versioned
from pcn.networks.models import Network, Practice
from pcn.workforce.models import PayArea, StaffMember

from .streams import STREAM_CHOICES


class PaymentRate(Versioned):
    """A rate the PCN manager entered for a year, adding one the sources lack or correcting one.
    It takes precedence over the published figure (streams.PUBLISHED) for this network."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="payment_rates")
    year = models.CharField(max_length=7)
    stream = models.CharField(max_length=20, choices=STREAM_CHOICES)
    value = models.DecimalField(max_digits=10, decimal_places=3)
    source = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "year", "stream"], name="unique_rate_per_year"
            )
        ]

    def __str__(self):
        return f"{self.get_stream_display()} {self.year}: {self.value}"


class NetworkMaximum(Versioned):
    """A maximum per WTE the PCN manager entered (the ICB's figure, or the network's own) for a
    role in a pay area, in force from a date: it replaces the shipped figure from that date.
    Entered backdated after claims were made, it creates arrears (claims.arrears)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="maxima")
    role_code = models.SlugField(max_length=60)
    band = models.CharField("Agenda for Change band", max_length=20, blank=True)
    pay_area = models.CharField(max_length=15, choices=PayArea.choices)
    valid_from = models.DateField()
    value = models.DecimalField(max_digits=9, decimal_places=2)
    source = models.CharField(max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role_code", "band", "pay_area", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "role_code", "band", "pay_area", "valid_from"],
                name="unique_network_maximum_from",
            )
        ]

    def __str__(self):
        return (
            f"{self.role_code} {self.get_pay_area_display()} from {self.valid_from}: {self.value}"
        )


class MoneyProfile(Versioned):
    """The few facts about the network that its claims and entitlements need."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="money")
    pay_area = models.CharField(max_length=15, choices=PayArea.choices, default=PayArea.NATIONAL)
    mental_health_agreement = models.BooleanField(
        "written agreement with the mental health provider",
        default=False,
        help_text="Needed to claim for any mental health practitioner: 50% for the first in a "
        "band, up to 100% for later ones",
    )
    care_home_beds = models.PositiveIntegerField(null=True, blank=True)
    care_home_beds_source = models.CharField(max_length=300, blank=True)

    def __str__(self):
        return f"Money settings of {self.network}"


class SalaryLine(Versioned):
    """What one person cost the employer in one month: the inputs of an ARRS claim line."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="salary_lines")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="salary_lines")
    month = models.DateField(help_text="The first day of the month")
    # For a sub-contracted role paid by invoice: salary holds the invoice amount before VAT,
    # NI and pension are 0, and the VAT charged is kept apart.
    salary = models.DecimalField(max_digits=9, decimal_places=2)
    employer_ni = models.DecimalField("employer NI", max_digits=9, decimal_places=2)
    employer_pension = models.DecimalField(max_digits=9, decimal_places=2)
    vat = models.DecimalField("VAT", max_digits=9, decimal_places=2, default=0)
    invoice_reference = models.CharField(max_length=60, blank=True)
    # What its claim asked for, fixed when the claim was submitted: a later (backdated) rise
    # in the maximum shows as arrears against it.
    claimed = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["month", "staff__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "month"], name="one_salary_line_per_month")
        ]

    def __str__(self):
        return f"{self.staff} {self.month:%B %Y}"

    @property
    def actual_cost(self):
        return self.salary + self.employer_ni + self.employer_pension + self.vat


class Claim(Versioned):
    """The network's ARRS claim for one month: draft, then submitted, then paid."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        PAID = "paid", "Paid"

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="claims")
    month = models.DateField(help_text="The first day of the month claimed for")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Fixed when submitted: what was asked for, whatever changes later.
    amount_claimed = models.DecimalField(max_digits=11, decimal_places=2, null=True, blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    amount_paid = models.DecimalField(max_digits=11, decimal_places=2, null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["network", "month"], name="one_claim_per_month")
        ]

    def __str__(self):
        return f"ARRS claim for {self.month:%B %Y}"


class ArrearsLine(models.Model):
    """What a backdated rise in a maximum adds for one person and month already claimed at the
    old figure: claimed on a later claim as a separate line."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="arrears")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="arrears")
    month = models.DateField(help_text="The month the arrears are for")
    claimed_before = models.DecimalField(max_digits=9, decimal_places=2)
    due_now = models.DecimalField(max_digits=9, decimal_places=2)
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="arrears_lines", help_text="Claimed on"
    )
    note = models.CharField(max_length=300)

    class Meta:
        ordering = ["month", "staff__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "month", "claim"], name="one_arrears_line_per_claim"
            )
        ]

    def __str__(self):
        return f"Arrears for {self.staff}, {self.month:%B %Y}"

    @property
    def amount(self):
        return self.due_now - self.claimed_before


class FirstCall(models.Model):
    """A cost the Network Agreement's financial schedule takes off a stream before the rest is
    shared to practices, e.g. the clinical director's and PCN manager's pay."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="first_calls")
    year = models.CharField(max_length=7)
    stream = models.CharField(max_length=20, choices=STREAM_CHOICES)
    name = models.CharField(max_length=120)
    annual_amount = models.DecimalField(max_digits=11, decimal_places=2)
    agreed_in = models.CharField(
        max_length=300, help_text="Where it is agreed, e.g. the Network Agreement's schedule 2"
    )

    class Meta:
        ordering = ["year", "stream", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "year", "stream", "name"], name="one_first_call_per_name"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"


class DistributionBasis(models.TextChoices):
    REGISTERED = "registered", "Registered list"
    ADJUSTED = "adjusted", "Adjusted population"
    WEIGHTED = "weighted", "Weighted population"
    EQUAL = "equal", "Equal shares"
    AGREED = "agreed", "Agreed percentages"
    EMPLOYER = "employer", "To each person's employer"


class DistributionRule(Versioned):
    """How one income stream is shared out to the practices."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="distribution_rules"
    )
    stream = models.CharField(max_length=20, choices=STREAM_CHOICES)
    basis = models.CharField(max_length=12, choices=DistributionBasis.choices)
    percentages = models.JSONField(default=dict, blank=True)  # agreed: {ods code: "12.5"}

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "stream"], name="one_rule_per_stream")
        ]

    def __str__(self):
        return f"{self.get_stream_display()}: {self.get_basis_display()}"


class IncomeReceipt(models.Model):
    """Money the nominated payee received for one stream and month, and how it was shared."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="income")
    stream = models.CharField(max_length=20, choices=STREAM_CHOICES)
    month = models.DateField(help_text="The first day of the month it is for")
    amount = models.DecimalField(max_digits=11, decimal_places=2)
    received_on = models.DateField()
    basis = models.CharField(max_length=12, choices=DistributionBasis.choices)
    basis_note = models.CharField(max_length=300, blank=True)  # the figures it was shared by
    # Kept by the network before sharing: {first call name: amount} (FirstCall).
    first_calls = models.JSONField(default=dict, blank=True)
    # ARRS reimbursements for people no member practice employs: {employer: amount}, passed on
    # to the network's employing body or the provider that invoiced.
    passed_on = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month", "stream"]

    def __str__(self):
        return f"{self.get_stream_display()} for {self.month:%B %Y}"


class IncomeShare(models.Model):
    """One practice's share of one receipt, fixed when the receipt was recorded."""

    receipt = models.ForeignKey(IncomeReceipt, on_delete=models.CASCADE, related_name="shares")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="income_shares")
    amount = models.DecimalField(max_digits=11, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["receipt", "practice"], name="one_share_per_practice")
        ]

    def __str__(self):
        return f"{self.practice}: {self.amount}"


class PlannedPost(models.Model):
    """A post the recruitment planner proposed and the PCN manager added to the forecast: a
    what-if, never a person or a claim. The forecast shows it apart, labelled planned, with the
    headroom left after it; adding a new plan replaces the last one (decision 30)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="planned_posts")
    year = models.CharField(max_length=7)  # the financial year it was planned in
    role_code = models.SlugField(max_length=60)
    band = models.CharField("Agenda for Change band", max_length=20, blank=True)
    wte = models.DecimalField(max_digits=4, decimal_places=2)
    start = models.DateField()
    cost_this_year = models.DecimalField(max_digits=11, decimal_places=2)
    cost_full_year = models.DecimalField(max_digits=11, decimal_places=2)
    why = models.CharField(max_length=1000)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["start", "role_code", "-wte", "pk"]

    def __str__(self):
        return f"Planned {self.role_code} {self.wte} WTE from {self.start}"
