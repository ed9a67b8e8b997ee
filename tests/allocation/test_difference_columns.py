"""Every difference column says what it is the difference of, and sits beside what it compares."""

import re

from django.urls import reverse

from pcn.allocation import queries
from tests.conftest import text


def _headers(table_html):
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table_html, re.S)
    ]


def test_the_difference_from_the_fair_share_is_labelled_and_sits_beside_the_fair_share(
    demo, as_role
):
    page = text(as_role("Practice manager of Dingle Park").get(reverse("allocation:allocation")))
    tables = re.findall(r'<table class="nhsuk-table app-allocation-table">.*?</table>', page, re.S)
    assert tables
    for table in tables:
        headers = _headers(table)
        assert "Difference" not in headers
        at = headers.index("Allocated − fair share")
        assert headers[at - 1] == "Fair share" and headers[at - 2] == "Allocated"
        assert headers[at + 1] == "Equal split"
    assert "above zero (+) it gets more than its fair share this week" in page


def test_the_difference_cell_is_allocated_less_fair_share(demo, as_role):
    allocation = queries.allocation_page(demo.network)
    row = next(r for v in allocation.services for r in v.rows if r["allocated"] != r["fair_share"])
    assert row["difference"] == round(row["allocated"] - row["fair_share"], 2)
    page = text(as_role("PCN manager").get(reverse("allocation:allocation")))
    cells = re.findall(r'data-testid="allocated-less-fair-share">([^<]*)<', page)
    assert f"{row['difference']:+.2f}" in cells


def test_the_comparison_names_which_allocation_is_taken_from_which(demo, as_role):
    page = text(
        as_role("Observer").get(reverse("allocation:compare"), {"a": "equal", "b": "current"})
    )
    headers = _headers(re.search(r'data-testid="comparison">.*?</table>', page, re.S).group(0))
    assert "Difference" not in headers
    assert "Current settings − Equal split" in headers
    assert "above zero (+), the practice gets more sessions a week under Current settings" in page
