"""Draft a network's staff register from NHS England Digital's PCN workforce file.

Each record of the network's PCN at the latest census becomes one draft person (no name yet):
its NHS role is mapped to the ARRS catalogue through the shipped role map, and records whose
role maps to nothing are drafted too, with no role, and listed for the manager.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db import transaction
from django.db.models import Count, Max

from pcn.core import audit
from pcn.networks.models import Network
from pcn.reference.models import ArrsRole, NhsRoleMapping, WorkforceRecord
from pcn.reference.queries import current_financial_year

from ..models import WTE_RANGE, Funding, StaffMember

ACTION = "workforce.draft_from_nhs"
CENT = Decimal("0.01")
DRAFT_FIELDS = ["role_code", "nhs_role", "nhs_identifier", "band", "wte", "funding", "is_draft"]


class UnmappedRecord(NamedTuple):
    staff_group: str
    staff_role: str
    detailed_role: str
    fte: Decimal
    identifier: str  # blank for contracted services


@dataclass
class DraftResult:
    census_date: dt.date | None  # None: no workforce file is loaded
    created: list[StaffMember] = field(default_factory=list)
    unmapped: list[UnmappedRecord] = field(default_factory=list)  # among `created`
    already_in_register: int = 0  # records of the census skipped as already drafted
    # Drafts whose NHS FTE is above the register's WTE maximum (a contracted service can
    # report several FTE in one record): (draft, FTE in the file). Their WTE is the maximum.
    clamped: list[tuple[StaffMember, Decimal]] = field(default_factory=list)


def wte_from_fte(fte: Decimal) -> Decimal:
    """FTE to 2 decimal places, kept inside the register's WTE range (0.01 to 1.5)."""
    wte = Decimal(fte).quantize(CENT, rounding=ROUND_HALF_UP)
    return min(max(wte, WTE_RANGE[0]), WTE_RANGE[1])


def role_map() -> dict[tuple[str, str], str]:
    """{(staff role, detailed role): ARRS role code, blank if none}."""
    return {
        (staff_role, detailed_role): role_code
        for staff_role, detailed_role, role_code in NhsRoleMapping.objects.values_list(
            "staff_role", "detailed_role", "role_code"
        )
    }


def _bands(year: str) -> dict[str, str]:
    return dict(ArrsRole.objects.filter(year=year).exclude(band="").values_list("code", "band"))


@transaction.atomic
def draft_register_from_nhs(*, network, by, today=None) -> DraftResult:
    """Create a draft person for every NHS record of the network not yet in its register.

    Safe to run again: a record whose identifier is already in the register is skipped.
    Contracted-services records have no identifier; they are recognised by NHS role and WTE,
    so the register ends up with as many of each as the file has. WTE is the FTE to 2
    decimal places within the register's range (0.01 to 1.5); drafts capped at 1.5 are listed
    in `clamped`, and every audit entry keeps the file's FTE.
    """
    census_date = WorkforceRecord.objects.aggregate(latest=Max("census_date"))["latest"]
    result = DraftResult(census_date=census_date)
    if census_date is None:
        return result
    records = WorkforceRecord.objects.filter(
        census_date=census_date, pcn_code=network.pcn_code.strip().upper()
    ).order_by("staff_group", "staff_role", "detailed_role", "unique_identifier", "pk")

    # Two drafts at once would both see an empty register: the second waits for the first.
    Network.objects.select_for_update().filter(pk=network.pk).first()
    register = StaffMember.objects.filter(network=network)
    known_identifiers = set(
        register.exclude(nhs_identifier="").values_list("nhs_identifier", flat=True)
    )
    without_identifier = Counter(
        {
            (row["nhs_role"], row["wte"]): row["count"]
            for row in register.filter(nhs_identifier="")
            .values("nhs_role", "wte")
            .annotate(count=Count("pk"))
        }
    )
    roles = role_map()
    bands = _bands(current_financial_year(today))

    for record in records:
        nhs_role = record.detailed_role or record.staff_role
        wte = wte_from_fte(record.fte)
        identifier = record.unique_identifier
        if identifier:
            # A person with two roles has two records: both are drafted the first time
            # (identifiers are read before the run), and neither on a later run.
            if identifier in known_identifiers:
                result.already_in_register += 1
                continue
        else:
            key = (nhs_role, wte)
            if without_identifier[key] > 0:
                without_identifier[key] -= 1
                result.already_in_register += 1
                continue
        role_code = roles.get((record.staff_role, record.detailed_role), "")
        person = StaffMember.objects.create(
            network=network,
            is_draft=True,
            full_name="",
            wte=wte,
            nhs_role=nhs_role,
            nhs_identifier=identifier,
            role_code=role_code,
            band=bands.get(role_code, "") if role_code else "",
            funding=Funding.ARRS if role_code else Funding.OTHER,
        )
        audit.record(
            by=by,
            action=ACTION,
            target=person,
            network=network,
            after={
                **audit.snapshot(person, DRAFT_FIELDS),
                "census_date": census_date.isoformat(),
                "nhs_fte": str(record.fte),
                "staff_group": record.staff_group,
                "staff_role": record.staff_role,
            },
        )
        result.created.append(person)
        if record.fte.quantize(CENT, rounding=ROUND_HALF_UP) > WTE_RANGE[1]:
            result.clamped.append((person, record.fte))
        if not role_code:
            result.unmapped.append(
                UnmappedRecord(
                    record.staff_group,
                    record.staff_role,
                    record.detailed_role,
                    record.fte,
                    identifier,
                )
            )
    return result
