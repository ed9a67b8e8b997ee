"""What every layout is made of: columns recognised by header, rows read with checks, sinks."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, ClassVar

from django.db import models

BATCH_SIZE = 5000


class RowError(ValueError):
    """A value in one row cannot be used; names the column as the file spells it."""

    def __init__(self, column: str, problem: str):
        super().__init__(f"{column}: {problem}")
        self.column = column
        self.problem = problem


@dataclass(frozen=True)
class Column:
    key: str
    names: tuple[str, ...]  # accepted header spellings, newest first
    required: bool = True


def column(key: str, *names: str, required: bool = True) -> Column:
    return Column(key, names, required)


@dataclass(frozen=True)
class TableSpec:
    """The columns one table (a CSV, or one workbook sheet) must have to be recognised."""

    name: str
    columns: tuple[Column, ...]

    def match(self, header: Sequence[str]) -> dict[str, tuple[int, str]] | None:
        """Map each column key to (position, header text), or None if a required one is missing."""
        positions: dict[str, int] = {}
        for position, text in enumerate(header):
            positions.setdefault(text.casefold(), position)
        found = {}
        for col in self.columns:
            for name in col.names:
                position = positions.get(name.casefold())
                if position is not None:
                    found[col.key] = (position, header[position])
                    break
            else:
                if col.required:
                    return None
        return found

    def describe(self) -> str:
        return ", ".join(" or ".join(col.names) for col in self.columns if col.required)


def max_length(model: type[models.Model], field: str) -> int:
    return model._meta.get_field(field).max_length


AGE_BAND = re.compile(r"^(ALL|\d{1,3}_\d{1,3}|\d{1,3}\+)$")
GROUPED_NUMBER = re.compile(r"^\d{1,3}(,\d{3})+$")  # "12,345", as spreadsheets export it


@lru_cache(maxsize=256)
def parse_date(text: str) -> dt.date | None:
    """The date spellings NHS files use: 2026-07-01, 01Jul2026, 01JUL2021, 20191001."""
    for fmt in ("%Y-%m-%d", "%d%b%Y", "%Y%m%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def last_day_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


class Row:
    """One data row seen through a table's column map, with checked accessors."""

    __slots__ = ("_values", "_columns")

    def __init__(self, values: Sequence[Any], columns: dict[str, tuple[int, str]]):
        self._values = values
        self._columns = columns

    def column_name(self, key: str) -> str:
        where = self._columns.get(key)
        return where[1] if where else key

    def error(self, key: str, problem: str) -> RowError:
        return RowError(self.column_name(key), problem)

    def raw(self, key: str) -> Any:
        where = self._columns.get(key)
        if where is None or where[0] >= len(self._values):
            return None
        return self._values[where[0]]

    def text(self, key: str, *, required: bool = False, limit: int | None = None) -> str:
        # Called for every value of every row: kept to plain lookups.
        where = self._columns.get(key)
        try:
            value = self._values[where[0]] if where else None
        except IndexError:
            value = None
        if value.__class__ is str:
            text = value.strip()
        elif value is None:
            text = ""
        else:
            text = str(value).strip()
        if required and not text:
            raise self.error(key, "is blank")
        if limit is not None and len(text) > limit:
            raise self.error(key, f"is longer than {limit} characters")
        return text

    def code(self, key: str, *, limit: int, required: bool = True) -> str:
        return self.text(key, required=required, limit=limit).upper()

    def count(self, key: str, *, blank_ok: bool = False) -> int | None:
        """A whole number of people (0 or more). Blank is None when `blank_ok`."""
        value = self.raw(key)
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)  # a spreadsheet cell holding a whole number
        else:
            text = self.text(key)
            if not text:
                if blank_ok:
                    return None
                raise self.error(key, "is blank")
            if text.isdigit() and text.isascii():
                number = int(text)
            elif GROUPED_NUMBER.match(text):
                number = int(text.replace(",", ""))
            else:
                raise self.error(key, f'"{text}" is not a whole number of 0 or more')
        if number < 0 or number > 2_147_483_647:
            raise self.error(key, f'"{number}" is not a whole number of 0 or more')
        return number

    def decimal(self, key: str, *, places: int, digits: int) -> Decimal:
        text = self.text(key, required=True)
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise self.error(key, f'"{text}" is not a number') from None
        if not number.is_finite() or number < 0:
            raise self.error(key, f'"{text}" is not a number of 0 or more')
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if number >= Decimal(10) ** (digits - places):
            raise self.error(key, f'"{text}" is too large')
        return number

    def date(self, key: str, *, required: bool = True) -> dt.date | None:
        value = self.raw(key)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = self.text(key)
        if not text:
            if required:
                raise self.error(key, "is blank")
            return None
        parsed = parse_date(text)
        if parsed is None:
            raise self.error(key, f'"{text}" is not a date (expected e.g. 2026-07-01 or 01Jul2026)')
        return parsed

    def year_month(self, year_key: str, month_key: str) -> tuple[int, int]:
        year = self.count(year_key)
        month = self.count(month_key)
        if not 1900 <= year <= 2200:
            raise self.error(year_key, f'"{year}" is not a year')
        if not 1 <= month <= 12:
            raise self.error(month_key, f'"{month}" is not a month number (1-12)')
        return year, month


