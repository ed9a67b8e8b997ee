"""Finding every page's POST forms as a user sees them: walk the URL patterns, open each page
with the demo network's objects in its arguments, and read the <form method="post"> fields out of
the HTML (their names, the values they hold and, for a select, its options)."""

from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from pcn.core.models import Role
from pcn.rota import actions as rota
from pcn.rota.models import HolidayWorked

# Forms a fuzzer must not post: they end the session it works in, by design.
SKIP_ACTIONS = {"/accounts/logout/", "/sign-out/", "/logout/"}


@dataclass
class Field:
    name: str
    kind: str  # input type, "select" or "textarea"
    value: str = ""
    options: list = field(default_factory=list)


@dataclass
class Form:
    page: str
    action: str
    multipart: bool
    fields: dict = field(default_factory=dict)

    @property
    def key(self):
        return (self.action, tuple(sorted(self.fields)))

    @property
    def files(self):
        return [f for f in self.fields.values() if f.kind == "file"]


class _FormReader(HTMLParser):
    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.page, self.forms, self.form, self.select, self.textarea = page, [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                action = urljoin(self.page, a.get("action") or self.page)
                self.form = Form(self.page, action, "multipart" in a.get("enctype", ""))
            return
        if self.form is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                known = self.form.fields.get(name)
                if known is None:
                    known = self.form.fields[name] = Field(name, kind)
                known.options.append(a.get("value", "on"))
                if "checked" in a:
                    known.value = a.get("value", "on")
                return
            self.form.fields[name] = Field(name, kind, a.get("value", ""))
        elif tag == "select":
            self.select = self.form.fields[name] = Field(name, "select")
        elif tag == "textarea":
            self.textarea = self.form.fields[name] = Field(name, "textarea")
        elif tag == "button" and a.get("value"):
            self.form.fields.setdefault(name, Field(name, "button", a["value"])).options.append(
                a["value"]
            )

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form" and self.form is not None:
            self.forms.append(self.form)
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data


class _Reader(_FormReader):
    def handle_starttag(self, tag, attrs):
        if tag == "option" and self.select is not None:
            a = {k: (v or "") for k, v in attrs}
            self.select.options.append(a.get("value", ""))
            if "selected" in a:
                self.select.value = a.get("value", "")
            return
        super().handle_starttag(tag, attrs)


def forms_on(page, html):
    reader = _Reader(page)
    reader.feed(html)
    return [f for f in reader.forms if urlsplit(f.action).path not in SKIP_ACTIONS]


def walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace and pattern.namespace.startswith("api"):
                continue  # the API is fuzzed from its schema (test_api.py)
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def own_objects(demo):
    """The demo network's own objects for every URL argument a page takes."""
    network = demo.network
    manager = demo.user("PCN manager")
    practice = network.practices.order_by("ods_code").first()
    person = network.staff.filter(end_date__isnull=True).order_by("pk").first()
    plan = rota.create_plan(network=network, start=date(2026, 11, 30), weeks=1, by=manager)
    assignment = plan.assignments.create(
        staff=person, day=date(2026, 11, 30), session="AM", practice=practice, service="network"
    )
    worked = HolidayWorked.objects.create(
        network=network, day=date(2026, 12, 25), service=network.services.first(), reason="Flu"
    )
    leave = person.leave.order_by("pk").first()
    invitation = network.invitations.order_by("pk").first()
    return {
        "pcn_code": network.pcn_code,
        "ods_code": practice.ods_code,
        "membership_id": network.memberships.exclude(user=manager).order_by("pk").first().pk,
        "invitation_id": getattr(invitation, "pk", 1),
        "target_type": "networks.practice",
        "target_id": practice.pk,
        "basis": "weighted",
        "pk": person.pk,
        "leave_id": getattr(leave, "pk", 1),
        "service_id": network.services.order_by("pk").first().pk,
        "scenario_id": network.scenarios.order_by("pk").first().pk,
        "plan_id": plan.pk,
        "assignment_id": assignment.pk,
        "worked_id": worked.pk,
        "claim_id": network.claims.order_by("pk").first().pk,
        "version_id": network.matrix_versions.order_by("pk").first().pk,
        "request_id": network.practice_requests.order_by("pk").first().pk,
        "meeting_id": network.meetings.order_by("pk").first().pk,
        "action_id": network.action_items.order_by("pk").first().pk,
        "concern_id": network.concerns.order_by("pk").first().pk,
        "role": Role.STAFF,
    }


def page_urls(objects):
    """Every page URL that can be opened with these objects (tokens and codes from elsewhere
    are left out: their pages are fuzzed through the forms that lead to them)."""
    urls = []
    for name, pattern in walk(get_resolver().url_patterns):
        arguments = list(pattern.pattern.converters)
        if any(arg not in objects for arg in arguments):
            continue
        try:
            urls.append(reverse(name, kwargs={arg: objects[arg] for arg in arguments}))
        except NoReverseMatch:
            continue
    return urls


def discover(client, objects):
    """[Form] on every page the client can open, each once (by where it posts and its fields),
    and the pages opened."""
    found, opened = {}, []
    for url in page_urls(objects):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        opened.append(url)
        for form in forms_on(url, response.content.decode()):
            found.setdefault(form.key, form)
    return list(found.values()), opened
