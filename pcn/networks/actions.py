"""Every write to networks and practices."""

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from pcn.core import audit, limits
from pcn.core.actions import ActionRefused, add_member
from pcn.core.models import IcbMembership, Role, User
from pcn.core.names import display_name
from pcn.core.roles import forget_roles
from pcn.reference import queries as reference
from pcn.reference.models import PcnRecord

from .models import (
    ApplicationStatus,
    Basis,
    Network,
    NetworkApplication,
    PopulationKind,
    Practice,
    PracticePopulation,
    RoomAvailability,
)
from .week import slot_name

NETWORK_FIELDS = ["pcn_code", "name", "sub_icb_name", "icb_name", "region_name"]
PRACTICE_FIELDS = ["ods_code", "name", "address", "postcode", "phone", "email", "clinical_system"]
POPULATION_FIELDS = ["basis", "kind", "value", "as_at", "source"]


class NetworkExists(ActionRefused):
    def __init__(self, network):
        self.network = network
        super().__init__(f"{network.name} ({network.pcn_code}) is already set up in PCN Commons.")


APPLICATION_FIELDS = ["pcn_code", "name", "icb_name", "applicant", "status", "reason"]


def _pcn_to_set_up(pcn_code):
    """The PCN's record, refused when it is unknown, already set up or has no practices."""
    record = reference.find_pcn(pcn_code)
    if record is None:
        raise ActionRefused(f"No PCN has the code {pcn_code} in the NHS files.")
    existing = Network.objects.filter(pcn_code=record.code).first()
    if existing:
        raise NetworkExists(existing)
    if not reference.member_practices(record.code).exists():
        raise ActionRefused(f"{record.name} has no member practices in the NHS practice map.")
    return record


@transaction.atomic
def apply(*, pcn_code, by):
    """Ask to set up a PCN's network and be its PCN manager. Nothing is made until a site
    administrator or an ICB user of the PCN's ICB approves (decision 18)."""
    record = _pcn_to_set_up(pcn_code)
    waiting = NetworkApplication.objects.filter(
        pcn_code=record.code, applicant=by, status=ApplicationStatus.WAITING
    ).first()
    if waiting:
        return waiting
    application = NetworkApplication.objects.create(
        pcn_code=record.code,
        name=display_name(record.name),
        icb_code=record.icb_code or "",
        icb_name=record.icb_name or "",
        applicant=by,
    )
    audit.record(
        by=by,
        action="networks.apply",
        target=application,
        after=audit.snapshot(application, APPLICATION_FIELDS),
    )
    return application


def _decided(application, *, status, reason, by):
    before = audit.snapshot(application, APPLICATION_FIELDS)
    application.status, application.reason = status, reason
    application.decided_by, application.decided_at = by, timezone.now()
    application.save()
    return before


def _tell_applicant(application):
    send_mail(
        subject=f"Your request to set up {application.name}: {application.get_status_display()}",
        message=render_to_string("networks/email/application_decided.txt", {"a": application}),
        from_email=None,
        recipient_list=[application.applicant.email],
    )


@transaction.atomic
def approve(*, application, by):
    """Set up the network and make the applicant its PCN manager. Anyone else waiting for the
    same PCN is refused, and told why."""
    application = NetworkApplication.objects.select_for_update().get(pk=application.pk)
    if not application.is_waiting:
        raise ActionRefused(f"This request is already {application.get_status_display().lower()}.")
    network = set_up(pcn_code=application.pcn_code, by=by, manager=application.applicant)
    before = _decided(application, status=ApplicationStatus.APPROVED, reason="", by=by)
    application.network = network
    application.save(update_fields=["network"])
    audit.record(
        by=by,
        action="networks.approve_application",
        target=application,
        network=network,
        before=before,
        after=audit.snapshot(application, APPLICATION_FIELDS),
    )
    _tell_applicant(application)
    others = NetworkApplication.objects.select_for_update().filter(
        pcn_code=application.pcn_code, status=ApplicationStatus.WAITING
    )
    for other in others:
        refuse(
            application=other,
            reason=f"{network.name} was set up for another person who asked. Ask its PCN "
            "manager to invite you.",
            by=by,
        )
    return network