class Sink:
    """Where a layout's parsed objects go. `close` writes what is pending and says how many."""

    def add(self, table: str, obj: models.Model) -> None:
        raise NotImplementedError

    def close(self) -> int:
        raise NotImplementedError


class UpsertBatch:
    """Inserts objects in batches, updating the row that already has the same unique key.

    Objects with the same key are collapsed before writing (the last one wins): PostgreSQL
    refuses an upsert that touches one row twice in a statement.
    """

    def __init__(
        self,
        model: type[models.Model],
        unique_fields: Sequence[str],
        update_fields: Sequence[str],
        batch_size: int = BATCH_SIZE,
    ):
        self.model = model
        self.unique_fields = list(unique_fields)
        self.update_fields = list(update_fields)
        self.batch_size = batch_size
        self.pending: dict[tuple, models.Model] = {}
        self.written = 0
        attnames = [model._meta.get_field(name).attname for name in self.unique_fields]
        self._key = lambda obj: tuple(getattr(obj, name) for name in attnames)

    def add(self, obj: models.Model) -> None:
        self.pending[self._key(obj)] = obj
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        self.model.objects.bulk_create(
            list(self.pending.values()),
            batch_size=self.batch_size,
            update_conflicts=True,
            unique_fields=self.unique_fields,
            update_fields=self.update_fields,
        )
        self.written += len(self.pending)
        self.pending = {}

    def close(self) -> int:
        self.flush()
        return self.written


class UpsertSink(Sink):
    """Sends each object to the upsert batch for its model."""

    def __init__(self, *batches: UpsertBatch):
        self.batches = {batch.model: batch for batch in batches}

    def add(self, table: str, obj: models.Model) -> None:
        self.batches[type(obj)].add(obj)

    def close(self) -> int:
        return sum(batch.close() for batch in self.batches.values())


class Layout:
    """One published file layout: how to recognise it and turn its rows into model objects."""

    name: ClassVar[str]
    description: ClassVar[str]
    tables: ClassVar[tuple[TableSpec, ...]]

    def parse(self, table: str, row: Row) -> Iterable[models.Model]:
        """Objects for one row; empty when the row is deliberately left out. Raises RowError."""
        raise NotImplementedError

    def sink(self) -> Sink:
        raise NotImplementedError

    def describe(self) -> str:
        parts = [
            f"[{spec.name}] {spec.describe()}" if len(self.tables) > 1 else spec.describe()
            for spec in self.tables
        ]
        return f"{self.name} ({self.description}): " + "; ".join(parts)
