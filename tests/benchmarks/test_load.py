"""The benchmark's write-up: figures in docs/benchmarks.md, other sections left alone."""

import datetime as dt

from pcn.benchmarks.load import SECTION, Report, markdown_section, update_document


def report(seconds):
    def run(total):
        files = [
            {"name": "map.zip", "layout": "practice_map", "status": "loaded", "rows": 10,
             "stored": 12, "seconds": total},
        ]  # fmt: skip
        return {"files": files, "seconds": total, "peak_bytes": 120 * 2**20, "database": "SQLite"}

    parse = [{"files": [{"name": "map.zip", "rows": 10, "seconds": 0.5}], "seconds": 0.5,
              "peak_bytes": 70 * 2**20}] * len(seconds)  # fmt: skip
    return Report(
        files=run(seconds[0])["files"],
        load_runs=[run(s) for s in seconds],
        parse_runs=parse,
        in_place=False,
        database="SQLite",
    )


def test_section_gives_medians_memory_targets_and_the_parse_ratio():
    section = markdown_section(report([30.0, 50.0, 40.0]), today=dt.date(2026, 11, 22))
    assert section.startswith(SECTION + "\n")
    assert "_Measured 2026-11-22_" in section
    assert "**met** (40.0 s, 120 MB)" in section
    assert "| **all files** | | **10** | **12** | **40.0** | 0.50 | 80.0× |" in section
    assert "Whole runs: 30.0, 50.0, 40.0 s" in section


def test_a_run_over_a_minute_does_not_meet_the_target():
    assert not report([61.0]).meets_targets
    assert report([59.0]).meets_targets


def test_updating_replaces_only_this_section(tmp_path):
    path = tmp_path / "benchmarks.md"
    update_document(path, SECTION + "\n\nfirst\n")
    assert path.read_text() == f"# Benchmarks\n\n{SECTION}\n\nfirst\n"

    path.write_text(f"# Benchmarks\n\n## Pages\n\npages\n\n{SECTION}\n\nfirst\n\n## Later\n\nx\n")
    update_document(path, SECTION + "\n\nsecond\n")
    assert path.read_text() == (
        f"# Benchmarks\n\n## Pages\n\npages\n\n{SECTION}\n\nsecond\n\n## Later\n\nx\n"
    )
