"""How long loading every shipped NHS file takes, and how much memory, against just reading them.

Each run happens in a child process so its peak memory (ru_maxrss) is its own, and, unless
asked to load in place, into a fresh SQLite database in a temporary directory.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

from pcn.reference.files import OpenedFile
from pcn.reference.loader import load_file, shipped_files

SECTION = "## Loading all shipped NHS files"
TARGET_SECONDS = 60
TARGET_BYTES = 1024**3
RESULT_MARK = "BENCHMARK-RESULT "


# --- inside the child process -------------------------------------------------------------


def peak_memory_bytes() -> int:
    # Linux reports kilobytes, macOS bytes.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def database_description() -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        version = connection.pg_version
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    return connection.vendor


def timed_load(paths: list[Path]) -> dict:
    """Load every file (forced, so a reused database still does the work)."""
    files = []
    started = time.perf_counter()
    for path in paths:
        result = load_file(path, force=True)
        files.append(
            {
                "name": path.name,
                "layout": result.layout,
                "status": result.status,
                "rows": result.rows,
                "stored": result.stored,
                "seconds": result.seconds,
                "errors": result.error_lines(5),
            }
        )
    return {
        "files": files,
        "seconds": time.perf_counter() - started,
        "peak_bytes": peak_memory_bytes(),
        "database": database_description(),
    }


def timed_parse(paths: list[Path]) -> dict:
    """Only stream each file's rows through the same readers: no checks, no database."""
    files = []
    started = time.perf_counter()
    for path in paths:
        clock = time.perf_counter()
        rows = 0
        with OpenedFile(path) as opened:
            for table in opened.tables():
                for _ in table.rows():
                    rows += 1
        files.append({"name": path.name, "rows": rows, "seconds": time.perf_counter() - clock})
    return {
        "files": files,
        "seconds": time.perf_counter() - started,
        "peak_bytes": peak_memory_bytes(),
    }


def child_main(mode: str, stdout) -> None:
    paths = shipped_files()
    if mode == "load":
        if os.environ.get("PCN_BENCHMARK_FRESH_DB"):
            from django.core.management import call_command

            call_command("migrate", "reference", verbosity=0)
        outcome = timed_load(paths)
    else:
        outcome = timed_parse(paths)
    stdout.write(RESULT_MARK + json.dumps(outcome) + "\n")


# --- in the parent ------------------------------------------------------------------------


@dataclass
class Report:
    files: list[dict]
    load_runs: list[dict]
    parse_runs: list[dict]
    in_place: bool
    database: str
    settings_module: str = field(
        default_factory=lambda: os.environ.get("DJANGO_SETTINGS_MODULE", "")
    )

    def median_load(self, name: str | None = None) -> float:
        return _median(self.load_runs, name)

    def median_parse(self, name: str | None = None) -> float:
        return _median(self.parse_runs, name)

    @property
    def peak_bytes(self) -> int:
        return max(run["peak_bytes"] for run in self.load_runs)

    @property
    def parse_peak_bytes(self) -> int:
        return max(run["peak_bytes"] for run in self.parse_runs)

    @property
    def rows(self) -> int:
        return sum(f["rows"] for f in self.files)

    @property
    def stored(self) -> int:
        return sum(f["stored"] for f in self.files)

    @property
    def all_loaded(self) -> bool:
        return all(
            run_file["status"] == "loaded" for run in self.load_runs for run_file in run["files"]
        )

    @property
    def meets_targets(self) -> bool:
        return (
            self.all_loaded
            and self.median_load() <= TARGET_SECONDS
            and self.peak_bytes <= TARGET_BYTES
        )


def _median(runs: list[dict], name: str | None) -> float:
    if name is None:
        return statistics.median(run["seconds"] for run in runs)
    return statistics.median(
        f["seconds"] for run in runs for f in run["files"] if f["name"] == name
    )


def _child(mode: str, *, in_place: bool) -> dict:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = settings.SETTINGS_MODULE
    with tempfile.TemporaryDirectory(prefix="pcn-benchmark-") as directory:
        if mode == "load" and not in_place:
            # A fresh SQLite database: the settings put it in PCN_DATA_DIR when no DATABASE_URL.
            env.pop("DATABASE_URL", None)
            env["PCN_DATA_DIR"] = directory
            env["PCN_BENCHMARK_FRESH_DB"] = "1"
        completed = subprocess.run(
            [sys.executable, "-m", "django", "benchmark_load", "--child", mode],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    for line in completed.stdout.splitlines():
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK) :])
    raise RuntimeError(
        f"benchmark child ({mode}) failed with exit code {completed.returncode}:\n"
        f"{completed.stderr[-3000:]}"
    )


