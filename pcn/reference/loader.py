"""Load NHS open data files into the reference tables, one all-or-nothing transaction per file.

A file is recognised by its header row, streamed row by row, and every row is checked. If any
row is wrong, nothing from that file is kept and every problem is reported as
`file:line: column: problem`. Each attempt is recorded in ImportLog; a file already loaded
(same sha256) is skipped unless forced.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from .files import OpenedFile, SourceError, Table
from .layouts import LAYOUTS, Layout, Match, Row, RowError, known_layouts, match_header
from .models import ImportLog

Status = ImportLog.Status

PRINTED_ERRORS = 50
KEPT_ERRORS = 1000  # an unreadable file can give an error per row; the first ones say enough
PROGRESS_EVERY = 2000  # rows between progress-bar updates


@dataclass
class LoadResult:
    path: Path
    status: str = Status.REJECTED
    layout: str = ""
    rows: int = 0  # data rows read
    stored: int = 0  # rows inserted or updated
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)  # the first KEPT_ERRORS
    error_count: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def ok(self) -> bool:
        return self.status != Status.REJECTED

    def summary(self) -> str:
        if self.status == Status.UNCHANGED:
            return f"unchanged {self.file_name} ({self.layout}): already loaded, skipped"
        layout = self.layout or "unknown layout"
        counts = f"{self.rows:,} rows"
        if self.status == Status.LOADED:
            counts += f", {self.stored:,} stored"
            return f"loaded    {self.file_name} ({layout}): {counts} in {self.seconds:.1f} s"
        problems = f"{self.error_count:,} error{'s' if self.error_count != 1 else ''}"
        return (
            f"rejected  {self.file_name} ({layout}): {problems}, nothing imported "
            f"({counts} read in {self.seconds:.1f} s)"
        )

    def error_lines(self, limit: int = PRINTED_ERRORS) -> list[str]:
        lines = self.errors[:limit]
        if self.error_count > len(lines):
            lines.append(f"... and {self.error_count - len(lines):,} more")
        return lines


class _Rejected(Exception):
    pass


@dataclass
class _Plan:
    layout: Layout
    tables: list[tuple[Table, Match]]


class _Errors:
    def __init__(self, result: LoadResult):
        self.result = result

    def add(self, message: str) -> None:
        self.result.error_count += 1
        if len(self.result.errors) < KEPT_ERRORS:
            self.result.errors.append(message)

    def __bool__(self) -> bool:
        return self.result.error_count > 0


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_file(
    path, *, stdout=None, force: bool = False, progress: bool | None = None
) -> LoadResult:
    """Load one file; returns what happened. Never raises for bad data: see `result.errors`."""
    path = Path(path)
    result = LoadResult(path=path)
    errors = _Errors(result)
    started_at = timezone.now()
    clock = time.perf_counter()
    if progress is None:
        progress = _is_terminal(stdout)

    try:
        sha256 = file_sha256(path)
    except OSError as error:
        sha256 = ""
        errors.add(f"{path.name}: cannot open: {error.strerror or error}")

    if sha256 and not force:
        previous = (
            ImportLog.objects.filter(sha256=sha256, status=Status.LOADED)
            .order_by("-started_at")
            .first()
        )
        if previous is not None:
            result.status = Status.UNCHANGED
            result.layout = previous.layout
            result.rows = previous.rows
            _log(result, sha256, started_at)
            _report(result, stdout)
            return result

    if sha256:
        try:
            with OpenedFile(path) as opened:
                plan = _plan(opened.tables(), path.name, result)
                if plan is None:
                    errors.add(_unknown_layout_message(path.name, opened))
                else:
                    result.layout = plan.layout.name
                    with transaction.atomic():
                        _import(plan, result, errors, progress)
                        if errors:
                            raise _Rejected
                        result.status = Status.LOADED
                        result.seconds = time.perf_counter() - clock
                        # Inside the transaction: the log says "loaded" only if the rows are.
                        _log(result, sha256, started_at)
        except _Rejected:
            pass
        except SourceError as error:
            errors.add(error.message(path.name))
        except DatabaseError as error:
            errors.add(f"{path.name}: the database refused the data: {error}")

    result.seconds = time.perf_counter() - clock
    if result.status != Status.LOADED:
        result.status = Status.REJECTED
        result.stored = 0
        # Outside the rolled-back transaction, so the attempt stays on record.
        _log(result, sha256, started_at)
    _report(result, stdout)
    return result


def load_files(
    paths: Iterable, *, stdout=None, force: bool = False, progress: bool | None = None
) -> list[LoadResult]:
    """Load each file in turn; a rejected file does not stop the others."""
    return [load_file(path, stdout=stdout, force=force, progress=progress) for path in paths]


def shipped_files(directory=None) -> list[Path]:
    """The data files in REFERENCE_DATA_DIR, in layout order (map and ePCN first).

    Order comes from each file's header, not its name; unrecognised files go last (and will be
    rejected with a message when loaded).
    """
    directory = Path(directory or settings.REFERENCE_DATA_DIR)
    files = sorted(
        path
        for path in directory.iterdir()
        if path.is_file() and not path.name.startswith(".") and path.suffix.lower() != ".md"
    )
    order = {layout.name: position for position, layout in enumerate(LAYOUTS)}
    return sorted(files, key=lambda path: order.get(detect_layout(path), len(order)))


def detect_layout(path) -> str:
    """The name of the layout a file's header matches, or '' if none (or unreadable)."""
    try:
        with OpenedFile(path) as opened:
            plan = _plan(opened.tables(), Path(path).name, LoadResult(path=Path(path)))
    except SourceError:
        return ""
    return plan.layout.name if plan else ""


