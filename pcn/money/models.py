"""The network's money: rates it entered, staff pay lines, monthly ARRS claims, income
received and how each stream is shared out to practices."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from pcn.core.versioning import Versioned
from pcn.networks.models import Network, Practice
from pcn.workforce.models import StaffMember

from .streams import STREAM_CHOICES


class PaymentRate(models.Model):
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


class PayArea(models.TextChoices):
    NATIONAL = "national", "National"
    OUTER_LONDON = "outer_london", "Outer London"
    INNER_LONDON = "inner_london", "Inner London"


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
    salary = models.DecimalField(max_digits=9, decimal_places=2)
    employer_ni = models.DecimalField("employer NI", max_digits=9, decimal_places=2)
    employer_pension = models.DecimalField(max_digits=9, decimal_places=2)
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
        return self.salary + self.employer_ni + self.employer_pension


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


class DistributionBasis(models.TextChoices):
    REGISTERED = "registered", "Registered list"
    ADJUSTED = "adjusted", "Adjusted population"
    WEIGHTED = "weighted", "Weighted population"
    EQUAL = "equal", "Equal shares"
    AGREED = "agreed", "Agreed percentages"


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
