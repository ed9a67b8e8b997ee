"""The NHS PCN workforce census as the product reads it: the latest census loaded, and the map
from the census's roles to the ARRS catalogue. Shared by everything that reads the census in
bulk (the benchmark against England, the benchmark suite), so they place each record alike."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max

from .models import NhsRoleMapping, WorkforceRecord


def latest_census_date() -> dt.date | None:
    """The census date of the newest workforce file loaded; None if none is."""
    return WorkforceRecord.objects.aggregate(latest=Max("census_date"))["latest"]


def role_map() -> dict[tuple[str, str], tuple[str, str]]:
    """{(staff role, detailed role): (ARRS role code, blank if none; the map's note)}."""
    return {
        (staff, detailed): (code, note)
        for staff, detailed, code, note in NhsRoleMapping.objects.values_list(
            "staff_role", "detailed_role", "role_code", "note"
        )
    }


def map_is_unsure(note: str) -> bool:
    """A blank mapping the map is unsure of (possibly an ARRS role), not a non-ARRS role."""
    return "not sure" in note or "unspecified" in note
