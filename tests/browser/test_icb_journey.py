"""An ICB user signs in and lands on their ICB's page, compares its networks with each other and
with the ICB's PCNs in the census, opens one network's overview (read-only) and downloads the
figures for Excel. Checked with axe at 1280 and at 375 pixels wide."""

import csv
import io
import re
from pathlib import Path

from playwright.sync_api import expect

from .conftest import check_accessibility, sign_in

ICB_USER = "icb.qyg@demo.pcn-commons.local"


def test_an_icb_user_compares_networks_opens_one_and_downloads_the_figures(new_page):
    page = new_page()
    sign_in(page, ICB_USER)
    expect(page).to_have_url(re.compile("/icb/QYG/$"))
    expect(page.locator("main h1")).to_contain_text("Cheshire and Merseyside")

    networks = page.get_by_test_id("icb-networks")
    ours = networks.get_by_test_id("network-U35980")
    expect(ours).to_contain_text("Central Liverpool PCN")
    expect(ours.get_by_test_id("high-risk")).to_have_text(re.compile(r"^\d+$"))
    expect(ours.get_by_test_id("unspent")).to_contain_text("£")
    expect(page.get_by_test_id("icb-roles")).to_contain_text("Clinical Pharmacist")
    census = page.get_by_test_id("icb-census")
    expect(census.locator("tbody tr").first).to_be_visible()
    expect(census.get_by_test_id("census-U35980")).to_have_count(0)
    expect(page.get_by_role("heading", name=re.compile("census figures"))).to_be_visible()
    check_accessibility(page, "icb-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    check_accessibility(page, "icb-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})

    with page.expect_download() as download:
        page.get_by_test_id("download-networks").first.click()
    file = download.value
    assert re.fullmatch(r"icb-qyg-networks-\d{4}-\d{2}-\d{2}\.csv", file.suggested_filename)
    rows = list(csv.reader(io.StringIO(Path(file.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][:2] == ["PCN code", "Network"]
    assert any(row[0] == "U35980" for row in rows[1:])

    ours.get_by_role("link", name="Central Liverpool PCN").click()
    expect(page.locator("main h1")).to_have_text("Central Liverpool PCN")
    expect(page.get_by_test_id("read-only")).to_be_visible()
    expect(page.get_by_test_id("overview-table")).to_contain_text("Dingle Park Practice")
    expect(page.locator("main form")).to_have_count(0)
    check_accessibility(page, "icb-network-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    check_accessibility(page, "icb-network-375")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name=re.compile("Back to")).click()
    expect(page).to_have_url(re.compile("/icb/QYG/$"))
    # A network page of their own they have none: the network's pages send them back here.
    page.goto("/overview/")
    expect(page).to_have_url(re.compile("/icb/QYG/$"))