@transaction.atomic
def refuse(*, application, reason, by):
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("Say why, for the person who asked.", field="reason")
    application = NetworkApplication.objects.select_for_update().get(pk=application.pk)
    if not application.is_waiting:
        raise ActionRefused(f"This request is already {application.get_status_display().lower()}.")
    before = _decided(application, status=ApplicationStatus.REFUSED, reason=reason, by=by)
    audit.record(
        by=by,
        action="networks.refuse_application",
        target=application,
        before=before,
        after=audit.snapshot(application, APPLICATION_FIELDS),
    )
    _tell_applicant(application)
    return application


@transaction.atomic
def set_up(*, pcn_code, by, manager=None):
    """Create the network of a PCN from the NHS files, with its practices and populations, and
    make `manager` (`by` unless given) its PCN manager. People ask through `apply`; this runs
    when a request is approved, and for the demo networks."""
    record = _pcn_to_set_up(pcn_code)
    members = list(reference.member_practices(record.code))
    network = Network.objects.create(
        pcn_code=record.code,
        name=display_name(record.name),
        sub_icb_code=record.sub_icb_code,
        sub_icb_name=record.sub_icb_name,
        icb_code=record.icb_code,
        icb_name=record.icb_name,
        region_name=record.region_name,
    )
    audit.record(
        by=by,
        action="networks.set_up",
        target=network,
        network=network,
        after={**audit.snapshot(network, NETWORK_FIELDS), "practices": [p.code for p in members]},
    )
    codes = [p.code for p in members]
    list_sizes = reference.latest_list_sizes(codes)
    estimates = reference.dated_population_estimates(codes)
    for member in members:
        practice = Practice.objects.create(
            network=network,
            ods_code=member.code,
            name=display_name(member.name),
            postcode=member.postcode,
            clinical_system=member.supplier,
        )
        populations = _starting_populations(
            practice, list_sizes.get(member.code), estimates.get(member.code, [])
        )
        PracticePopulation.objects.bulk_create(populations)
        audit.record(
            by=by,
            action="networks.add_practice",
            target=practice,
            network=network,
            after={
                **audit.snapshot(practice, PRACTICE_FIELDS),
                **{
                    f"{p.basis} ({p.get_kind_display().lower()}, {p.as_at.isoformat()})": p.value
                    for p in populations
                },
            },
        )
    add_member(network=network, user=manager or by, role=Role.PCN_MANAGER, by=by)
    return network


def _starting_populations(practice, list_size, estimates):
    """The NHS published list and every dated estimate the reference data holds: each year's
    entitlement uses the figures at 1 January before it, so older dates are kept too."""
    populations = []
    if list_size:
        patients, extract_date = list_size
        populations.append(
            PracticePopulation(
                practice=practice,
                basis=Basis.REGISTERED,
                kind=PopulationKind.NHS,
                value=patients,
                as_at=extract_date,
                source="NHS England Digital, Patients Registered at a GP Practice",
            )
        )
    for estimate in estimates:
        populations.append(
            PracticePopulation(
                practice=practice,
                basis=estimate.basis,
                kind=PopulationKind.ESTIMATE,
                value=estimate.value,
                as_at=estimate.as_at,
                source=estimate.source,
            )
        )
    return populations


@transaction.atomic
def update_practice(*, practice, version, by, **fields):
    unknown = set(fields) - {"address", "phone", "email", "joined_on"}
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    practice.bump_version(version)
    before = audit.snapshot(practice, fields)
    for name, value in fields.items():
        setattr(practice, name, value)
    practice.save(update_fields=[*fields, "version"])
    audit.record(
        by=by,
        action="networks.update_practice",
        target=practice,
        network=practice.network,
        before=before,
        after=audit.snapshot(practice, fields),
    )
    return practice


def _slot_label(weekday, session):
    return slot_name(weekday, session)


