"""How the network coordinates: who does what (the responsibility matrix, agreed by each
practice), requests to practices with deadlines, meetings with their decisions and actions,
concerns raised about how the network works, announcements and the weekly digest."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from pcn.core import agreement, limits
from pcn.core.versioning import Versioned
from pcn.networks.models import Network, Practice

USER = settings.AUTH_USER_MODEL


class MatrixVersion(models.Model):
    """One version of who is responsible, accountable, consulted and informed for each recurring
    activity. `rows` is [{"activity": name, "cells": {party: letter}}] (see matrix.py)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        SUPERSEDED = "superseded", "Agreed, since replaced"
        WITHDRAWN = "withdrawn", "Replaced before it was agreed"

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="matrix_versions")
    number = models.PositiveIntegerField()
    rows = models.JSONField(default=list)
    note = models.TextField(blank=True, max_length=limits.NOTE)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    agreed_at = models.DateTimeField(null=True, blank=True)
    # Set when the clinical director agreed it for the network before every practice had agreed:
    # who, the practices that had not (pcn.core.agreement), and why it went ahead.
    agreed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_without = models.JSONField(default=list, blank=True)
    agreed_reason = models.TextField(blank=True, max_length=limits.NOTE)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["network", "number"], name="one_matrix_version_number")
        ]

    def __str__(self):
        return f"Who does what, version {self.number}"

    @property
    def agreed_without_practices(self):
        return agreement.from_json(self.agreed_without)

    @property
    def agreed_without_phrase(self):
        return agreement.without_phrase(self.agreed_without_practices)


class MatrixAnswer(models.Model):
    """A practice's answer to a proposed version: agree, or object with a comment."""

    version = models.ForeignKey(MatrixVersion, on_delete=models.CASCADE, related_name="answers")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    agrees = models.BooleanField()
    comment = models.TextField(blank=True, max_length=limits.NOTE)
    answered_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["practice__name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "practice"], name="one_matrix_answer")
        ]

    def __str__(self):
        return f"{self.practice.name} {'agrees' if self.agrees else 'objects'}"


class PracticeRequest(models.Model):
    """Something the network asks of some or all practices: what, why, by when."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="practice_requests")
    title = models.CharField("What is needed", max_length=200)
    reason = models.TextField("Why it is needed", max_length=limits.NOTE)
    due = models.DateField("Needed by")
    sent_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due", "-sent_at"]

    def __str__(self):
        return self.title


class RequestAnswer(Versioned):
    """One practice's status on one request."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Not answered"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        DONE = "done", "Done"
        CANNOT = "cannot", "Cannot do"

    request = models.ForeignKey(PracticeRequest, on_delete=models.CASCADE, related_name="answers")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    note = models.TextField(blank=True, max_length=limits.NOTE)
    answered_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["practice__name"]
        constraints = [
            models.UniqueConstraint(fields=["request", "practice"], name="one_answer_per_practice")
        ]

    def __str__(self):
        return f"{self.practice.name}: {self.get_status_display()}"

    # Done or cannot closes it; acknowledged says "seen, on it" and still counts as outstanding.
    @property
    def is_outstanding(self):
        return self.status in (self.Status.WAITING, self.Status.ACKNOWLEDGED)

    def is_overdue(self, today):
        return self.is_outstanding and self.request.due < today


class Meeting(models.Model):
    class Kind(models.TextChoices):
        BOARD = "board", "Board meeting"
        PRACTICE_MANAGERS = "practice_managers", "Practice managers' meeting"

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    held_on = models.DateField("Date")
    attendees = models.ManyToManyField(USER, blank=True, related_name="+")
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-created_at"]

    def __str__(self):
        return f"{self.title} ({self.held_on:%-d %B %Y})"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    title = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    concern = models.ForeignKey(
        "Concern", null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Decision(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField("What was decided", max_length=limits.NOTE)
    agreed_by = models.ManyToManyField(USER, related_name="+")
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self):
        return self.text[:120]


class ActionItem(Versioned):
    """Something someone will do, by a date: from a meeting, or on its own."""

    class Status(models.TextChoices):
        OPEN = "open", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="action_items")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="action_items"
    )
    description = models.CharField("What will be done", max_length=300)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    due = models.DateField("Due by")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self):
        return self.description

    def is_overdue(self, today):
        return self.status != self.Status.DONE and self.due < today


class Concern(models.Model):
    """A worry about how the network works, tracked by the PCN manager to a response."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a response"
        ON_AGENDA = "on_agenda", "On a meeting agenda"
        ANSWERED = "answered", "Responded to"

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="concerns")
    subject = models.CharField(max_length=200)
    detail = models.TextField(max_length=limits.NOTE)
    raised_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    # Anonymous: no raised_by, raised_at at the day's first moment, and only a key by which the
    # raiser, signed in, is recognised (pcn/coordination/anonymity.py, decision 25).
    anonymous = models.BooleanField(default=False)
    raiser_key = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(blank=True, max_length=limits.NOTE)
    responded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]

    def __str__(self):
        return self.subject


class Announcement(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="announcements")
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=limits.NOTE)
    posted_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    posted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-posted_at"]

    def __str__(self):
        return self.title


class DigestPreference(models.Model):
    """Whether a person gets the weekly digest of a network, and when it last went."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    subscribed = models.BooleanField(default=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "network"], name="one_digest_preference")
        ]

    def __str__(self):
        return f"Digest of {self.network} for {self.user}: {'on' if self.subscribed else 'off'}"
