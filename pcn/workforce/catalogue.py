"""The ARRS role catalogue as the register reads it."""

from dataclasses import dataclass
from decimal import Decimal

from pcn.reference.models import ArrsRole
from pcn.reference.source_keys import BY_KEY, KEY

from .models import NetworkRoleFigure

# The nursing roles the DES added in 2025/26, and healthcare support workers: from 2025/26 not
# reimbursed if employed by the PCN or a member practice in the 12 months before starting, unless
# moving to a more senior or specialist nursing role (money/eligibility.py).
RECENT_EMPLOYMENT_ROLES = frozenset(
    {
        "general-practice-nurse-new",
        "general-practice-nurse-experienced",
        "consultant-nurse",
        "healthcare-support-worker",
    }
)


def role_names():
    """{role code: name}, the name from the latest year that has the role."""
    return dict(ArrsRole.objects.order_by("year").values_list("code", "name"))


# The catalogue figures a network may supply where the sources give none (or correct one).
# Maxima are dated and entered on the money pages (money.NetworkMaximum).
FIGURES = {
    "supervision_every_days": "Supervision at least every (days)",
}


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    source: str
    by_network: bool  # entered by this network, not from the shipped catalogue

    @property
    def known(self):
        return self.value is not None


@dataclass(frozen=True)
class RoleRow:
    role: ArrsRole
    figures: dict  # {field: Figure}


def years():
    return list(ArrsRole.objects.order_by("year").values_list("year", flat=True).distinct())


def effective_roles(network, year):
    """{role code: RoleRow} for one year: the catalogue's figures, the network's where it has
    entered its own. Two queries."""
    own = {
        (f.role_id, f.field): f
        for f in NetworkRoleFigure.objects.filter(network=network, role__year=year)
    }
    rows = {}
    for role in ArrsRole.objects.filter(year=year).order_by("name"):
        figures = {}
        for name in FIGURES:
            entered = own.get((role.pk, name))
            if entered is not None:
                figures[name] = Figure(entered.value, entered.source, True)
            else:
                figures[name] = Figure(getattr(role, name), role.sources, False)
        rows[role.code] = RoleRow(role, figures)
    return rows


def cited(roles):
    """The sources the given roles cite, in key order: [(key, title, url)]."""
    keys = set()
    for role in roles:
        keys.update(KEY.findall(role.sources))
    return [
        (k, BY_KEY[k].title, BY_KEY[k].url or "") if k in BY_KEY else (k, "Not listed", "")
        for k in sorted(keys, key=lambda k: (k[0], int(k[1:])))
    ]
