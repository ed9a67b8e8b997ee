"""Every link a person is shown leads to a page they may open: for each demo role, walk from the
overview and the menu, breadth-first, through every internal link on every page that opens, and
expect none of them to be refused."""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from tests.conftest import signed_in
from tests.test_permissions import ROLES

# Pages of one kind differ only by their object: a few of each kind show their links.
SAMPLES_OF_EACH_KIND = 2
# Not pages to walk: leaving, and files or feeds rather than pages.
NOT_WALKED = {"core:sign_out", "home:index"}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_on(page_url, html):
    parser = Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url = urlsplit(urljoin(page_url, href))
        if url.scheme not in ("", "http") or url.netloc not in ("", "testserver"):
            continue  # another site
        if url.path.startswith(("/static/", "/api/")):
            continue
        found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


def kind_of(path):
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def walk(client, start):
    """{url: status} of every page reached from `start`, with the page each was linked from."""
    seen, per_kind, refused = set(start), {}, []
    queue = deque((url, "the start") for url in start)
    while queue:
        url, linked_from = queue.popleft()
        response = client.get(url)
        if response.status_code == 403:
            refused.append(f"{url} (linked from {linked_from})")
            continue
        assert response.status_code in (200, 302), f"{url} from {linked_from}: {response}"
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in links_on(url, response.content.decode()):
            kind = kind_of(link)
            if link in seen or kind is None or kind in NOT_WALKED:
                continue
            if per_kind.get(kind, 0) >= SAMPLES_OF_EACH_KIND:
                continue
            seen.add(link)
            per_kind[kind] = per_kind.get(kind, 0) + 1
            queue.append((link, url))
    return seen, refused


@pytest.mark.parametrize("role", ROLES)
def test_no_link_a_role_is_shown_answers_forbidden(demo, role):
    client = signed_in(demo.user(role))
    seen, refused = walk(client, [reverse("home:overview")])  # the menu is on every page
    assert len(seen) > 10, "the walk should reach the network's pages"
    assert refused == [], f"{role} is shown links to pages they may not open:\n" + "\n".join(
        refused
    )


# (the page carrying the link, the link's target): the link shows exactly when its page opens.
GUARDED_LINKS = [
    ("money:overview", "money:statements"),
    ("coordination:hub", "coordination:concerns"),
    ("workforce:register", "workforce:overdue_supervision"),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("page", "target"), GUARDED_LINKS)
def test_a_link_is_shown_exactly_to_those_its_page_lets_in(demo, role, page, target):
    client = signed_in(demo.user(role))
    response = client.get(reverse(page))
    if response.status_code == 403:
        return  # the page carrying the link is itself refused: nothing shown
    shown = f'href="{reverse(target)}"' in response.content.decode()
    opens = client.get(reverse(target)).status_code != 403
    assert shown == opens, f"{role}: link shown {shown}, page opens {opens}"
