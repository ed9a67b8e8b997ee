"""The allocation pages ask the database the same number of questions for a network of 6
practices and 33 staff as for the PCN with the most records in the NHS workforce file."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import signed_in

PAGES = [
    "allocation:allocation",
    "allocation:services",
    "allocation:compare",
    "allocation:scenarios",
    "allocation:ledger",
]


def _queries(user, url):
    client = signed_in(user)
    client.get(url)  # the first request warms per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


# The big network is built once for this module (tests/conftest.py), on one test worker.
pytestmark = pytest.mark.xdist_group("biggest-network-allocation")


@pytest.mark.parametrize("page", PAGES)
def test_allocation_pages_ask_a_fixed_number_of_queries(demo, biggest_network, page):
    big = biggest_network
    assert big.network.staff.count() > 5 * demo.network.staff.count()
    assert big.network.services.count() >= demo.network.services.count()
    url = reverse(page)
    small_count = _queries(demo.user("PCN manager"), url)
    big_count = _queries(big.user("PCN manager"), url)
    assert small_count == big_count
