"""Every page fits a phone (375 px) and a desktop (1280 px): for each demo role, follow every
link from where they land, within the network, and on each page measure that the page itself
never scrolls sideways and that every table is either wholly in view or inside a labelled
region that scrolls, with its cue shown when it does.

Pages of one kind (one URL pattern) differ only by their object, so one of each is measured, by
the first role to reach it (the PCN manager, who sees most, walks first); later roles still
walk every link, to reach the kinds only they are shown. Pages added later are found because
the walk follows links."""

import re
import time
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from tests.test_links import Links, kind_of

from .conftest import KEEP_EVERY_SCREENSHOT, SCREENSHOTS, check_accessibility, demo_email, sign_in

# One page of each kind: enough to meet every layout, and the walk of five roles stays quick.
SAMPLES_OF_EACH_KIND = 1
ROLES = ["pcn-manager", "clinical-director", "pm-n82054", "pharmacist", "icb-observer"]
WIDTHS = (375, 1280)
# Leaving, choosing another network, and files or feeds rather than pages.
NOT_WALKED = {"core:sign_out", "home:index"}
FILES = re.compile(r"csv|xlsx|feed|ics|export")  # downloads, not pages

# What is wrong with the page at the window's width, as a list of sentences (empty if nothing).
MEASURE = """
() => {
  const width = window.innerWidth;
  const problems = [];
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    const testid = el.getAttribute("data-testid");
    if (testid) name += `[data-testid=${testid}]`;
    const classes = [...el.classList].slice(0, 2);
    if (classes.length) name += "." + classes.join(".");
    const text = (el.innerText || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    return text ? `${name} "${text}"` : name;
  };
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth > width) {
    // The deepest elements past the right edge, outside the regions made to scroll.
    const past = [...document.body.querySelectorAll("*")].filter((el) => {
      if (el.closest(".app-table-scroll") && !el.matches(".app-table-scroll")) return false;
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.right > width + 1;
    });
    const deepest = past.filter((el) => !past.some((other) => other !== el && el.contains(other)));
    problems.push(
      `the page is ${scrollWidth} px wide: ` + deepest.slice(0, 4).map(describe).join("; ")
    );
  }
  for (const table of document.querySelectorAll("main table")) {
    const box = table.getBoundingClientRect();
    if (box.width === 0) continue;  // not shown (a closed details, say)
    const region = table.closest(".app-table-scroll");
    if (region) {
      if (region.getAttribute("role") !== "region" || !region.getAttribute("aria-label")) {
        problems.push(`${describe(table)} scrolls in a region without a role or a label`);
      }
      if (region.scrollWidth > region.clientWidth + 1) {
        const wrap = region.closest(".app-table-scroll-wrap");
        const hint = wrap && wrap.querySelector(".app-table-scroll__hint");
        if (!(hint && hint.offsetParent)) {
          problems.push(`${describe(table)} scrolls sideways with no cue that it does`);
        }
        if (region.getAttribute("tabindex") !== "0") {
          problems.push(`${describe(table)} scrolls sideways but the keyboard cannot reach it`);
        }
      }
      continue;
    }
    let cut = box.left < -1 || box.right > width + 1;
    for (let up = table.parentElement; up && !cut; up = up.parentElement) {
      if (getComputedStyle(up).overflowX === "visible") continue;
      const edge = up.getBoundingClientRect();
      cut = box.left < edge.left - 1 || box.right > edge.right + 1;
    }
    if (cut) problems.push(`${describe(table)} is cut off, outside a region that scrolls`);
  }
  return problems;
}
"""

# Links on the page, as absolute addresses.
LINKS = "() => [...document.querySelectorAll('a[href]')].map((a) => a.href)"


def _walkable(url, origin):
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    if parts.path.startswith(("/static/", "/api/", "/admin/")):
        return None
    kind = kind_of(parts.path)
    if kind is None or kind in NOT_WALKED or FILES.search(kind):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else ""), kind