@transaction.atomic
def set_rooms(*, practice, version, grid, by):
    """grid: {(weekday, session): rooms}. Records the whole week's before and after."""
    for (weekday, session), rooms in grid.items():
        if rooms < 0 or rooms > 50:
            raise ActionRefused(f"{_slot_label(weekday, session)}: rooms must be between 0 and 50.")
    practice.bump_version(version)
    existing = {(r.weekday, r.session): r for r in practice.rooms.all()}
    before = {_slot_label(*k): (existing[k].rooms if k in existing else 0) for k in grid}
    to_create, to_update = [], []
    for key, rooms in grid.items():
        slot = existing.get(key)
        if slot is None:
            to_create.append(
                RoomAvailability(practice=practice, weekday=key[0], session=key[1], rooms=rooms)
            )
        elif slot.rooms != rooms:
            slot.rooms = rooms
            to_update.append(slot)
    RoomAvailability.objects.bulk_create(to_create)
    RoomAvailability.objects.bulk_update(to_update, ["rooms"])
    audit.record(
        by=by,
        action="networks.set_rooms",
        target=practice,
        network=practice.network,
        before=before,
        after={_slot_label(*k): v for k, v in grid.items()},
    )


@transaction.atomic
def enter_official_population(*, practice, version, basis, value, as_at, source, by):
    """An official figure (e.g. from the ICB) for one basis at one date; it replaces an official
    figure at that date, and counts over NHS and estimated figures of the same date."""
    if value <= 0:
        raise ActionRefused("The population must be a whole number above 0.")
    practice.bump_version(version)
    population = practice.populations.filter(
        basis=basis, kind=PopulationKind.OFFICIAL, as_at=as_at
    ).first()
    before = audit.snapshot(population, POPULATION_FIELDS) if population else None
    if population is None:
        population = PracticePopulation(
            practice=practice, basis=basis, kind=PopulationKind.OFFICIAL
        )
    population.value, population.as_at, population.source = value, as_at, source.strip()
    population.save()
    audit.record(
        by=by,
        action="networks.enter_official_population",
        target=practice,
        network=practice.network,
        label=f"{practice}",
        before={
            f"{basis} official": before and before["value"],
            "as at": before and before["as_at"],
            "source": before and before["source"],
        },
        after={f"{basis} official": value, "as at": as_at.isoformat(), "source": population.source},
    )
    return population


@transaction.atomic
def remove_official_population(*, practice, version, basis, by, as_at=None):
    """Remove the official figure on a basis at `as_at`, or the latest official one."""
    official = practice.populations.filter(basis=basis, kind=PopulationKind.OFFICIAL)
    if as_at is not None:
        official = official.filter(as_at=as_at)
    population = official.order_by("-as_at").first()
    if population is None:
        raise ActionRefused("There is no official figure to remove.")
    practice.bump_version(version)
    audit.record(
        by=by,
        action="networks.remove_official_population",
        target=practice,
        network=practice.network,
        before={
            f"{basis} official": population.value,
            "as at": population.as_at.isoformat(),
            "source": population.source,
        },
        after={f"{basis} official": None, "as at": None, "source": None},
    )
    population.delete()


