"""NHS open data as loaded from its files: the same for every network, never edited by users.

Rows keep the codes the NHS uses (ODS codes for practices, U-codes for PCNs) rather than
foreign keys, because the files arrive separately and in any order.
"""

from django.db import models
from django.utils import timezone


class ImportLog(models.Model):
    """One attempt to load one file: what it was, what layout we recognised, how it went."""

    class Status(models.TextChoices):
        LOADED = "loaded", "Loaded"
        UNCHANGED = "unchanged", "Already loaded (unchanged)"
        REJECTED = "rejected", "Rejected (nothing imported)"

    file_name = models.CharField(max_length=300)
    layout = models.CharField(max_length=60)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    rows = models.PositiveIntegerField(default=0)
    errors = models.TextField(blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"


class PcnRecord(models.Model):
    """A PCN as the NHS files describe it (practice map and ODS ePCN)."""

    code = models.CharField(max_length=10, primary_key=True)
    name = models.CharField(max_length=200)
    sub_icb_code = models.CharField(max_length=10, blank=True)
    sub_icb_name = models.CharField(max_length=200, blank=True)
    icb_code = models.CharField(max_length=10, blank=True)
    icb_name = models.CharField(max_length=200, blank=True)
    region_code = models.CharField(max_length=10, blank=True)
    region_name = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=400, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    open_date = models.DateField(null=True, blank=True)
    close_date = models.DateField(null=True, blank=True)
    extract_date = models.DateField(null=True, blank=True)

    def __str__(self):
        return f"{self.name} ({self.code})"


class PracticeRecord(models.Model):
    """A GP practice and the PCN it belongs to at the map's extract date ('U' = none)."""

    code = models.CharField(max_length=10, primary_key=True)
    name = models.CharField(max_length=200)
    postcode = models.CharField(max_length=10, blank=True)
    pcn_code = models.CharField(max_length=10, db_index=True)
    sub_icb_code = models.CharField(max_length=10, blank=True)
    icb_code = models.CharField(max_length=10, blank=True)
    icb_name = models.CharField(max_length=200, blank=True)
    region_name = models.CharField(max_length=200, blank=True)
    supplier = models.CharField(max_length=40, blank=True)
    extract_date = models.DateField()

    def __str__(self):
        return f"{self.name} ({self.code})"


class PcnMembershipRecord(models.Model):
    """A practice's membership of a PCN over time, from ODS ePCN 'PCN Core Partner Details'."""

    practice_code = models.CharField(max_length=10, db_index=True)
    practice_name = models.CharField(max_length=200)
    pcn_code = models.CharField(max_length=10, db_index=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice_code", "pcn_code", "start_date"],
                name="unique_pcn_membership_record",
            )
        ]

    def __str__(self):
        return f"{self.practice_code} in {self.pcn_code} from {self.start_date}"


class RegisteredPatients(models.Model):
    """Patients registered at an organisation on an extract date, by sex and 5-year age band.

    sex 'ALL' and age_band 'ALL' rows carry the totals (the list size).
    """

    extract_date = models.DateField()
    org_type = models.CharField(max_length=30)  # GP, PCN, ICB, SUB_ICB_LOCATION_CODE, Comm Region
    org_code = models.CharField(max_length=10)
    sex = models.CharField(max_length=6)
    age_band = models.CharField(max_length=6)
    patients = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["org_code", "org_type", "extract_date", "sex", "age_band"],
                name="unique_registered_patients",
            )
        ]

    def __str__(self):
        return f"{self.org_type} {self.org_code} {self.sex} {self.age_band}: {self.patients}"


class PopulationEstimate(models.Model):
    """A practice population that is not an official NHS publication (shown as an estimate)."""

    class Basis(models.TextChoices):
        REGISTERED = "registered", "Registered list"
        ADJUSTED = "adjusted", "Adjusted population"
        WEIGHTED = "weighted", "Weighted population"

    practice_code = models.CharField(max_length=10)
    basis = models.CharField(max_length=12, choices=Basis.choices)
    as_at = models.DateField()
    value = models.PositiveIntegerField()
    source = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice_code", "basis", "as_at"], name="unique_population_estimate"
            )
        ]

    def __str__(self):
        return f"{self.practice_code} {self.basis} at {self.as_at}: {self.value}"


