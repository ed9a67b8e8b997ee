"""The register against the NHS census in a real browser, as the demo PCN manager: from the staff
register to the comparison, a difference marked explained (a reason refused first when empty),
and the register downloaded in the workforce collection's shape. Each page axe-clean at 1280 and
375 pixels wide."""

import csv
import io
import re

from playwright.sync_api import expect

from pcn.workforce.census_return import COLUMNS

from .conftest import check_accessibility, demo_email, sign_in

NARROW = {"width": 375, "height": 800}
WIDE = {"width": 1280, "height": 900}


def _check_both_widths(page, name):
    check_accessibility(page, f"{name}-1280")
    page.set_viewport_size(NARROW)
    check_accessibility(page, f"{name}-375")
    page.set_viewport_size(WIDE)


def test_the_pcn_manager_reconciles_the_register_with_the_census(new_page):
    page = new_page()
    sign_in(page, demo_email("pcn-manager"))
    page.goto("/staff/")
    page.get_by_role("link", name="Register and the NHS census").click()

    expect(page.get_by_role("heading", name="Register and the NHS census")).to_be_visible()
    expect(page.get_by_text("census of Tue 30 Jun 2026")).to_be_visible()
    counts = page.get_by_test_id("census-counts")
    expect(counts.get_by_test_id("count-matched")).to_contain_text("29")
    expect(counts.get_by_test_id("count-differences")).to_contain_text("4")
    differences = page.get_by_test_id("differences")
    expect(differences.locator("tbody tr")).to_have_count(4)
    expect(differences).to_contain_text("check their leaving date")
    _check_both_widths(page, "census")

    # Explain the first difference: an empty reason is refused, naming the box.
    row = differences.locator("tbody tr").first
    name = row.locator("td:first-child a").first.inner_text()
    row.get_by_role("link", name=re.compile("Mark explained")).click()
    expect(page.get_by_role("heading", name="Mark a difference explained")).to_be_visible()
    expect(page.get_by_test_id("difference")).to_contain_text(name)
    page.get_by_role("button", name="Mark explained").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter why this difference is as it should be, in a sentence."
    )
    _check_both_widths(page, "census-explain")
    page.get_by_label("Why is this as it should be?").fill(
        "Left in June: the return had been sent before they went."
    )
    page.get_by_role("button", name="Mark explained").click()

    expect(page.get_by_text(f"Marked explained: {name}")).to_be_visible()
    expect(page.get_by_test_id("count-differences")).to_contain_text("3")
    expect(page.get_by_test_id("count-explained")).to_contain_text("1")
    explained = page.get_by_test_id("explained")
    expect(explained).to_contain_text(name)
    expect(explained).to_contain_text("the return had been sent before they went")
    expect(page.get_by_test_id("differences")).not_to_contain_text(name)
    page.get_by_text("Show the 29 people who match").click()
    _check_both_widths(page, "census-explained")

    # The export for the next return.
    with page.expect_download() as download_info:
        page.get_by_test_id("census-export").click()
    download = download_info.value
    assert re.fullmatch(
        r"nhs-workforce-return-U35980-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename
    )
    with open(download.path(), encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(io.StringIO(file.read())))
    assert list(rows[0]) == COLUMNS
    assert any(r["DETAILED_STAFF_ROLE"] == "Pharmacist" for r in rows)