@transaction.atomic
def import_official_populations(*, network, as_at, source, rows, by):
    """The ICB's official figures for one date, from a checked file: rows are
    [(file line, practice, {basis: value})]. Each replaces an official figure at that date;
    every figure is saved or none, with one audit entry for the whole file."""
    source = (source or "").strip()
    if not source:
        raise ActionRefused("Say where the figures come from.", field="source")
    if not rows:
        raise ActionRefused("The file has no figures to save.")
    seen = set()
    for line, practice, figures in rows:
        if practice.network_id != network.pk:
            raise ActionRefused(f"Line {line}: {practice} is not in this network.")
        if practice.pk in seen:
            raise ActionRefused(f"Line {line}: {practice} is in the file twice.")
        seen.add(practice.pk)
        for basis, value in figures.items():
            if basis not in Basis.values or not 0 < value <= 10_000_000:
                raise ActionRefused(f"Line {line}: {value} is not a figure for {basis}.")
    existing = {
        (p.practice_id, p.basis): p
        for p in PracticePopulation.objects.filter(
            practice__network=network, kind=PopulationKind.OFFICIAL, as_at=as_at
        )
    }
    before, after, to_create, to_update = {}, {}, [], []
    for _, practice, figures in rows:
        for basis, value in figures.items():
            key = f"{practice.ods_code} {basis}"
            held = existing.get((practice.pk, basis))
            before[key] = held.value if held else None
            after[key] = value
            if held is None:
                to_create.append(
                    PracticePopulation(
                        practice=practice,
                        basis=basis,
                        kind=PopulationKind.OFFICIAL,
                        value=value,
                        as_at=as_at,
                        source=source,
                    )
                )
            else:
                held.value, held.source = value, source
                to_update.append(held)
    PracticePopulation.objects.bulk_create(to_create)
    PracticePopulation.objects.bulk_update(to_update, ["value", "source"])
    audit.record(
        by=by,
        action="networks.import_official_populations",
        target=network,
        network=network,
        label=f"Official populations at {as_at.isoformat()}",
        before=before,
        after={**after, "as at": as_at.isoformat(), "source": source},
    )
    return len(to_create) + len(to_update)


def account_link(user, site):
    """For the email to a new ICB user: a new account's link to choose its password (the
    password reset link, which works once); an existing account's link to sign in. `site` is
    the address the service is reached at, e.g. https://pcn.example.nhs.uk."""
    site = site.rstrip("/")
    if user.has_usable_password():
        return site + reverse("core:sign_in")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return site + reverse("core:password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def icb_name_of(icb_code):
    """The ICB's name in the NHS files, or None when no PCN names that ICB code."""
    return (
        PcnRecord.objects.filter(icb_code=icb_code)
        .exclude(icb_name="")
        .values_list("icb_name", flat=True)
        .first()
    )


@transaction.atomic
def add_icb_user(*, email, icb_code, full_name="", by, link_for):
    """Make the person with `email` a user of an ICB (decision 31): they read every network
    of that ICB and change nothing. Someone with no account gets one with no password and an
    email with a link to choose it, as an invitation does; someone with an account is told
    by email. `link_for(user)` builds the absolute link to choose a password (new accounts)
    or to sign in. Returns the IcbMembership."""
    email = (email or "").strip().lower()
    icb_code = (icb_code or "").strip().upper()
    limits.check_length(email, limits.NAME, "The email address", field="email")
    limits.check_length(full_name or "", limits.NAME, "The name", field="full_name")
    try:
        validate_email(email)
    except ValidationError:
        raise ActionRefused("Enter an email address, like name@nhs.net.", field="email") from None
    if not icb_code or len(icb_code) > 10:
        raise ActionRefused("Enter the ICB's code, like QYG.", field="icb_code")
    icb_name = icb_name_of(icb_code)
    if icb_name is None:
        raise ActionRefused(
            f"No PCN in the loaded NHS files is in an ICB with the code {icb_code}.",
            field="icb_code",
        )
    user = User.objects.filter(email=email).first()
    new_account = user is None
    if new_account:
        user = User.objects.create_user(
            email=email, full_name=(full_name or "").strip(), password=None
        )
    if IcbMembership.objects.filter(user=user, icb_code=icb_code).exists():
        raise ActionRefused(f"{email} is already a user of {icb_name}.", field="email")
    membership = IcbMembership.objects.create(user=user, icb_code=icb_code, added_by=by)
    audit.record(
        by=by,
        action="networks.add_icb_user",
        target=membership,
        label=f"{user} as a user of {icb_name}",
        after={"email": email, "icb_code": icb_code, "new account": new_account},
    )
    forget_roles(user)
    # Sent last, inside the transaction: no membership is left behind that nobody was told of.
    send_mail(
        subject=f"You can now see {icb_name}'s networks on PCN Commons",
        message=render_to_string(
            "networks/email/icb_user_added.txt",
            {
                "user": user,
                "icb_name": icb_name,
                "new_account": new_account,
                "link": link_for(user),
            },
        ),
        from_email=None,
        recipient_list=[email],
    )
    return membership