def _plan(tables: Sequence[Table], name: str, result: LoadResult) -> _Plan | None:
    """Which layout the file is, and which of its tables feed which part of that layout."""
    matched: list[tuple[Table, Match]] = []
    for table in tables:
        matches = match_header(table.header)
        if len(matches) > 1:
            raise SourceError(
                f"header matches more than one layout ({', '.join(m.layout.name for m in matches)})"
            )
        if matches:
            matched.append((table, matches[0]))
        elif len(tables) > 1:
            result.notes.append(f"{table.label}: sheet ignored (its header matches no layout)")
    if not matched:
        return None
    layouts = {match.layout.name for _, match in matched}
    if len(layouts) > 1:
        raise SourceError(f"sheets belong to different layouts ({', '.join(sorted(layouts))})")
    layout = matched[0][1].layout
    found = {match.spec.name for _, match in matched}
    missing = [spec.name for spec in layout.tables if spec.name not in found]
    if missing:
        needs = "; ".join(spec.describe() for spec in layout.tables if spec.name in missing)
        raise SourceError(
            f"looks like {layout.name} but has no table for: {', '.join(missing)} (needs {needs})"
        )
    # Tables are loaded in the layout's own order (e.g. ePCN details before memberships).
    position = {spec.name: index for index, spec in enumerate(layout.tables)}
    matched.sort(key=lambda pair: position[pair[1].spec.name])
    return _Plan(layout, matched)


def _unknown_layout_message(name: str, opened: OpenedFile) -> str:
    headers = []
    for table in opened.tables():
        shown = ", ".join(table.header[:12]) + (", ..." if len(table.header) > 12 else "")
        headers.append(f"  {table.label} header: {shown or '(empty)'}")
    known = "\n".join(f"  - {description}" for description in known_layouts())
    return (
        f"{name}: header matches no known layout; nothing imported.\n"
        + "\n".join(headers)
        + f"\nKnown layouts (columns needed):\n{known}"
    )


def _import(plan: _Plan, result: LoadResult, errors: _Errors, progress: bool) -> None:
    layout = plan.layout
    sink = layout.sink()
    for table, match in plan.tables:
        table_name = match.spec.name
        columns = match.columns
        parse = layout.parse
        with _progress_bar(table, progress) as bar:
            for number, values in table.rows():
                result.rows += 1
                try:
                    objects = parse(table_name, Row(values, columns))
                except RowError as error:
                    errors.add(f"{table.label}:{number}: {error.column}: {error.problem}")
                    objects = ()
                # After the first error nothing will be kept, so stop writing; keep checking
                # to report every problem in one go.
                if not errors:
                    for obj in objects:
                        sink.add(table_name, obj)
                if result.rows % PROGRESS_EVERY == 0:
                    bar.move_to(table.position())
            bar.move_to(table.position())
    if not errors:
        result.stored = sink.close()


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return None

    def move_to(self, position: int) -> None:
        return None


class _Bar(_NoBar):
    def __init__(self, table: Table):
        from tqdm import tqdm

        self.bar = tqdm(
            total=table.size or None,
            unit=table.unit,
            unit_scale=table.unit == "B",
            desc=table.label,
            leave=False,
            file=sys.stderr,
        )

    def __exit__(self, *exc_info):
        self.bar.close()

    def move_to(self, position: int) -> None:
        if position > self.bar.n:
            self.bar.update(position - self.bar.n)


def _progress_bar(table: Table, enabled: bool):
    return _Bar(table) if enabled else _NoBar()


def _is_terminal(stdout) -> bool:
    stream = stdout if stdout is not None else sys.stdout
    try:
        return bool(stream.isatty()) and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _log(result: LoadResult, sha256: str, started_at) -> None:
    errors = result.error_lines(KEPT_ERRORS)
    ImportLog.objects.create(
        file_name=result.file_name[: ImportLog._meta.get_field("file_name").max_length],
        layout=result.layout,
        sha256=sha256,
        status=result.status,
        rows=result.rows,
        errors="\n".join(errors),
        started_at=started_at,
        finished_at=timezone.now(),
    )


def _report(result: LoadResult, stdout) -> None:
    if stdout is None:
        return
    stdout.write(result.summary() + "\n")
    for note in result.notes:
        stdout.write(f"  note: {note}\n")
    for error in result.error_lines():
        for line in error.splitlines():
            stdout.write(f"  {line}\n")