class WorkforceRecord(models.Model):
    """One row of NHS England Digital's 'Primary Care Network Workforce' individual-level file."""

    census_date = models.DateField(db_index=True)
    pcn_code = models.CharField(max_length=10, db_index=True)
    data_source = models.CharField(max_length=40)
    staff_group = models.CharField(max_length=100)
    staff_role = models.CharField(max_length=150)
    detailed_role = models.CharField(max_length=200)
    fte = models.DecimalField(max_digits=7, decimal_places=4)
    unique_identifier = models.CharField(max_length=20, blank=True)

    def __str__(self):
        return f"{self.pcn_code} {self.census_date}: {self.detailed_role or self.staff_role}"


class ArrsRole(models.Model):
    """One role of the ARRS catalogue in one financial year: name, band, how it is reimbursed
    and the recommended supervision, with sources.

    Shipped as reference data (data/reference/arrs_roles.csv). The maxima are not here: they
    change within a year, so they are dated (RoleMaximum). A figure the sources don't give is
    null and shown as unknown; a network may enter its own (workforce.NetworkRoleFigure).
    """

    class Reimbursement(models.TextChoices):
        STANDARD = "standard", "Actual cost up to the maximum per WTE"
        MENTAL_HEALTH = (
            "mental_health",
            "Mental health practitioner: with a written agreement with the mental health "
            "provider, 50% for the first in a band and up to 100% for later ones",
        )

    year = models.CharField(max_length=7)  # "2025/26"
    code = models.SlugField(max_length=60)  # stable across years, e.g. "clinical-pharmacist"
    name = models.CharField(max_length=200)
    band = models.CharField("Agenda for Change band", max_length=20, blank=True)
    reimbursement = models.CharField(
        max_length=20, choices=Reimbursement.choices, default=Reimbursement.STANDARD
    )
    supervision_every_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Recommended minimum supervision cadence; null if not known",
    )
    sources = models.CharField(max_length=300, help_text="Source keys from FACTS.md and notes")

    class Meta:
        ordering = ["year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="unique_role_per_year")
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"


class RoleMaximum(models.Model):
    """An ARRS role's maximum reimbursable amount per WTE a year, in force from a date until the
    role's next figure (maxima change within a year: 1 October 2024; backdated rises).

    Shipped as data/reference/arrs_maxima.csv. `band` is set only where the maximum depends on
    the post's band (mental health practitioners). A derived figure is an estimate, listed in
    `estimated`, and `method` says how it was derived; a blank amount is unknown.
    """

    role_code = models.SlugField(max_length=60)
    band = models.CharField("Agenda for Change band", max_length=20, blank=True)
    valid_from = models.DateField()
    max_national = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    max_outer_london = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    max_inner_london = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    # Which of the three figures are derived, not quoted: e.g. "national inner_london".
    estimated = models.CharField(max_length=60, blank=True)
    method = models.CharField(max_length=400, blank=True)
    sources = models.CharField(max_length=300)

    class Meta:
        ordering = ["role_code", "band", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["role_code", "band", "valid_from"], name="unique_role_maximum_from"
            )
        ]

    def __str__(self):
        band = f" band {self.band}" if self.band else ""
        return f"{self.role_code}{band} from {self.valid_from}"


class NhsRoleMapping(models.Model):
    """Which ARRS catalogue role an NHS workforce role (STAFF_ROLE / DETAILED_STAFF_ROLE) is.

    Our own mapping, shipped as data/reference/nhs_role_map.csv. A blank role_code means the
    role is not a catalogue role, or we are not sure which: records with it are listed for the
    manager, never dropped.
    """

    staff_role = models.CharField(max_length=150)
    detailed_role = models.CharField(max_length=200)
    role_code = models.SlugField(max_length=60, blank=True)  # ArrsRole.code
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["staff_role", "detailed_role"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff_role", "detailed_role"], name="unique_nhs_role_mapping"
            )
        ]

    def __str__(self):
        return f"{self.staff_role} / {self.detailed_role} → {self.role_code or '(none)'}"
