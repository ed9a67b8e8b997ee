"""The benchmark pages: every member of a network reads its own, with dates, sources, the chart's
words and the table; anyone signed in reads a PCN's before it is set up; another network's is a
404; and the command prints the contract's JSON for any PCN in the census."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from pcn.benchmarking import england as bench
from pcn.core.models import User
from tests import clock
from tests.conftest import signed_in, text
from tests.test_permissions import ROLES

NOT_SET_UP = "U89141"  # Stockton PCN: in the census, not a network here


@pytest.mark.parametrize("role", ROLES)
def test_every_member_reads_the_benchmark_of_their_network(demo, role):
    response = signed_in(demo.user(role)).get(reverse("benchmarking:benchmark"))
    assert response.status_code == 200
    page = text(response)
    assert "How Central Liverpool PCN compares with England" in page
    assert "Workforce census 30 June 2026; registered patients 1 July 2026" in page
    assert (
        "62nd percentile in England, 63rd among similar PCNs" in page
    )  # all ARRS roles: 4.80 per 10,000
    assert "Census against census, like with like." in page


def test_the_page_shows_each_role_in_the_chart_and_the_table_with_the_register_beside(demo):
    page = text(signed_in(demo.user("PCN manager")).get(reverse("benchmarking:benchmark")))
    # The chart's words for the clinical pharmacists, and their row of the table.
    assert re.search(
        r'aria-label="Clinical Pharmacist: 1\.39 FTE per 10,000 patients, 83rd percentile in '
        r"England and 83rd among similar PCNs\. England's median 0\.8\d",
        page,
    )
    row = re.search(r"<th scope=\"row\">Clinical Pharmacist</th>(.*?)</tr>", page, re.S).group(1)
    cells = re.findall(r'<td class="app-numeric">([^<]*)</td>', row)
    assert cells[:5] == ["6.36", "1.39", "1.15", "83.1", "83.3"]
    # The register today: the demo's clinical pharmacists in post (started, not left), summed.
    register = sum(
        p.wte
        for p in demo.network.staff.filter(role_code="clinical-pharmacist", is_draft=False)
        if (p.start_date is None or p.start_date <= clock.TODAY)
        and (p.end_date is None or p.end_date >= clock.TODAY)
    )
    assert any(
        p.end_date and p.end_date < clock.TODAY or p.start_date and p.start_date > clock.TODAY
        for p in demo.network.staff.filter(role_code="clinical-pharmacist")
    )  # someone left or not started yet, and not counted
    assert cells[-1] == f"{register:.2f}"
    # Roles nobody in England reports are named, not drawn.
    assert "No PCN in England reports these roles in the census" in page
    assert "Consultant Nurse (Primary Care)" in page
    # What similar means, and the similar PCNs named.
    assert "the 15 of NHS Cheshire and Merseyside Integrated Care Board nearest to it" in page
    assert "Eagle Bridge PCN" in page
    assert "27 PCNs in the patients file with no census record" in page


def test_signed_out_visitors_are_sent_to_sign_in(db):
    for url in (reverse("benchmarking:benchmark"), reverse("benchmarking:pcn", args=[NOT_SET_UP])):
        response = Client().get(url)
        assert response.status_code == 302 and reverse("core:sign_in") in response.url


def test_a_pcn_not_set_up_is_benchmarked_by_its_code_without_any_register(db):
    newcomer = User.objects.create_user(email="new@example.nhs.uk", full_name="New", password="x")
    client = signed_in(newcomer)
    setting_up = text(client.get(reverse("networks:set_up"), {"q": NOT_SET_UP}))
    assert "See how your network compares with England" in setting_up
    assert reverse("benchmarking:pcn", args=[NOT_SET_UP]) in setting_up
    response = client.get(reverse("benchmarking:pcn", args=[NOT_SET_UP.lower()]))
    assert response.status_code == 200
    page = text(response)
    assert "How Stockton PCN compares with England" in page
    assert "Your register today" not in page
    assert client.get(reverse("benchmarking:pcn", args=["U99999"])).status_code == 404


def test_another_networks_benchmark_is_a_404_and_its_members_see_theirs(demo, other_demo):
    theirs = reverse("benchmarking:pcn", args=[other_demo.network.pcn_code])
    ours = reverse("benchmarking:pcn", args=[demo.network.pcn_code])
    manager = signed_in(demo.user("PCN manager"))
    assert manager.get(theirs).status_code == 404
    assert manager.post(theirs).status_code == 404
    # Their own code takes them to their own page, with their register.
    response = manager.get(ours)
    assert response.status_code == 302 and response.url == reverse("benchmarking:benchmark")
    # The set-up page shows members the link the minute the network exists.
    setting_up = text(manager.get(reverse("networks:set_up"), {"q": demo.network.pcn_code}))
    assert "This network is already set up" in setting_up
    assert "See how your network compares with England" in setting_up
    outsider = text(
        signed_in(other_demo.user("PCN manager")).get(
            reverse("networks:set_up"), {"q": demo.network.pcn_code}
        )
    )
    assert "See how your network compares with England" not in outsider


def test_a_network_not_in_the_census_is_told_so(demo):
    demo.network.pcn_code = "U05891"  # in the patients file, no census return
    demo.network.save(update_fields=["pcn_code"])
    page = text(signed_in(demo.user("PCN manager")).get(reverse("benchmarking:benchmark")))
    assert "U05891 has no records in the NHS workforce census of 30 June 2026" in page


def test_the_overview_links_to_the_benchmark(demo):
    page = text(signed_in(demo.user("Staff member")).get(reverse("home:overview")))
    assert reverse("benchmarking:benchmark") in page


def test_the_command_prints_the_contract_json_for_any_pcn_in_the_census(db):
    out = StringIO()
    call_command("benchmark_network", NOT_SET_UP, "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures == bench.benchmark_json(NOT_SET_UP)
    assert figures["pcn"] == NOT_SET_UP and len(figures["similar"]) == bench.SIMILAR
    row = figures["roles"][0]
    assert {"role", "fte", "per_10k", "percentile_england", "percentile_similar"} <= set(row)


def test_the_command_reads_as_a_table_without_json(db):
    out = StringIO()
    call_command("benchmark_network", "U35980", stdout=out)
    printed = out.getvalue()
    assert "CENTRAL LIVERPOOL PCN (U35980)" in printed
    assert "Workforce census 30 June 2026; registered patients 1 July 2026" in printed
    assert re.search(r"Clinical Pharmacist\s+6\.36\s+1\.389\s+83\.1\s+83\.3", printed)


def test_the_command_refuses_an_unknown_code_clearly(db):
    with pytest.raises(CommandError, match="No PCN has the code U99999 in the loaded NHS files"):
        call_command("benchmark_network", "U99999", "--json", stdout=StringIO())
    with pytest.raises(CommandError, match="U05891 has no records in the workforce census"):
        call_command("benchmark_network", "U05891", stdout=StringIO())