def run(*, repeat: int, in_place: bool, stdout) -> Report:
    load_runs, parse_runs = [], []
    for number in range(1, repeat + 1):
        parse_runs.append(_child("parse", in_place=in_place))
        load = _child("load", in_place=in_place)
        load_runs.append(load)
        stdout.write(
            f"run {number}/{repeat}: load {load['seconds']:.1f} s, "
            f"peak {load['peak_bytes'] / 2**20:.0f} MB; "
            f"parse only {parse_runs[-1]['seconds']:.1f} s\n"
        )
        for run_file in load["files"]:
            if run_file["status"] != "loaded":
                stdout.write(f"  {run_file['name']}: {run_file['status']}\n")
                for line in run_file["errors"]:
                    stdout.write(f"    {line}\n")
    return Report(
        files=load_runs[0]["files"],
        load_runs=load_runs,
        parse_runs=parse_runs,
        in_place=in_place,
        database=load_runs[0]["database"],
    )


def _ratio(load: float, parse: float) -> str:
    return f"{load / parse:.1f}×" if parse > 0 else "–"


def table_lines(report: Report) -> list[str]:
    lines = [
        "| file | layout | rows read | rows stored | load (s) | parse only (s) | load ÷ parse |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for f in report.files:
        load, parse = report.median_load(f["name"]), report.median_parse(f["name"])
        lines.append(
            f"| `{f['name']}` | {f['layout']} | {f['rows']:,} | {f['stored']:,} | {load:.1f} "
            f"| {parse:.2f} | {_ratio(load, parse)} |"
        )
    load, parse = report.median_load(), report.median_parse()
    lines.append(
        f"| **all files** | | **{report.rows:,}** | **{report.stored:,}** | **{load:.1f}** "
        f"| {parse:.2f} | {_ratio(load, parse)} |"
    )
    return lines


def summary_lines(report: Report) -> list[str]:
    load, parse = report.median_load(), report.median_parse()
    verdict = "met" if report.meets_targets else "NOT met"
    return [
        f"Total (median of {len(report.load_runs)}): load {load:.1f} s, parse only {parse:.2f} s, "
        f"load ÷ parse {_ratio(load, parse)}",
        f"Peak memory of the loading process (worst run): {report.peak_bytes / 2**20:.0f} MB "
        f"(parse only: {report.parse_peak_bytes / 2**20:.0f} MB)",
        f"Targets (all of England ≤ {TARGET_SECONDS} s and ≤ 1 GB): {verdict}",
    ]


def machine() -> str:
    return (
        f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), "
        f"{platform.system()} {platform.machine()}, Python {platform.python_version()}"
    )


def markdown_section(report: Report, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    where = (
        "into the configured database, in place"
        if report.in_place
        else "each into a fresh temporary database"
    )
    load, parse = report.median_load(), report.median_parse()
    verdict = "**met**" if report.meets_targets else "**not met**"
    runs = ", ".join(f"{run['seconds']:.1f}" for run in report.load_runs)
    lines = [
        SECTION,
        "",
        _paragraph(
            f"_Measured {today.isoformat()}_ with `python manage.py benchmark_load "
            f"--repeat {len(report.load_runs)}{' --in-place' if report.in_place else ''}`: "
            f"every file in `data/reference/` loaded (forced) {len(report.load_runs)} times, "
            f"{where}; figures are medians."
        ),
        "",
        f"- Machine: {machine()}",
        f"- Database: {report.database}; settings `{report.settings_module}`",
        f"- Whole runs: {runs} s",
        f"- Targets: all of England loaded in ≤ {TARGET_SECONDS} s with ≤ 1 GB peak memory — "
        f"{verdict} ({load:.1f} s, {report.peak_bytes / 2**20:.0f} MB)",
        "",
        *table_lines(report),
        "",
        _paragraph(
            "Peak memory is the loading process's maximum resident set size (`ru_maxrss`, worst "
            f"run), Django included: {report.peak_bytes / 2**20:.0f} MB. A process that only "
            f"reads the files peaks at {report.parse_peak_bytes / 2**20:.0f} MB."
        ),
        "",
        _paragraph(
            '"Parse only" streams the same files through the same readers (the `csv` module, '
            "openpyxl for the workbook) without checking values or touching the database; "
            f"load ÷ parse ({_ratio(load, parse)} overall) is what checking every row and "
            "writing it in batches costs on top."
        ),
        "",
    ]
    return "\n".join(lines)


def _paragraph(text: str) -> str:
    return textwrap.fill(text, width=100, break_long_words=False, break_on_hyphens=False)


def update_document(path: Path, section: str) -> None:
    """Replace this benchmark's section in the document (or add it), keeping the others."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.rstrip("\n") + "\n")
