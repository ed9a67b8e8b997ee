"""NHS England Digital "Primary Care Network Workforce", individual-level CSV."""

from __future__ import annotations

from ..models import WorkforceRecord
from .base import BATCH_SIZE, Layout, Row, Sink, TableSpec, column, last_day_of_month, max_length

FTE = WorkforceRecord._meta.get_field("fte")


class CensusReplaceSink(Sink):
    """A census is published whole, so a file replaces every row of each census it holds.

    Rows have no natural key (contracted services have no identifier), which rules out an
    upsert; the delete runs inside the file's transaction, so a rejected file deletes nothing.
    """

    def __init__(self):
        self.cleared: set = set()
        self.pending: list[WorkforceRecord] = []
        self.written = 0

    def add(self, table: str, obj: WorkforceRecord) -> None:
        if obj.census_date not in self.cleared:
            WorkforceRecord.objects.filter(census_date=obj.census_date).delete()
            self.cleared.add(obj.census_date)
        self.pending.append(obj)
        if len(self.pending) >= BATCH_SIZE:
            self._flush()

    def _flush(self) -> None:
        WorkforceRecord.objects.bulk_create(self.pending, batch_size=BATCH_SIZE)
        self.written += len(self.pending)
        self.pending = []

    def close(self) -> int:
        self._flush()
        return self.written


class PcnWorkforce(Layout):
    name = "pcn_workforce"
    description = "NHS England Digital PCN workforce, individual level"
    tables = (
        TableSpec(
            "workforce",
            (
                column("data_source", "Data_source"),
                column("year", "CENSUS_YEAR"),
                column("month", "CENSUS_MONTH"),
                column("pcn_code", "PCN_CODE"),
                column("staff_group", "STAFF_GROUP"),
                column("staff_role", "STAFF_ROLE"),
                column("detailed_role", "DETAILED_STAFF_ROLE"),
                column("fte", "FTE"),
                column("unique_identifier", "UNIQUE_IDENTIFIER"),
            ),
        ),
    )

    def parse(self, table: str, row: Row):
        year, month = row.year_month("year", "month")
        return (
            WorkforceRecord(
                census_date=last_day_of_month(year, month),
                pcn_code=row.code("pcn_code", limit=max_length(WorkforceRecord, "pcn_code")),
                data_source=row.text(
                    "data_source", required=True, limit=max_length(WorkforceRecord, "data_source")
                ),
                staff_group=row.text(
                    "staff_group", required=True, limit=max_length(WorkforceRecord, "staff_group")
                ),
                staff_role=row.text(
                    "staff_role", required=True, limit=max_length(WorkforceRecord, "staff_role")
                ),
                detailed_role=row.text(
                    "detailed_role", limit=max_length(WorkforceRecord, "detailed_role")
                ),
                fte=row.decimal("fte", places=FTE.decimal_places, digits=FTE.max_digits),
                # Blank for contracted services, which report FTE but no headcount.
                unique_identifier=row.text(
                    "unique_identifier", limit=max_length(WorkforceRecord, "unique_identifier")
                ),
            ),
        )

    def sink(self) -> Sink:
        return CensusReplaceSink()
