"""Reads for network and practice pages."""

from dataclasses import dataclass

from django.db.models import Sum

from . import week
from .models import (
    MINIMUM_NETWORK_SIZE,
    ApplicationStatus,
    Basis,
    NetworkApplication,
    RoomAvailability,
)
from .populations import figure_in_use, network_populations
from .rules import icb_codes_observed
from .week import WEEK_SLOTS

BASES = [(b.value, b.label) for b in Basis]


@dataclass
class Overview:
    network: object
    populations: object
    minimum_size: int

    @property
    def registered_total(self):
        return self.populations.totals[Basis.REGISTERED]

    @property
    def below_minimum_size(self):
        return self.registered_total < self.minimum_size

    def chart(self):
        """Per practice, per basis: (basis, label, share in per cent or None, bar length in per
        cent of the widest bar), for the bar chart."""
        shares = [s for row in self.populations.rows for s in row.shares.values() if s is not None]
        widest = max(shares, default=0) or 1
        return [
            (
                row.practice,
                [
                    (
                        basis,
                        label,
                        row.shares[basis],
                        float((row.shares[basis] or 0) * 100 / widest),
                    )
                    for basis, label in BASES
                ],
            )
            for row in self.populations.rows
        ]


def overview(network):
    populations = network_populations(network)
    rooms = dict(
        RoomAvailability.objects.filter(practice__network=network)
        .values("practice_id")
        .annotate(total=Sum("rooms"))
        .values_list("practice_id", "total")
    )
    for row in populations.rows:
        row.rooms = rooms.get(row.practice.pk, 0)
    return Overview(network=network, populations=populations, minimum_size=MINIMUM_NETWORK_SIZE)


def room_grid(practice):
    """{(weekday, session): rooms} for every weekday session; a slot never set is 0."""
    grid = dict.fromkeys(WEEK_SLOTS, 0)
    for slot in practice.rooms.all():
        grid[(slot.weekday, slot.session)] = slot.rooms
    return grid


@dataclass
class PracticePage:
    practice: object
    populations: list  # [(basis, label, figure in use, [all figures])]
    rooms: dict
    grid: list  # week.grid(): rows of sessions by days


def practice_page(practice):
    figures = list(practice.populations.all())
    populations = []
    for basis, label in BASES:
        on_basis = [f for f in figures if f.basis == basis]
        populations.append((basis, label, figure_in_use(on_basis), on_basis))
    return PracticePage(
        practice=practice,
        populations=populations,
        rooms=room_grid(practice),
        grid=week.grid(),
    )


def applications_of(user):
    """The user's own requests to set up a network, newest first."""
    return user.network_applications.select_related("decided_by")[:10]


def applications_decided_by(user):
    """The requests `user` may decide: every one for a site administrator, those of the ICBs
    they observe for an ICB user (decision 18)."""
    shown = NetworkApplication.objects.select_related("applicant", "decided_by", "network")
    if user.is_staff or user.is_superuser:
        return shown
    return shown.filter(icb_code__in=icb_codes_observed(user))


def applications_waiting_for(user):
    """How many requests to set up a network wait for `user` to decide (0 for most people)."""
    if not user.has_perm("networks.see_applications"):
        return 0
    return (
        applications_decided_by(user)
        .filter(status=ApplicationStatus.WAITING)
        .exclude(applicant=user)
        .count()
    )


def other_requests_for(application):
    """Others waiting for the same PCN: approving one refuses them."""
    return (
        NetworkApplication.objects.filter(
            pcn_code=application.pcn_code, status=ApplicationStatus.WAITING
        )
        .exclude(pk=application.pk)
        .select_related("applicant")
    )


def approvers_of(application):
    """Who may approve a request, in words."""
    icb = application.icb_name or "the PCN's ICB"
    return f"a PCN Commons administrator or a user from {icb}"
