"""Users, their roles in networks, invitations, API tokens and the audit log."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    PCN_MANAGER = "pcn_manager", "PCN manager"
    CLINICAL_DIRECTOR = "clinical_director", "Clinical director"
    PRACTICE_MANAGER = "practice_manager", "Practice manager"
    STAFF = "staff", "Staff member"
    OBSERVER = "observer", "Observer (read-only)"


class Membership(models.Model):
    """A user's role in one network. A practice manager's membership names their practice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    practice = models.ForeignKey(
        "networks.Practice",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="managers",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "network", "role", "practice"], name="unique_membership_role"
            ),
            models.UniqueConstraint(
                fields=["user", "network", "role"],
                condition=models.Q(practice__isnull=True),
                name="unique_membership_role_without_practice",
            ),
            models.CheckConstraint(
                condition=models.Q(role="practice_manager", practice__isnull=False)
                | (~models.Q(role="practice_manager") & models.Q(practice__isnull=True)),
                name="practice_manager_names_practice",
            ),
        ]

    def __str__(self):
        suffix = f" of {self.practice.name}" if self.practice_id else ""
        return f"{self.get_role_display()}{suffix}"


class Invitation(models.Model):
    """An emailed link that makes its holder a member of a network with a role."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    full_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=32, choices=Role.choices)
    practice = models.ForeignKey(
        "networks.Practice", null=True, blank=True, on_delete=models.CASCADE
    )
    # The SHA-256 of the secret in the emailed link; the secret itself is never stored.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.email}"

    @property
    def status(self):
        if self.accepted_at:
            return "Accepted"
        if self.revoked_at:
            return "Withdrawn"
        if self.expires_at < timezone.now():
            return "Expired"
        return "Waiting"

    @property
    def is_open(self):
        return self.status == "Waiting"


def new_secret():
    """A secret for a link or a token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_token(raw):
    """What is stored of a secret. The secrets are random and long, so a plain SHA-256 is
    enough (no salt or slow hash needed), and a record is found by looking its hash up."""
    return hashlib.sha256(raw.encode()).hexdigest()


# How long a new API token may work: the choices offered, the default and the longest.
API_TOKEN_DAYS = [30, 90, 180, 365]
API_TOKEN_DEFAULT_DAYS = 90
API_TOKEN_MAX_DAYS = 365


class NhsIdentity(models.Model):
    """An NHS identity (NHSmail or NHS Care Identity) a person signs in with: the issuer's
    permanent id for them (`sub`), never their password. One a provider per person."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nhs_identities"
    )
    provider = models.CharField(max_length=20)  # "nhsmail" or "cis2" (core.nhs_identity)
    issuer = models.CharField(max_length=500)
    subject = models.CharField(max_length=255)
    email = models.EmailField(blank=True)  # as the issuer gave it when linked, to show
    linked_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_account_an_identity"),
            models.UniqueConstraint(fields=["user", "provider"], name="one_identity_a_provider"),
        ]
        ordering = ["provider"]

    def __str__(self):
        return f"{self.provider}: {self.email or self.subject}"


class SignedInSession(models.Model):
    """A browser session someone is signed in with, so they can see and end their others.
    `session_key` is the session's own key, as the session table holds it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    address = models.CharField(max_length=100, blank=True)
    browser = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self):
        return f"{self.user} at {self.address or 'an unknown address'}"


class ApiToken(models.Model):
    """A personal API token. Only its hash is stored; the raw token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(
        max_length=8, help_text="The token's first characters, to tell tokens apart"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def has_expired(self):
        return self.expires_at <= timezone.now()


class AuditEntry(models.Model):
    """One write: who did what to which record, when, with the record before and after."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    network = models.ForeignKey(
        "networks.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audit_entries",
    )
    action = models.CharField(max_length=100)
    target_type = models.CharField(max_length=100)
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.action} {self.target_label}"

    def changes(self):
        """[(field, before, after)] for the fields that differ."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class IcbMembership(models.Model):
    """A user of an integrated care board: they read every network of that ICB side by side,
    and each network's overview, and change nothing (decision 31). `icb_code` is the ICB's code
    in the NHS files (e.g. QYG)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="icb_memberships"
    )
    icb_code = models.CharField("ICB code", max_length=10)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["icb_code"]
        constraints = [
            models.UniqueConstraint(fields=["user", "icb_code"], name="one_icb_membership_per_icb")
        ]

    def __str__(self):
        return f"ICB user of {self.icb_code}"
