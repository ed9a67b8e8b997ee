"""NHS England Digital gp-reg-pat-prac-map: each practice's PCN, sub-ICB, ICB and region."""

from __future__ import annotations

from ..models import PcnRecord, PracticeRecord
from .base import Layout, Row, Sink, TableSpec, UpsertBatch, column, max_length

UNALLOCATED = "U"

PRACTICE_FIELDS = [
    "name",
    "postcode",
    "pcn_code",
    "sub_icb_code",
    "icb_code",
    "icb_name",
    "region_name",
    "supplier",
    "extract_date",
]
# Only what the map knows: address and open/close dates come from ODS ePCN and must survive
# a map reload.
PCN_FIELDS = [
    "name",
    "sub_icb_code",
    "sub_icb_name",
    "icb_code",
    "icb_name",
    "region_code",
    "region_name",
    "extract_date",
]


class PracticeMapSink(Sink):
    """Upserts practices and PCNs, but never lets an older extract replace a newer one."""

    def __init__(self):
        self.practice_dates = dict(PracticeRecord.objects.values_list("code", "extract_date"))
        self.pcn_dates = dict(PcnRecord.objects.values_list("code", "extract_date"))
        self.practices = UpsertBatch(PracticeRecord, ["code"], PRACTICE_FIELDS)
        # Every practice row repeats its PCN; about 1,300 PCNs, so they are kept until the end.
        self.pcns: dict[str, PcnRecord] = {}

    def add(self, table: str, obj) -> None:
        if isinstance(obj, PracticeRecord):
            stored = self.practice_dates.get(obj.code)
            if stored is None or stored <= obj.extract_date:
                self.practices.add(obj)
            return
        stored = self.pcn_dates.get(obj.code)
        if stored is not None and stored > obj.extract_date:
            return
        seen = self.pcns.get(obj.code)
        if seen is None or seen.extract_date <= obj.extract_date:
            self.pcns[obj.code] = obj

    def close(self) -> int:
        batch = UpsertBatch(PcnRecord, ["code"], PCN_FIELDS)
        for pcn in self.pcns.values():
            batch.add(pcn)
        return self.practices.close() + batch.close()


class PracticeMap(Layout):
    name = "practice_map"
    description = "NHS England Digital gp-reg-pat-prac-map"
    tables = (
        TableSpec(
            "map",
            (
                column("extract_date", "EXTRACT_DATE"),
                column("practice_code", "PRACTICE_CODE"),
                column("practice_name", "PRACTICE_NAME"),
                column("postcode", "PRACTICE_POSTCODE", required=False),
                column("pcn_code", "PCN_CODE"),
                column("pcn_name", "PCN_NAME"),
                # Sub-ICB locations replaced CCGs in July 2022, keeping their codes.
                column("sub_icb_code", "SUB_ICB_LOCATION_CODE", "CCG_CODE"),
                column("sub_icb_name", "SUB_ICB_LOCATION_NAME", "CCG_NAME", required=False),
                # ICBs took over their STPs' codes; older maps have STP columns or neither.
                column("icb_code", "ICB_CODE", "STP_CODE", required=False),
                column("icb_name", "ICB_NAME", "STP_NAME", required=False),
                column("region_code", "COMM_REGION_CODE", required=False),
                column("region_name", "COMM_REGION_NAME", required=False),
                column("supplier", "SUPPLIER_NAME", required=False),
            ),
        ),
    )

    def parse(self, table: str, row: Row):
        extract_date = row.date("extract_date")
        pcn_code = row.code("pcn_code", limit=max_length(PracticeRecord, "pcn_code"))
        sub_icb_code = row.code("sub_icb_code", limit=max_length(PracticeRecord, "sub_icb_code"))
        icb_code = row.code(
            "icb_code", limit=max_length(PracticeRecord, "icb_code"), required=False
        )
        icb_name = row.text("icb_name", limit=max_length(PracticeRecord, "icb_name"))
        region_name = row.text("region_name", limit=max_length(PracticeRecord, "region_name"))
        practice = PracticeRecord(
            code=row.code("practice_code", limit=max_length(PracticeRecord, "code")),
            name=row.text("practice_name", required=True, limit=max_length(PracticeRecord, "name")),
            postcode=row.text("postcode", limit=max_length(PracticeRecord, "postcode")),
            pcn_code=pcn_code,
            sub_icb_code=sub_icb_code,
            icb_code=icb_code,
            icb_name=icb_name,
            region_name=region_name,
            supplier=row.text("supplier", limit=max_length(PracticeRecord, "supplier")),
            extract_date=extract_date,
        )
        if pcn_code == UNALLOCATED:
            return (practice,)
        pcn = PcnRecord(
            code=pcn_code,
            name=row.text("pcn_name", required=True, limit=max_length(PcnRecord, "name")),
            sub_icb_code=sub_icb_code,
            sub_icb_name=row.text("sub_icb_name", limit=max_length(PcnRecord, "sub_icb_name")),
            icb_code=icb_code,
            icb_name=icb_name,
            region_code=row.code(
                "region_code", limit=max_length(PcnRecord, "region_code"), required=False
            ),
            region_name=region_name,
            extract_date=extract_date,
        )
        return (practice, pcn)

    def sink(self) -> Sink:
        return PracticeMapSink()
