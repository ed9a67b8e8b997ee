"""Fuzz tests: derandomised (the same examples every run, so CI is reproducible), few examples
each, no deadline (pages are timed by the benchmarks, not here)."""

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "fuzz",
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/fuzz/" in str(item.path):
            item.add_marker(pytest.mark.fuzz)
