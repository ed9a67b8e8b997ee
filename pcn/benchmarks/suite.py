"""How long the test suite takes: the README's test command (`make test`) in this checkout and
in a baseline revision checked out beside it, one after the other on the same machine, on
SQLite and on PostgreSQL. Each checkout installs what it needs first (not timed), so each
revision runs exactly as its own README says."""

import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

SECTION = "Test suite: the README's test command, before and after"
POSTGRES = "postgres://postgres@127.0.0.1:5432/{name}"
SUMMARY = re.compile(r"=+ (?P<counts>[^=]*?) in [\d.]+s")


@dataclass
class Timing:
    label: str  # "baseline 7e93405" or "this checkout 0a6f045"
    database: str  # "SQLite" or "PostgreSQL"
    seconds: list[float] = field(default_factory=list)
    counts: str = ""  # pytest's last summary, e.g. "821 passed"

    @property
    def median(self):
        return statistics.median(self.seconds)


def revision(checkout: Path, rev="HEAD") -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", rev], cwd=checkout, capture_output=True, text=True,
        check=True,
    ).stdout.strip()  # fmt: skip


def baseline_checkout(rev: str) -> Path:
    """`rev` in a temporary work tree, with the front-end files this checkout already has (the
    same package-lock), so nothing is fetched from npm."""
    root = Path(tempfile.mkdtemp(prefix="pcn-suite-baseline-"))
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(root), rev],
        cwd=settings.BASE_DIR, check=True, capture_output=True,
    )  # fmt: skip
    modules = settings.BASE_DIR / "node_modules"
    if modules.exists():
        shutil.copytree(modules, root / "node_modules", symlinks=True)
    return root


def remove_checkout(root: Path):
    subprocess.run(
        ["git", "worktree", "remove", "--force", str(root)],
        cwd=settings.BASE_DIR, check=False, capture_output=True,
    )  # fmt: skip
    shutil.rmtree(root, ignore_errors=True)


def time_suite(checkout: Path, database_url: str | None, timing: Timing, echo=print):
    """One run of `make test` in `checkout`; its wall time and summary go into `timing`."""
    # The tests choose their own settings; this command's would override them.
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    subprocess.run(["make", "install", "assets"], cwd=checkout, env=env, check=True,
                   capture_output=True)  # fmt: skip
    started = time.monotonic()
    done = subprocess.run(["make", "test"], cwd=checkout, env=env, capture_output=True, text=True)
    timing.seconds.append(time.monotonic() - started)
    found = SUMMARY.findall(done.stdout)
    timing.counts = found[-1] if found else f"no summary (exit {done.returncode})"
    echo(f"{timing.label}, {timing.database}: {timing.seconds[-1]:.0f} s, {timing.counts}")


def markdown(timings: list[Timing], runs: int) -> str:
    rows = [
        "| Database | Revision | Wall time (median) | Tests | Faster by |",
        "|---|---|---:|---|---:|",
    ]
    by_database = {}
    for t in timings:
        by_database.setdefault(t.database, []).append(t)
    for database, (before, after) in by_database.items():
        for t, ratio in ((before, ""), (after, f"**{before.median / after.median:.1f}×**")):
            minutes = f"{t.median / 60:.1f} min ({t.median:.0f} s)"
            rows.append(f"| {database} | {t.label} | {minutes} | {t.counts} | {ratio} |")
    return (
        f"`python manage.py benchmark_tests --baseline REV`: `make test` from the README in a "
        f"checkout of the baseline revision and in this one, one after the other, {runs} "
        "run(s) each, everything installed before the clock starts. The baseline ran its tests "
        "one at a time and built the demo network again for each test that used it; this "
        "checkout loads the NHS files once per session into a reference database that every "
        "worker and server copies, builds the shared test world once per worker, rolls each "
        "test back, and runs the browser journeys in two groups, each on a server of its own, "
        "beside the rest.\n\n" + "\n".join(rows)
    )
