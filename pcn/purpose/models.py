"""The network's shared purpose: why it exists (a short statement), how it works (its values)
and this financial year's few priorities, each with an owner, a measure and progress. Drafted by
the network's leadership, answered by each practice, agreed by the leadership; a version stays
in force until a newer one is agreed. Progress is added to a priority as it happens and needs
no agreement."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from pcn.allocation.models import Service
from pcn.core import limits
from pcn.networks.models import Network, Practice

USER = settings.AUTH_USER_MODEL

STATEMENT = 500  # the purpose: a sentence or two everyone can remember
VALUE = 200  # one value, one line
MOST_VALUES = 6
MOST_PRIORITIES = 5  # a few priorities a year: more and none of them is a priority
MEASURE = 300
UNIT = 40


class PurposeVersion(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Draft, asked of practices"
        AGREED = "agreed", "Agreed"
        SUPERSEDED = "superseded", "Agreed, since replaced"
        WITHDRAWN = "withdrawn", "Replaced before it was agreed"

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="purpose_versions")
    number = models.PositiveIntegerField()
    year = models.CharField("Financial year", max_length=7)  # "2026/27": the priorities' year
    statement = models.TextField("Purpose", max_length=STATEMENT)
    values = models.JSONField(default=list)  # [line, ...]
    note = models.TextField(blank=True, max_length=limits.NOTE)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    agreed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    # Practices that had not agreed when the leadership agreed it, as they stood then:
    # [{"practice": name, "ods_code": code, "answer": "not answered" | "objected", "comment": ""}]
    agreed_without = models.JSONField(default=list, blank=True)
    agreed_reason = models.TextField(blank=True, max_length=limits.NOTE)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["network", "number"], name="one_purpose_version_number")
        ]

    def __str__(self):
        return f"Shared purpose, version {self.number}"

    @property
    def proposed_on(self):
        return timezone.localdate(self.proposed_at)

    @property
    def agreed_on(self):
        return timezone.localdate(self.agreed_at) if self.agreed_at else None


class Priority(models.Model):
    """One priority across the versions that word it: its progress stays with it when a new
    version changes its title, owner or measure."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="priorities")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        terms = self.terms.order_by("-version__number").first()
        return terms.title if terms else f"Priority {self.pk}"


class PriorityTerms(models.Model):
    """What one version says about one priority."""

    version = models.ForeignKey(PurposeVersion, on_delete=models.CASCADE, related_name="priorities")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="terms")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=limits.NAME)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    measure = models.CharField("What will show progress", max_length=MEASURE)
    target = models.DecimalField(max_digits=10, decimal_places=1, null=True, blank=True)
    unit = models.CharField(max_length=UNIT, blank=True)
    services = models.ManyToManyField(Service, blank=True, related_name="+")

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "priority"], name="one_terms_per_version")
        ]

    def __str__(self):
        return self.title


class PurposeAnswer(models.Model):
    """A practice's answer to a draft: agree, or object with a reason."""

    version = models.ForeignKey(PurposeVersion, on_delete=models.CASCADE, related_name="answers")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    agrees = models.BooleanField()
    comment = models.TextField(blank=True, max_length=limits.NOTE)
    answered_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["practice__name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "practice"], name="one_purpose_answer")
        ]

    def __str__(self):
        return f"{self.practice.name} {'agrees' if self.agrees else 'objects'}"


class ProgressUpdate(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="progress")
    on = models.DateField("Date")
    note = models.TextField("What happened", max_length=limits.NOTE)
    figure = models.DecimalField(max_digits=10, decimal_places=1, null=True, blank=True)
    added_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-added_at"]

    def __str__(self):
        return f"Progress on {self.priority} ({self.on:%-d %B %Y})"
