"""Open an NHS data file as tables of rows, whatever it is wrapped in.

A file may be plain CSV, gzipped CSV, a zip holding one CSV (as NHS England Digital publishes),
or an .xlsx workbook (ODS ePCN). The wrapping is recognised from the file's first bytes, so a
renamed file still opens. Rows are streamed: nothing holds a whole file in memory.
"""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"

# NHS CSVs have a few short fields; a generous limit still stops a broken quote from
# swallowing the rest of the file into one field.
csv.field_size_limit(1_000_000)


class SourceError(Exception):
    """The file cannot be read as a table at all (not a row problem).

    `line` is set when reading broke part-way, so the message can point at it.
    """

    def __init__(self, problem: str, line: int | None = None):
        super().__init__(problem)
        self.problem = problem
        self.line = line

    def message(self, file_name: str) -> str:
        where = f"{file_name}:{self.line}" if self.line is not None else file_name
        return f"{where}: {self.problem}"


def normalise_header(cell: Any) -> str:
    """ePCN header cells contain line breaks and stray spaces; compare them as single-spaced."""
    if cell is None:
        return ""
    return " ".join(str(cell).replace("\ufeff", "").split())


@dataclass
class Table:
    """One table in a file: a CSV, or one sheet of a workbook.

    `rows()` yields (number, values): the physical line number for CSV (header is line 1), the
    spreadsheet row number for a sheet.
    """

    label: str  # "name.csv" or "name.xlsx:Sheet" — the prefix of every error message
    header: list[str]
    _rows: Iterator[tuple[int, Sequence[Any]]] = field(repr=False)
    _position: Any = field(repr=False, default=None)
    size: int = 0  # progress total in `unit`s
    unit: str = "B"

    def rows(self) -> Iterator[tuple[int, Sequence[Any]]]:
        return self._rows

    def position(self) -> int:
        """How far through the table we are, in `unit`s, for a progress bar."""
        return self._position() if self._position else 0


def sniff(path: Path) -> str:
    with open(path, "rb") as fh:
        start = fh.read(4)
    if start.startswith(GZIP_MAGIC):
        return "gzip"
    if start == ZIP_MAGIC:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
        return "xlsx" if "xl/workbook.xml" in names else "zip"
    return "csv"


class OpenedFile:
    """Context manager giving the tables of one file; closes everything it opened."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.name = self.path.name
        self.kind = ""
        self._stack = ExitStack()

    def __enter__(self) -> OpenedFile:
        try:
            self.kind = sniff(self.path)
        except (OSError, zipfile.BadZipFile) as error:
            raise SourceError(f"cannot open: {error}") from error
        return self

    def __exit__(self, *exc_info) -> None:
        self._stack.close()

    def tables(self) -> list[Table]:
        try:
            if self.kind == "xlsx":
                return self._sheets()
            return [self._csv()]
        except (OSError, zipfile.BadZipFile, EOFError, zlib.error) as error:
            raise SourceError(f"cannot read: {error}") from error

    def _csv(self) -> Table:
        # Closed by the ExitStack when the caller leaves the `with OpenedFile(...)` block.
        raw: BinaryIO = self._stack.enter_context(open(self.path, "rb"))  # noqa: SIM115
        size = self.path.stat().st_size
        if self.kind == "gzip":
            binary: BinaryIO = self._stack.enter_context(gzip.GzipFile(fileobj=raw, mode="rb"))
        elif self.kind == "zip":
            archive = self._stack.enter_context(zipfile.ZipFile(raw))
            members = [
                info
                for info in archive.infolist()
                if not info.is_dir()
                and info.filename.lower().endswith(".csv")
                and not info.filename.startswith("__MACOSX/")
            ]
            if len(members) != 1:
                found = ", ".join(info.filename for info in members) or "none"
                raise SourceError(f"zip must hold exactly one CSV file (found: {found})")
            binary = self._stack.enter_context(archive.open(members[0]))
        else:
            binary = raw
        # utf-8-sig drops the byte-order mark NHS England Digital puts on some files.
        # Held by the stack: were it garbage-collected when the rows run out, it would close
        # the raw file under the progress bar.
        text = self._stack.enter_context(io.TextIOWrapper(binary, encoding="utf-8-sig", newline=""))
        reader = csv.reader(text)
        try:
            header_cells = next(reader)
        except StopIteration:
            raise SourceError("file is empty") from None
        except (UnicodeDecodeError, csv.Error) as error:
            raise SourceError(f"cannot read header: {error}", line=1) from error
        header = [normalise_header(cell) for cell in header_cells]
        return Table(
            label=self.name,
            header=header,
            _rows=_csv_rows(reader),
            _position=raw.tell,
            size=size,
        )

    def _sheets(self) -> list[Table]:
        import openpyxl  # only needed for workbooks; keeps CSV-only runs light

        try:
            workbook = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged workbook
            raise SourceError(f"cannot open workbook: {error}") from error
        self._stack.callback(workbook.close)
        tables = []
        for sheet in workbook.worksheets:
            first = next(sheet.iter_rows(max_row=1, values_only=True), ())
            counter = _Counter()
            tables.append(
                Table(
                    label=f"{self.name}:{sheet.title}",
                    header=[normalise_header(cell) for cell in first],
                    _rows=_sheet_rows(sheet, counter),
                    _position=counter.value,
                    size=sheet.max_row or 0,
                    unit="rows",
                )
            )
        return tables


class _Counter:
    def __init__(self):
        self.count = 0

    def value(self) -> int:
        return self.count


def _csv_rows(reader) -> Iterator[tuple[int, Sequence[str]]]:
    # csv's line_num is the line a record *ends* on; a record starts on the line after the
    # previous one ended, which is the line a person looks for in an editor.
    previous_end = reader.line_num
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as error:
            raise SourceError(f"not UTF-8 text ({error.reason})", previous_end + 1) from error
        except csv.Error as error:
            raise SourceError(str(error), previous_end + 1) from error
        except (OSError, EOFError, zlib.error, zipfile.BadZipFile) as error:
            raise SourceError(f"file is damaged: {error}", previous_end + 1) from error
        start = previous_end + 1
        previous_end = reader.line_num
        if values and any(values):
            yield start, values


def _sheet_rows(sheet, counter: _Counter) -> Iterator[tuple[int, Sequence[Any]]]:
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        counter.count = number
        if any(value not in (None, "") for value in values):
            yield number, values
