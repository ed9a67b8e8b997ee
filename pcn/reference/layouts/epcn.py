"""ODS ePCN.xlsx: PCN addresses and open/close dates, and practice memberships over time."""

from __future__ import annotations

from ..models import PcnMembershipRecord, PcnRecord
from .base import Layout, Row, Sink, TableSpec, UpsertBatch, column, max_length

DETAILS = "PCN details"
PARTNERS = "PCN core partners"

ADDRESS_FIELDS = ["address", "postcode", "open_date", "close_date"]
ADDRESS_LINES = [f"address_{n}" for n in range(1, 6)]


class EpcnSink(Sink):
    """PCN details fill in what the practice map lacks, without overwriting what it gives.

    The map is the newer source for names and sub-ICBs, so those are only set on PCNs the map
    has not described (e.g. PCNs that have since closed).
    """

    def __init__(self):
        from_map = PcnRecord.objects.filter(extract_date__isnull=False).values_list(
            "code", flat=True
        )
        self.from_map = set(from_map)
        self.address_only = UpsertBatch(PcnRecord, ["code"], ADDRESS_FIELDS)
        self.whole = UpsertBatch(
            PcnRecord, ["code"], ["name", "sub_icb_code", "sub_icb_name", *ADDRESS_FIELDS]
        )
        self.memberships = UpsertBatch(
            PcnMembershipRecord,
            ["practice_code", "pcn_code", "start_date"],
            ["practice_name", "end_date"],
        )

    def add(self, table: str, obj) -> None:
        if isinstance(obj, PcnMembershipRecord):
            self.memberships.add(obj)
        elif obj.code in self.from_map:
            self.address_only.add(obj)
        else:
            self.whole.add(obj)

    def close(self) -> int:
        return self.address_only.close() + self.whole.close() + self.memberships.close()


class Epcn(Layout):
    name = "epcn"
    description = "ODS ePCN.xlsx (sheets PCNDetails and PCN Core Partner Details)"
    tables = (
        TableSpec(
            DETAILS,
            (
                column("pcn_code", "PCN Code"),
                column("pcn_name", "PCN Name"),
                # ODS renamed CCG columns to sub-ICB location in July 2022.
                column(
                    "sub_icb_code",
                    "Current Sub ICB Loc Code",
                    "Current Sub ICB Location Code",
                    "Current Clinical Commissioning Group Code",
                    "Current CCG Code",
                    required=False,
                ),
                column(
                    "sub_icb_name",
                    "Sub ICB Location",
                    "Sub ICB Location Name",
                    "Current Sub ICB Loc Name",
                    "Current Clinical Commissioning Group Name",
                    "Clinical Commissioning Group",
                    "Current CCG Name",
                    required=False,
                ),
                column("open_date", "Open Date"),
                column("close_date", "Close Date"),
                column("address_1", "Address Line 1"),
                *(
                    column(key, f"Address Line {key[-1]}", required=False)
                    for key in ADDRESS_LINES[1:]
                ),
                column("postcode", "Postcode"),
            ),
        ),
        TableSpec(
            PARTNERS,
            (
                column("practice_code", "Partner Organisation Code"),
                column("practice_name", "Partner Name"),
                column("pcn_code", "PCN Code"),
                column("start_date", "Practice to PCN Relationship Start Date"),
                column("end_date", "Practice to PCN Relationship End Date"),
            ),
        ),
    )

    def parse(self, table: str, row: Row):
        if table == DETAILS:
            return (self._pcn(row),)
        return (
            PcnMembershipRecord(
                practice_code=row.code(
                    "practice_code", limit=max_length(PcnMembershipRecord, "practice_code")
                ),
                practice_name=row.text(
                    "practice_name", limit=max_length(PcnMembershipRecord, "practice_name")
                ),
                pcn_code=row.code("pcn_code", limit=max_length(PcnMembershipRecord, "pcn_code")),
                # Required: the start date is part of the key, and a blank one would never match
                # on reload (NULLs are never equal), duplicating the row.
                start_date=row.date("start_date"),
                end_date=row.date("end_date", required=False),
            ),
        )

    def _pcn(self, row: Row) -> PcnRecord:
        lines = [row.text(key) for key in ADDRESS_LINES]
        address = ", ".join(line for line in lines if line)
        if len(address) > max_length(PcnRecord, "address"):
            raise row.error("address_1", "address is too long")
        return PcnRecord(
            code=row.code("pcn_code", limit=max_length(PcnRecord, "code")),
            name=row.text("pcn_name", required=True, limit=max_length(PcnRecord, "name")),
            sub_icb_code=row.code(
                "sub_icb_code", limit=max_length(PcnRecord, "sub_icb_code"), required=False
            ),
            sub_icb_name=row.text("sub_icb_name", limit=max_length(PcnRecord, "sub_icb_name")),
            address=address,
            postcode=row.text("postcode", limit=max_length(PcnRecord, "postcode")),
            open_date=row.date("open_date", required=False),
            close_date=row.date("close_date", required=False),
        )

    def sink(self) -> Sink:
        return EpcnSink()