def _measure(page, width, kind):
    page.set_viewport_size({"width": width, "height": 900})
    # Let the header's script settle its menu for the new width before measuring.
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")
    if KEEP_EVERY_SCREENSHOT:  # one of each kind of page at each width, to look at
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = f"width-{width}-{kind.replace(':', '-')}.png"
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
    return page.evaluate(MEASURE)


def _links_in(address, html):
    parser = Links()
    parser.feed(html)
    return [urljoin(address, href) for href in parser.hrefs]


def walk(page, origin, measured):
    """[(address, width, problem)] on every page reached by links from where `page` stands.
    A kind of page in `measured` was measured for an earlier role: its links are read without
    laying it out again, which keeps the five walks quick."""
    start = urlsplit(page.url)
    start = start.path + (f"?{start.query}" if start.query else "")
    seen, per_kind, problems = {start}, {}, []
    queue = deque([start])
    while queue:
        address = queue.popleft()
        kind = kind_of(urlsplit(address).path)
        if kind in measured:
            response = page.context.request.get(origin + address)
            status, content_type = response.status, response.headers.get("content-type", "")
        else:
            response = page.goto(address)
            status = response.status if response else None
            content_type = response.headers.get("content-type", "") if response else ""
        if status != 200:
            problems.append((address, "-", f"answered {status}"))
            continue
        if "text/html" not in content_type:
            continue
        if kind in measured:
            links = _links_in(origin + address, response.text())
        else:
            measured.add(kind)
            for width in WIDTHS:
                problems += [(address, width, problem) for problem in _measure(page, width, kind)]
            links = page.evaluate(LINKS)
        for link in links:
            walkable = _walkable(link, origin)
            if walkable is None:
                continue
            path, kind = walkable
            if path in seen or per_kind.get(kind, 0) >= SAMPLES_OF_EACH_KIND:
                continue
            seen.add(path)
            per_kind[kind] = per_kind.get(kind, 0) + 1
            queue.append(path)
    return seen, list(dict.fromkeys(problems))  # a page's repeated tables, once


# Kinds of page measured so far in this session, by any role.
MEASURED = set()


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_fits_a_phone_and_a_desktop(new_page, server, role):
    started = time.monotonic()
    page = new_page()
    sign_in(page, demo_email(role))
    seen, problems = walk(page, server["url"], MEASURED)
    print(f"{role}: {len(seen)} pages at {WIDTHS} px in {time.monotonic() - started:.0f} s")
    assert len(seen) > 10, f"the walk should reach the network's pages, reached {sorted(seen)}"
    assert problems == [], f"{role}: {len(problems)} problems on {len(seen)} pages:\n" + "\n".join(
        f"{address} at {width} px: {problem}" for address, width, problem in problems
    )


def test_staff_see_my_work_first_on_a_phone(new_page):
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, demo_email("pharmacist"))
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="My work").first).to_be_visible()
    assert menu.get_by_role("link").first.inner_text() == "My work"
    menu.get_by_role("link", name="My work").first.click()
    expect(page.get_by_role("heading", name="My work", exact=True)).to_be_visible()
    check_accessibility(page, "my-work-375")


@pytest.mark.parametrize(
    "address",
    ["/overview/", "/allocation/", "/allocation/ledger/", "/money/ledger/"],
)
def test_wide_tables_scroll_with_a_cue_by_keyboard_on_a_phone(new_page, address):
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, demo_email("pcn-manager"))
    page.goto(address)
    # The first table on the page too wide for a phone (narrower ones fit and show no cue).
    wide = page.locator(".app-table-scroll-wrap--overflows").first
    expect(wide.get_by_text("Scroll sideways to see all columns")).to_be_visible()
    wide.locator(".app-table-scroll").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('.app-table-scroll-wrap--overflows .app-table-scroll')"
        ".scrollLeft > 0",
        timeout=5000,
    )
    check_accessibility(page, f"scroll-375{address.replace('/', '-').rstrip('-')}")
