"""Our own reference tables, shipped as CSV: the ARRS role catalogue, the role maxima from their
dates, and the NHS role map.

Both are hand-maintained, so each value is checked strictly. In the catalogue a blank figure
means the sources don't give it (stored as null, shown as unknown); text that is not a number
is a mistake in the file and rejects it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..models import ArrsRole, NhsRoleMapping, RoleMaximum
from .base import Layout, Row, Sink, TableSpec, UpsertBatch, UpsertSink, column, max_length

YEAR = re.compile(r"^(\d{4})/(\d{2})$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FIGURES = ("max_national", "max_outer_london", "max_inner_london")
MAX_FIGURE = RoleMaximum._meta.get_field("max_national")
MAX_DAYS = 366


def financial_year(row: Row, key: str) -> str:
    text = row.text(key, required=True)
    match = YEAR.match(text)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise row.error(key, f'"{text}" is not a financial year (expected e.g. 2025/26)')
    return text


def slug(row: Row, key: str, *, limit: int, required: bool) -> str:
    text = row.text(key, required=required, limit=limit)
    if text and not SLUG.match(text):
        raise row.error(key, f'"{text}" is not a role code (lower-case words joined by "-")')
    return text


def figure(row: Row, key: str) -> Decimal | None:
    """An annual amount in pounds; blank is None (unknown). "£66,972" is accepted."""
    text = row.text(key)
    if not text:
        return None
    cleaned = text.replace("£", "").replace(",", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise row.error(key, f'"{text}" is not a number (leave it blank if unknown)') from None
    if not number.is_finite() or number <= 0:
        raise row.error(key, f'"{text}" is not an amount above 0')
    places = Decimal(1).scaleb(-MAX_FIGURE.decimal_places)
    if number != number.quantize(places):
        raise row.error(key, f'"{text}" has more than {MAX_FIGURE.decimal_places} decimal places')
    if number >= Decimal(10) ** (MAX_FIGURE.max_digits - MAX_FIGURE.decimal_places):
        raise row.error(key, f'"{text}" is too large')
    return number


class ArrsRoles(Layout):
    name = "arrs_roles"
    description = "ARRS role catalogue, one row per financial year and role (our own)"
    tables = (
        TableSpec(
            "roles",
            (
                column("year", "year"),
                column("code", "code"),
                column("name", "name"),
                column("band", "band"),
                column("reimbursement", "reimbursement"),
                column("supervision_every_days", "supervision_every_days"),
                column("sources", "sources"),
            ),
        ),
    )

    def parse(self, table: str, row: Row):
        reimbursement = row.text("reimbursement", required=True)
        if reimbursement not in ArrsRole.Reimbursement.values:
            allowed = " or ".join(ArrsRole.Reimbursement.values)
            raise row.error("reimbursement", f'"{reimbursement}" is not {allowed}')
        every = row.count("supervision_every_days", blank_ok=True)
        if every is not None and not 1 <= every <= MAX_DAYS:
            raise row.error("supervision_every_days", f'"{every}" is not between 1 and {MAX_DAYS}')
        return (
            ArrsRole(
                year=financial_year(row, "year"),
                code=slug(row, "code", limit=max_length(ArrsRole, "code"), required=True),
                name=row.text("name", required=True, limit=max_length(ArrsRole, "name")),
                band=row.text("band", limit=max_length(ArrsRole, "band")),
                reimbursement=reimbursement,
                supervision_every_days=every,
                sources=row.text("sources", required=True, limit=max_length(ArrsRole, "sources")),
            ),
        )

    def sink(self) -> Sink:
        # An upsert, never a replace: networks' own figures (NetworkRoleFigure) point at rows.
        return UpsertSink(
            UpsertBatch(
                ArrsRole,
                ["year", "code"],
                [
                    "name",
                    "band",
                    "reimbursement",
                    "supervision_every_days",
                    "sources",
                ],
            )
        )


PAY_AREAS = ("national", "outer_london", "inner_london")


class ArrsMaxima(Layout):
    name = "arrs_maxima"
    description = "ARRS maxima per WTE, each in force from a date (our own)"
    tables = (
        TableSpec(
            "maxima",
            (
                column("role_code", "role_code"),
                column("band", "band"),
                column("valid_from", "valid_from"),
                *(column(key, key) for key in FIGURES),
                column("estimated", "estimated"),
                column("method", "method"),
                column("sources", "sources"),
            ),
        ),
    )

    def parse(self, table: str, row: Row):
        estimated = row.text("estimated", limit=max_length(RoleMaximum, "estimated"))
        unknown = set(estimated.split()) - set(PAY_AREAS)
        if unknown:
            raise row.error(
                "estimated", f'"{" ".join(sorted(unknown))}" is not {", ".join(PAY_AREAS)}'
            )
        figures = {key: figure(row, key) for key in FIGURES}
        for area in estimated.split():
            if figures[f"max_{area}"] is None:
                raise row.error("estimated", f"{area} is marked as an estimate but is blank")
        return (
            RoleMaximum(
                role_code=slug(
                    row, "role_code", limit=max_length(RoleMaximum, "role_code"), required=True
                ),
                band=row.text("band", limit=max_length(RoleMaximum, "band")),
                valid_from=row.date("valid_from"),
                **figures,
                estimated=estimated,
                method=row.text("method", limit=max_length(RoleMaximum, "method")),
                sources=row.text(
                    "sources", required=True, limit=max_length(RoleMaximum, "sources")
                ),
            ),
        )

    def sink(self) -> Sink:
        return UpsertSink(
            UpsertBatch(
                RoleMaximum,
                ["role_code", "band", "valid_from"],
                [*FIGURES, "estimated", "method", "sources"],
            )
        )


class NhsRoleMap(Layout):
    name = "nhs_role_map"
    description = "NHS workforce STAFF_ROLE / DETAILED_STAFF_ROLE to ARRS role code (our own)"
    tables = (
        TableSpec(
            "map",
            (
                column("staff_role", "staff_role"),
                column("detailed_role", "detailed_role"),
                column("role_code", "role_code"),
                column("note", "note", required=False),
            ),
        ),
    )

    def parse(self, table: str, row: Row):
        return (
            NhsRoleMapping(
                staff_role=row.text(
                    "staff_role", required=True, limit=max_length(NhsRoleMapping, "staff_role")
                ),
                detailed_role=row.text(
                    "detailed_role", limit=max_length(NhsRoleMapping, "detailed_role")
                ),
                role_code=slug(
                    row, "role_code", limit=max_length(NhsRoleMapping, "role_code"), required=False
                ),
                note=row.text("note", limit=max_length(NhsRoleMapping, "note")),
            ),
        )

    def sink(self) -> Sink:
        return UpsertSink(
            UpsertBatch(NhsRoleMapping, ["staff_role", "detailed_role"], ["role_code", "note"])
        )
