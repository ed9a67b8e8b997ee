"""Every [S1]-style source key is a link to its entry on the sources page, named for what it is."""

import csv
import re
from pathlib import Path

from django.urls import reverse

from pcn.money import streams
from pcn.reference.source_keys import BY_KEY, source_links
from tests.conftest import text

MAXIMA = Path(__file__).parents[2] / "data" / "reference" / "arrs_maxima.csv"


def test_a_source_key_becomes_a_link_with_the_sources_title_as_its_name():
    html = str(source_links("£26.631 × weighted population [S1][S4] <b>"))
    assert html.startswith('£26.631 × weighted population [<a href="/nhs-data/#source-S1"')
    assert '<span class="nhsuk-u-visually-hidden">Source </span>S1' in html
    assert (
        '<span class="nhsuk-u-visually-hidden">: Humberside LMC, Network Contract DES 2025/26</span>'
        in html
    )
    assert html.endswith("&lt;b&gt;")  # the rest of the text is escaped


def test_a_key_not_in_the_list_is_left_as_it_was():
    assert str(source_links("from our ICB [X9] [S999]")) == "from our ICB [X9] [S999]"


def test_every_key_the_rates_and_maxima_cite_is_on_the_sources_page():
    cited = set()
    for year in streams.PUBLISHED.values():
        for published in year.values():
            cited.update(re.findall(r"\[([SG]\d+)\]", published.source))
    with open(MAXIMA, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            cited.update(re.findall(r"\[([SG]\d+)\]", row["sources"] + row["method"]))
    assert cited and cited <= set(BY_KEY)


def test_the_sources_page_has_an_entry_for_each_key(client, db):
    page = text(client.get(reverse("reference:sources")))
    assert '<li id="source-S1"><strong>S1</strong>' in page
    assert 'id="source-G2"' in page


def test_the_entitlements_link_their_rates_sources(demo, as_role):
    page = text(as_role("Clinical director").get(reverse("money:overview") + "?year=2025/26"))
    assert "[S1][S4]" not in page
    assert 'href="/nhs-data/#source-S1"' in page
    assert "Source </span>S1<span" in page
    rates = text(as_role("PCN manager").get(reverse("money:rates")))
    assert 'href="/nhs-data/#source-S1"' in rates
    maxima = text(as_role("PCN manager").get(reverse("money:maxima")))
    assert "#source-" in maxima and not re.search(r"\((\[[SG]\d+\])+\)", maxima)
