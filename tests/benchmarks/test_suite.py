"""The test-suite benchmark's report: pytest's own summary read back, medians and the ratio."""

from pcn.benchmarks import suite


def test_the_summary_is_read_from_pytests_last_line():
    out = (
        "........ [100%]\n"
        "=========================== short test summary info ============================\n"
        "FAILED tests/api/test_staff_api.py::test_x\n"
        "================= 4 failed, 817 passed in 768.43s (0:12:48) ==================\n"
    )
    assert suite.SUMMARY.findall(out)[-1] == "4 failed, 817 passed"


def test_each_database_compares_the_median_of_its_runs_with_the_baseline():
    timings = [
        suite.Timing("baseline abc1234", "SQLite", [800.0, 760.0, 780.0], "4 failed, 817 passed"),
        suite.Timing("this checkout def5678", "SQLite", [260.0, 240.0, 250.0], "834 passed"),
        suite.Timing("baseline abc1234", "PostgreSQL", [1200.0], "821 passed"),
        suite.Timing("this checkout def5678", "PostgreSQL", [300.0], "834 passed"),
    ]
    table = suite.markdown(timings, runs=3)
    assert "| SQLite | baseline abc1234 | 13.0 min (780 s) | 4 failed, 817 passed |  |" in table
    assert "| SQLite | this checkout def5678 | 4.2 min (250 s) | 834 passed | **3.1×** |" in table
    assert (
        "| PostgreSQL | this checkout def5678 | 5.0 min (300 s) | 834 passed | **4.0×** |" in table
    )
    assert "3 run(s) each" in table
