"""The workforce pages ask the database the same number of questions for 33 staff as for 336.

Both registers are the demo's, built from real NHS workforce records: Central Liverpool PCN
(U35980) and U85476, the PCN with the most records in the file.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import signed_in

PAGES = [
    "workforce:register",
    "workforce:teams",
    "workforce:belonging",
    "workforce:pulse_results",
    "workforce:retention",
    "workforce:overdue_supervision",
]


# The big network is built once for this module (tests/conftest.py), on one test worker.
pytestmark = pytest.mark.xdist_group("biggest-network-workforce")


@pytest.fixture
def small_and_big(demo, biggest_network):
    return demo, biggest_network


def _queries(user, url):
    client = signed_in(user)
    client.get(url)  # the first request warms per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_the_big_register_really_is_big(small_and_big):
    small, big = small_and_big
    assert small.network.staff.count() < 50
    assert big.network.staff.count() >= 300


@pytest.mark.parametrize("page", PAGES)
def test_a_page_asks_as_many_queries_for_336_staff_as_for_33(small_and_big, page):
    small, big = small_and_big
    url = reverse(page)
    assert _queries(small.user("PCN manager"), url) == _queries(big.user("PCN manager"), url)


@pytest.mark.parametrize("page", ["home:my_work"])
def test_my_work_asks_as_many_queries_in_a_big_network(small_and_big, page):
    small, big = small_and_big
    url = reverse(page)
    assert _queries(small.user("Staff member"), url) == _queries(big.user("Staff member"), url)


def test_a_person_page_asks_as_many_queries_in_a_big_network(small_and_big):
    counts = []
    for world in small_and_big:
        # Alike in what the page shows: in post, supervised, in a team.
        person = (
            world.network.staff.filter(
                is_draft=False, end_date__isnull=True, supervisor__isnull=False, teams__isnull=False
            )
            .distinct()
            .first()
        )
        counts.append(
            _queries(world.user("PCN manager"), reverse("workforce:person", args=[person.pk]))
        )
    assert counts[0] == counts[1]
