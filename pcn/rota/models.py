"""Rota plans: who works where, each morning and afternoon, for one to thirteen weeks; the
solver runs that made them; and each person's private calendar feed."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from pcn.core.versioning import Versioned
from pcn.networks.models import AnySession, Network, Practice
from pcn.workforce.models import StaffMember

MAX_WEEKS = 13


class RotaPlan(Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="rota_plans")
    start = models.DateField(help_text="The Monday of the first week")
    weeks = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The rules' weights, the allocation tolerance and the site limit used to make it.
    options = models.JSONField(default=dict)
    targets = models.JSONField(default=list)  # [{"site", "service", "sessions_per_week"}]
    targets_source = models.CharField(max_length=200, blank=True)
    # The rota as last published: re-plans change as little of it as they can.
    published = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-start", "-created_at"]

    def __str__(self):
        return (
            f"Rota from {self.start:%-d %B %Y}, {self.weeks} week{'s' if self.weeks != 1 else ''}"
        )


class AssignmentQuerySet(models.QuerySet):
    def in_force(self):
        """The sessions of published rotas, less the weeks a later rota replaced: one published
        rota a week, so every count (statements, My work, calendars) counts each week once."""
        withdrawn = WithdrawnWeeks.objects.filter(
            plan=models.OuterRef("plan"),
            start__lte=models.OuterRef("day"),
            end__gte=models.OuterRef("day"),
        )
        return self.filter(plan__status=RotaPlan.Status.PUBLISHED).exclude(models.Exists(withdrawn))


class Assignment(models.Model):
    """One person in one session: at a practice (or the hub when practice is empty) delivering
    a service. Locked assignments were placed by hand and survive re-optimising."""

    plan = models.ForeignKey(RotaPlan, on_delete=models.CASCADE, related_name="assignments")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="rota")
    day = models.DateField()
    session = models.CharField(max_length=6, choices=AnySession.choices)
    practice = models.ForeignKey(Practice, null=True, blank=True, on_delete=models.CASCADE)
    service = models.CharField(max_length=120)
    locked = models.BooleanField(default=False)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["day", "session", "staff__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "staff", "day", "session"], name="one_place_per_session"
            )
        ]

    def __str__(self):
        return f"{self.staff} {self.day} {self.session}: {self.practice or 'hub'}"


class WithdrawnWeeks(models.Model):
    """Weeks of a published rota that a rota published later replaced: from `start` (a Monday)
    to `end` (a Sunday) its sessions no longer count. Publishing a rota again brings all its
    weeks back into force (actions.publish)."""

    plan = models.ForeignKey(RotaPlan, on_delete=models.CASCADE, related_name="withdrawn_weeks")
    replaced_by = models.ForeignKey(RotaPlan, on_delete=models.CASCADE, related_name="replaced")
    start = models.DateField()
    end = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["start"]

    def __str__(self):
        return f"{self.plan} withdrawn from {self.start} to {self.end}"


class SolveRun(models.Model):
    """One optimiser run for a plan, with its progress and what it found."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        INFEASIBLE = "infeasible", "No rota meets every rule"
        FAILED = "failed", "Failed"

    plan = models.ForeignKey(RotaPlan, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    seconds = models.PositiveSmallIntegerField(default=10)
    progress = models.FloatField(default=0)  # 0..1 of the time allowed
    solver_status = models.CharField(max_length=20, blank=True)  # optimal, feasible...
    objective = models.FloatField(null=True, blank=True)
    bound = models.FloatField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    explanation = models.JSONField(default=dict, blank=True)
    conflicts = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    # Written by the worker with each progress report: a running run whose worker has been
    # silent for long has lost it (actions.fail_stopped_runs).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    class Meta:
        ordering = ["-queued_at"]
        constraints = [
            # At most one solve queued or running per plan, held by the database itself, so
            # requests that arrive together can't both queue one (on PostgreSQL the second
            # insert waits for the first to commit, then fails; actions.start_run refuses it).
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_solve_at_a_time_per_plan",
            )
        ]

    def __str__(self):
        return f"Run {self.pk} of {self.plan}: {self.get_status_display()}"

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.INFEASIBLE, self.Status.FAILED)


class HolidayWorked(models.Model):
    """A bank holiday the network works for one service (a vaccination clinic, enhanced access
    the ICB agreed to): on that day the people who deliver it may be placed, for it only."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="holidays_worked")
    day = models.DateField()
    service = models.ForeignKey(
        "allocation.Service", on_delete=models.CASCADE, related_name="holidays_worked"
    )
    reason = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day", "service__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "day", "service"], name="one_record_per_holiday_and_service"
            )
        ]

    def __str__(self):
        return f"{self.day:%-d %B %Y} worked for {self.service}"


def new_feed_token():
    """Named by migration 0001, from when the plain token was stored; unused since."""
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's private iCalendar address: the token is the permission, so it can be
    given to a calendar app; the person can replace it if it leaks. Only the token's hash is
    stored, so the address is shown once, when it is made. It works while the person who made
    it is an active member of the staff member's network and still that staff member."""

    staff = models.OneToOneField(StaffMember, on_delete=models.CASCADE, related_name="feed")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Calendar feed of {self.staff}"

    def works(self):
        return self.why_not() is None

    def why_not(self):
        """Why the address no longer answers, in the owner's words; None while it works: their
        account is open, they are a member of the network, and the register record is theirs."""
        owner, staff = self.owner, self.staff
        if not owner.is_active:
            return "your account is closed"
        if not owner.memberships.filter(network_id=staff.network_id).exists():
            return "you are no longer a member of the network"
        if staff.user_id is not None:
            mine = staff.user_id == owner.pk
        else:
            mine = (staff.email or "").lower() == owner.email.lower()
        return None if mine else "the register record it follows is no longer yours"
