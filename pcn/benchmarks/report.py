"""Writing benchmark results into docs/benchmarks.md, one section per benchmark command."""

import os
import platform
import re
import statistics
import time
from datetime import date

from django.conf import settings

BENCHMARKS_FILE = settings.BASE_DIR / "docs" / "benchmarks.md"


def machine():
    return f"{os.cpu_count()} cores, Python {platform.python_version()}, {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"


def median_ms(seconds):
    return statistics.median(seconds) * 1000


def time_page(client, url, repeat):
    """([seconds] of `repeat` requests, queries of one) for a page through the full Django
    stack, once warmed up; a page that does not answer 200 stops the benchmark."""
    from django.db import connection, reset_queries
    from django.test.utils import override_settings

    client.get(url)  # warm caches and compiled templates
    with override_settings(DEBUG=True):
        reset_queries()
        response = client.get(url)
        queries = len(connection.queries)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - start)
    return timings, queries


def time_pages(pages, repeat, write):
    """Table rows `| name | median | p90 | × the first | queries |` for [(name, client, url)],
    the first page being the run's baseline; each figure is also told through `write`."""
    rows, baseline = [], None
    for name, client, url in pages:
        timings, queries = time_page(client, url, repeat)
        median = median_ms(timings)
        baseline = baseline or median
        p90 = statistics.quantiles(timings, n=10)[-1] * 1000
        rows.append(f"| {name} | {median:.1f} | {p90:.1f} | {median / baseline:.1f}× | {queries} |")
        write(f"{name}: median {median:.1f} ms, p90 {p90:.1f} ms, {queries} queries")
    return rows


def write_section(title, body):
    """Replace the section headed `## title` (or add it), leaving the others as they are."""
    BENCHMARKS_FILE.parent.mkdir(parents=True, exist_ok=True)
    text = BENCHMARKS_FILE.read_text() if BENCHMARKS_FILE.exists() else "# Benchmarks\n"
    section = (
        f"## {title}\n\n_Measured {date.today():%d %B %Y} on {machine()}._\n\n{body.strip()}\n"
    )
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(section + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    BENCHMARKS_FILE.write_text(text.rstrip("\n") + "\n")
