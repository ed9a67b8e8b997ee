"""The register today in the shape of the NHS PCN workforce collection, for the next return.

The columns are those of NHS England Digital's individual-level file that a PCN fills in
(DATA_SOURCE, STAFF_GROUP, STAFF_ROLE, DETAILED_STAFF_ROLE, FTE, UNIQUE_IDENTIFIER, with its
PCN_CODE and PCN_NAME), then two of ours: NAME, so the person filling in the return knows who
each row is, and NOTE, which says what to check. The NHS role of a person is the one the register
holds from the census (nhs_role) when it still agrees with their catalogue role; otherwise the
NHS role the shipped role map gives their catalogue role. A person whose role has no NHS role is
a row with blank NHS columns and a note, never left out.
"""

from collections import defaultdict

from django.db.models import Q

from pcn.core import spreadsheet_cells
from pcn.reference.models import NhsRoleMapping, WorkforceRecord

from .catalogue import role_names
from .models import day_text

COLUMNS = [
    "PCN_CODE",
    "PCN_NAME",
    "DATA_SOURCE",
    "STAFF_GROUP",
    "STAFF_ROLE",
    "DETAILED_STAFF_ROLE",
    "FTE",
    "UNIQUE_IDENTIFIER",
    "NAME",
    "NOTE",
]
STAFF, CONTRACTED = "NWRS Staff", "NWRS Contracted Services"


def file_name(network, today):
    return f"nhs-workforce-return-{network.pcn_code}-{today:%Y-%m-%d}.csv"


def in_post_today(network, today):
    return network.staff.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=today),
        Q(end_date__isnull=True) | Q(end_date__gte=today),
    ).order_by("role_code", "full_name", "pk")


def rows(network, today):
    """[{column: text}] for everyone in post today, drafts included (4 queries)."""
    mappings = list(NhsRoleMapping.objects.order_by("staff_role", "detailed_role"))
    by_nhs_role = {}
    by_code = defaultdict(list)
    for m in mappings:
        by_nhs_role.setdefault((m.detailed_role or m.staff_role).lower(), m)
        if m.role_code:
            by_code[m.role_code].append(m)
    groups = dict(
        WorkforceRecord.objects.values_list("staff_role", "staff_group")
        .order_by("staff_role", "staff_group")
        .distinct()
    )
    names = role_names()
    found = []
    for person in in_post_today(network, today):
        notes = []
        mapping = by_nhs_role.get(person.nhs_role.strip().lower()) if person.nhs_role else None
        if mapping is not None and person.role_code and mapping.role_code != person.role_code:
            mapping = None  # the register's role was changed since the census: follow it
        if mapping is None and person.role_code:
            choices = by_code.get(person.role_code, [])
            if choices:
                mapping = choices[0]
                if len(choices) > 1:
                    notes.append(
                        f"{names.get(person.role_code, person.role_code)} is one of "
                        f"{len(choices)} NHS roles: check {mapping.detailed_role} is theirs."
                    )
            else:
                notes.append(
                    f"{names.get(person.role_code, person.role_code)} has no NHS workforce role "
                    "in the role map: choose theirs in the return."
                )
        elif mapping is None:
            notes.append(
                f"The NHS role {person.nhs_role} is not in the role map: choose theirs in the "
                "return."
                if person.nhs_role
                else "No role in the register: choose theirs in the return."
            )
        if not person.nhs_identifier:
            notes.append("No NHS identifier in the register yet.")
        if person.is_draft:
            notes.append("Draft from the NHS file: name to fill in.")
        if person.end_date:
            notes.append(f"Leaves on {day_text(person.end_date)}.")
        contracted = person.invoiced and not person.nhs_identifier
        found.append(
            {
                "PCN_CODE": network.pcn_code,
                "PCN_NAME": network.name,
                "DATA_SOURCE": CONTRACTED if contracted else STAFF,
                "STAFF_GROUP": groups.get(mapping.staff_role, "") if mapping else "",
                "STAFF_ROLE": mapping.staff_role if mapping else "",
                "DETAILED_STAFF_ROLE": mapping.detailed_role if mapping else "",
                "FTE": f"{person.wte}",
                "UNIQUE_IDENTIFIER": person.nhs_identifier,
                "NAME": person.full_name,
                "NOTE": " ".join(notes),
            }
        )
    return found


def csv_text(network, today):
    return spreadsheet_cells.csv_text(
        ([row[c] for c in COLUMNS] for row in rows(network, today)), header=COLUMNS, bom=True
    )
