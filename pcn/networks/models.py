"""The network (the PCN) and its member practices, their populations and clinical rooms."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from pcn.core import limits
from pcn.core.versioning import Versioned

MINIMUM_NETWORK_SIZE = 30_000  # Network Contract DES: ≥30,000 registered patients (FACTS §1.4, S22)


class NetworkQuerySet(models.QuerySet):
    def of_member(self, user):
        """The networks `user` is a member of: the only ones they may see, choose or call."""
        return self.filter(memberships__user=user).distinct()


class Network(Versioned):
    pcn_code = models.CharField("PCN code", max_length=10, unique=True)
    name = models.CharField(max_length=200)
    sub_icb_code = models.CharField(max_length=10, blank=True)
    sub_icb_name = models.CharField(max_length=200, blank=True)
    icb_code = models.CharField(max_length=10, blank=True)
    icb_name = models.CharField(max_length=200, blank=True)
    region_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Asked of the PCN manager, the clinical director and anyone who can see pay when they next
    # sign in with a password (pcn/core/two_factor_rule.py, decision 32).
    require_two_factor = models.BooleanField("two-factor sign-in required", default=False)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.pcn_code})"


class ApplicationStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class NetworkApplication(models.Model):
    """A request to set up a PCN's network and be its PCN manager. Nothing of the network
    exists until a site administrator, or an ICB user of the PCN's ICB, approves it
    (decision 18); several people may ask for the same PCN, and approving one refuses the
    others."""

    pcn_code = models.CharField("PCN code", max_length=10)
    name = models.CharField(max_length=200)
    icb_code = models.CharField(max_length=10, blank=True)
    icb_name = models.CharField(max_length=200, blank=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_applications"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.WAITING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField("reason for refusing", blank=True, max_length=limits.NOTE)
    network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pcn_code", "applicant"],
                condition=models.Q(status="waiting"),
                name="one_waiting_application_per_person_and_pcn",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.pcn_code}) for {self.applicant}"

    @property
    def is_waiting(self):
        return self.status == ApplicationStatus.WAITING


class Practice(Versioned):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="practices")
    ods_code = models.CharField("ODS code", max_length=10)
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=400, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    clinical_system = models.CharField(max_length=40, blank=True)
    is_lead_practice = models.BooleanField(default=False)
    # When the practice became a member; None for a founding member (a member from the start).
    # A practice that joined after a year's population date is not in that year's entitlement.
    joined_on = models.DateField("member of the network since", null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "ods_code"], name="unique_practice_in_network"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.ods_code})"

    def member_on(self, day):
        """Was the practice a member of the network on `day`? A founding member always was."""
        return self.joined_on is None or self.joined_on <= day


class Basis(models.TextChoices):
    REGISTERED = "registered", "Registered list"
    ADJUSTED = "adjusted", "Adjusted population"
    WEIGHTED = "weighted", "Weighted population"


class PopulationKind(models.TextChoices):
    # Listed in order of precedence: an entered official figure beats NHS published data,
    # which beats an estimate.
    OFFICIAL = "official", "Official (entered)"
    NHS = "nhs", "NHS published"
    ESTIMATE = "estimate", "Estimate"


PRECEDENCE = [PopulationKind.OFFICIAL, PopulationKind.NHS, PopulationKind.ESTIMATE]


class PracticePopulation(models.Model):
    """One figure for one practice on one basis, with where it came from and the date it is
    the population at. A practice holds many dates; which one counts is chosen by date first
    (populations.network_populations), then by kind."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="populations")
    basis = models.CharField(max_length=12, choices=Basis.choices)
    kind = models.CharField(max_length=10, choices=PopulationKind.choices)
    value = models.PositiveIntegerField()
    as_at = models.DateField("as at")
    source = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "basis", "kind", "as_at"],
                name="unique_population_per_kind_and_date",
            )
        ]

    def __str__(self):
        return f"{self.get_basis_display()} {self.value:,} ({self.get_kind_display()})"

    @property
    def is_estimate(self):
        return self.kind == PopulationKind.ESTIMATE


class Session(models.TextChoices):
    """Core hours: a weekday's morning and afternoon (team meetings, the day rota)."""

    AM = "AM", "Morning"
    PM = "PM", "Afternoon"


class AnySession(models.TextChoices):
    """Every session a person can work: core hours, and the enhanced access hours of weekday
    evenings (18:30–20:00) and Saturdays (09:00–13:00 and 13:00–17:00), FACTS §1.4."""

    AM = "AM", "Morning"
    PM = "PM", "Afternoon"
    EVE = "EVE", "Evening"
    SAT_AM = "SAT_AM", "Saturday morning"
    SAT_PM = "SAT_PM", "Saturday afternoon"


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
DAYS = [*WEEKDAYS, "Saturday"]  # a weekly session's weekday: 0 Monday ... 5 Saturday


class RoomAvailability(models.Model):
    """How many clinical rooms a practice can give PCN staff in one weekday session."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="rooms")
    weekday = models.PositiveSmallIntegerField(choices=list(enumerate(DAYS)))
    session = models.CharField(max_length=6, choices=AnySession.choices)
    rooms = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["weekday", "session"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "weekday", "session"], name="unique_room_slot"
            )
        ]

    def __str__(self):
        return f"{DAYS[self.weekday]} {self.session}: {self.rooms} rooms"
