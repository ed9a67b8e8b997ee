"""Services PCN staff deliver, which practices take part, how staff time is shared between them,
and the scenarios the network agrees."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from pcn.core import agreement, limits
from pcn.core.versioning import Versioned
from pcn.networks.models import Network, Practice


class Service(Versioned):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    role_codes = models.JSONField(default=list, help_text="ARRS roles that can deliver it")
    needs_rooms = models.BooleanField(
        default=True,
        help_text="Delivered in practice rooms (not at home, in care homes or remotely)",
    )

    class Hours(models.TextChoices):
        CORE = "core", "Core hours (weekday mornings and afternoons)"
        ENHANCED_ACCESS = "enhanced_access", "Enhanced access (weekday evenings and Saturdays)"

    # When the service runs. Enhanced access is not shared out by practice: the rota meets the
    # network's minutes a week at the practices offering evening and Saturday sessions.
    hours = models.CharField(max_length=20, choices=Hours.choices, default=Hours.CORE)
    position = models.PositiveSmallIntegerField(default=0)  # services take rooms in this order

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="unique_service_name")
        ]

    def __str__(self):
        return self.name


class Participation(Versioned):
    """One practice's answer for one service: in or out, its demand and its constraints."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="participations")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="participations")
    opted_in = models.BooleanField()
    demand = models.DecimalField(
        "sessions a week needed",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
    )
    constraints = models.CharField(max_length=300, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "practice"], name="one_answer_per_service")
        ]

    def __str__(self):
        return f"{self.practice} {'in' if self.opted_in else 'out'} of {self.service}"


class Basis(models.TextChoices):
    EQUAL = "equal", "Equal split"
    REGISTERED = "registered", "Registered list"
    ADJUSTED = "adjusted", "Adjusted population"
    WEIGHTED = "weighted", "Weighted population"
    DEMAND = "demand", "Declared demand"
    BLEND = "blend", "A blend, with weights"


BLENDABLE = [Basis.EQUAL, Basis.REGISTERED, Basis.ADJUSTED, Basis.WEIGHTED, Basis.DEMAND]


class FairnessPolicy(Versioned):
    """How one service's staff time is shared; the row without a service is the network's
    default, used by every service without its own."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="policies")
    service = models.OneToOneField(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="policy"
    )
    basis = models.CharField(max_length=12, choices=Basis.choices, default=Basis.WEIGHTED)
    weights = models.JSONField(default=dict, blank=True)  # blend only: basis -> weight
    floor = models.PositiveSmallIntegerField(null=True, blank=True)
    cap = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network"],
                condition=models.Q(service__isnull=True),
                name="one_default_policy_per_network",
            )
        ]

    def __str__(self):
        return f"{self.service or 'Network default'}: {self.get_basis_display()}"


class Scenario(models.Model):
    """A saved allocation: the settings used and the sessions they gave, frozen when saved."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Proposed"
        AGREED = "agreed", "Agreed"
        SUPERSEDED = "superseded", "Superseded"

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(max_length=120)
    week = models.DateField(help_text="The Monday of the week whose staff time it shares")
    policies = models.JSONField()  # the fairness settings used, by service
    # The scenario's own fairness settings ({"basis", "weights", "floor", "cap"}), used for
    # every service in place of the live ones; None when it used the live settings as they were.
    own_settings = models.JSONField(null=True, blank=True)
    result = models.JSONField()  # the engine's allocation with practice names
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    # Practices that had not agreed when it was agreed (pcn.core.agreement), and why it went ahead.
    agreed_without = models.JSONField(default=list, blank=True)
    agreed_reason = models.TextField(blank=True, max_length=limits.NOTE)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    @property
    def agreed_without_practices(self):
        return agreement.from_json(self.agreed_without)

    @property
    def agreed_without_phrase(self):
        return agreement.without_phrase(self.agreed_without_practices)


class ScenarioResponse(models.Model):
    """A practice manager's agreement with, or objection to, a scenario for their practice."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="responses")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    agrees = models.BooleanField()
    comment = models.TextField(blank=True, max_length=limits.NOTE)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "practice"], name="one_response_per_practice"
            )
        ]

    def __str__(self):
        return f"{self.practice} {'agrees' if self.agrees else 'objects'}"
